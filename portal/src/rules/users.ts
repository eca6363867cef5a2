// The users list's bulk actions: whom each reaches among the people
// selected, and why the others are left out (said in the confirmation and
// in the outcome). The API refuses the rest itself (the last manager, one's
// own account…): the outcome then gives its problem's title. No DOM here.
import type { Schemas } from '../api/client';

export type Bulk = 'resend' | 'disable' | 'delete';
export type Status = Schemas['MembershipStatus'];
/** Why a selected person is left out (the dictionary's `bulk.skip.<reason>`). */
export type SkipReason = 'active' | 'notActive' | 'disabled';

export interface Split<U> {
  reach: U[];
  skip: { user: U; reason: SkipReason }[];
}

/** Why `status` is left out of `kind`, or null when the action applies to it. */
export function skipReason(kind: Bulk, status: Status): SkipReason | null {
  switch (kind) {
    // An invitation goes to a record never invited (draft) or not yet activated (invited).
    case 'resend':
      return status === 'draft' || status === 'invited' ? null : 'active';
    case 'disable':
      if (status === 'active') return null;
      return status === 'disabled' ? 'disabled' : 'notActive';
    case 'delete':
      return null;
  }
}

/** The people `kind` reaches, in the order given, and the others with their reason. */
export function bulkTargets<U extends { status: Status }>(kind: Bulk, people: readonly U[]): Split<U> {
  const split: Split<U> = { reach: [], skip: [] };
  for (const user of people) {
    const reason = skipReason(kind, user.status);
    if (reason) split.skip.push({ user, reason });
    else split.reach.push(user);
  }
  return split;
}

type Company = Pick<Schemas['MembershipSummary'], 'org_id' | 'org_name' | 'status' | 'manager' | 'permissions'>;

/**
 * The companies (organisations) whose users the person may list, by name:
 * active there, and a manager or holding `manage_users` at an establishment
 * (as the API's `GET /me/users` counts them). Two or more: one list across
 * them with an "Entreprise" filter (seed 004).
 */
export function managedCompanies(memberships: readonly Company[]): { org_id: string; org_name: string }[] {
  return memberships
    .filter(
      (m) =>
        m.status === 'active' &&
        (m.manager || Object.values(m.permissions).some((list) => list.includes('manage_users'))),
    )
    .map((m) => ({ org_id: m.org_id, org_name: m.org_name }))
    .sort((a, b) => (a.org_name < b.org_name ? -1 : a.org_name > b.org_name ? 1 : 0));
}
