// The navigation: the screens a membership's permissions imply, grouped by
// task (Personnes / Remplacements / Équipe / Organisation / Mon espace), and
// the phone menu's keyboard rule. A group shows only when one of its screens
// does; a screen shows only when the operations it loads allow the person
// (the API's matrix: e.g. the dispatch screen lists the requests and the
// workers, which `dispatch` alone allows). No DOM here (Vitest covers it).
import { type Permission, type SpaceMembership, spaceMenu } from './employee';
import type { HashScreen } from './routes';

export type GroupId = 'people' | 'replacements' | 'team' | 'organisation' | 'operator' | 'space';

export interface NavGroup {
  id: GroupId;
  screens: HashScreen[];
}

/** What the navigation knows besides `/me`: whether the person has assignments (a replacement worker's). */
export interface NavContext {
  assignments?: boolean;
  /** A platform operator (`/me`'s `operator`): the recovery of organisations left with no manager. */
  operator?: boolean;
}

/** The employee-space permissions a replacement worker's preset lacks: holding one makes an employee. */
const EMPLOYEE_ONLY: readonly Permission[] = ['leave', 'expenses', 'advances', 'edit_own_bank_details'];
/** The features whose requests a holder of `manage_users` decides. */
const DECIDED_REQUESTS = ['absences', 'expense_notes', 'advances'] as const;

/**
 * The groups of links for a membership (null: signed in without an active
 * organisation), in the menu's order, each with its screens in order.
 */
export function navigation(m: SpaceMembership | null, ctx: NavContext = {}): NavGroup[] {
  const active = Boolean(m && m.status === 'active');
  const held = new Set(active && m ? Object.values(m.permissions).flatMap((l) => l ?? []) : []);
  const manager = active && Boolean(m?.manager);
  const can = (p: Permission) => manager || held.has(p);
  const on = (f: SpaceMembership['features'][number]) => Boolean(m?.features.includes(f));
  const groups: NavGroup[] = [];
  const add = (id: GroupId, screens: (HashScreen | false)[] | false) => {
    const shown = (screens || []).filter((s): s is HashScreen => s !== false);
    if (shown.length) groups.push({ id, screens: shown });
  };
  if (active) {
    // The permissions' guide beside the people: those who give roles read it.
    add('people', can('manage_users') && ['users', 'requests', 'managers', 'establishments', 'permissions']);
    const client = can('request_replacements');
    // A replacement worker: her timesheets, not an employee's weeks. An
    // employee also holds own_timesheet (for her hours): she sees "Mes
    // remplacements" only once a service assigned her.
    const worker =
      can('own_timesheet') && (ctx.assignments === true || (!manager && !EMPLOYEE_ONLY.some((p) => held.has(p))));
    add('replacements', [
      client && 'replacements',
      client && can('approve_hours') && 'approvals',
      can('dispatch') && 'dispatch',
      can('dispatch') && 'worker-profiles',
      worker && 'worker',
      worker && 'offers',
      worker && 'availability',
      can('reports') && 'reports',
    ]);
    // A client approves replacement hours (approvals), not employees' weeks.
    const decidesRequests = can('manage_users') && DECIDED_REQUESTS.some(on);
    const decidesWeeks = on('working_hours') && can('approve_hours') && (manager || !client);
    add('team', [
      (decidesRequests || decidesWeeks) && 'decisions',
      manager && on('working_hours') && 'hour-banks',
      manager && on('documents') && 'share-document',
      can('sensitive_data') && can('manage_users') && on('bank_details') && 'bank-reveal',
    ]);
    add('organisation', manager && ['organisation', 'settings', 'security-key', 'audit']);
  }
  add('operator', ctx.operator === true && ['operator']);
  add('space', ['space', ...spaceMenu(m).map((e) => e.screen)]);
  return groups;
}

/** Every screen of the navigation, home first. */
export function navScreens(groups: NavGroup[]): HashScreen[] {
  return ['home', ...groups.flatMap((g) => g.screens)];
}

/** The group holding a screen (for the menu's current group), if any. */
export function groupOf(groups: NavGroup[], screen: string): GroupId | null {
  return groups.find((g) => (g.screens as string[]).includes(screen))?.id ?? null;
}

/** The phone menu's next state after a key: Escape closes it, other keys leave it. */
export function menuAfterKey(open: boolean, key: string): boolean {
  return open && key !== 'Escape';
}
