// The portal's state: the session token, the caller's `/me`, the
// organisation in view, and the API client.
// The token lives in localStorage with its expiry (rules/session.ts), so a
// link opened in a new tab stays signed in. The trade-off: a script injected
// into the page could read sessionStorage just as well (the CSP and the
// escaping of every text are the defence either way), but localStorage
// outlives the tab, so on a shared computer closing the tab no longer ends
// the session: it ends at the access token's expiry (Cognito's, an hour), at
// sign-out — which clears it in every tab — or on the API's first 401.
import { type Api, type Schemas, call, makeApi } from './api/client';
import { locale, showTimesIn, t } from './i18n';
import { hashOf } from './rules/routes';
import { sessionOf, validToken } from './rules/session';

const TOKEN = 'sesame.session';
/** The tab-only key of earlier versions, removed when met. */
const OLD_TOKEN = 'sesame.token';

export interface AppState {
  api: Api;
  me: Schemas['MeView'] | null;
  orgId: string | null;
}

function storage(): Storage | null {
  try {
    if (typeof sessionStorage !== 'undefined') sessionStorage.removeItem(OLD_TOKEN);
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The stored token while it is valid (an expired one is dropped). */
function token(): string | null {
  const raw = storage()?.getItem(TOKEN) ?? null;
  const valid = validToken(raw, Date.now());
  if (raw && !valid) storage()?.removeItem(TOKEN);
  return valid;
}

export const state: AppState = {
  api: makeApi({
    token,
    locale: () => locale(),
    onUnauthorized: () => signOut(),
  }),
  me: null,
  orgId: null,
};

export function signedIn(): boolean {
  return Boolean(token());
}

export function setToken(value: string): void {
  storage()?.setItem(TOKEN, JSON.stringify(sessionOf(value, Date.now())));
}

// Signed out in another tab (or signed in as someone else): this tab follows.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key !== TOKEN) return;
    state.me = null;
    if (!e.newValue) signOut();
    else location.reload();
  });
}

export function signOut(): void {
  storage()?.removeItem(TOKEN);
  state.me = null;
  state.orgId = null;
  if (typeof location !== 'undefined' && !location.hash.startsWith(hashOf('signin'))) location.hash = hashOf('signin');
}

export const net = () => t('common.network');

export async function loadMe(): Promise<Schemas['MeView']> {
  const me = await call(state.api.GET('/me'), net);
  state.me = me;
  if (!state.orgId || !me.memberships.some((m) => m.org_id === state.orgId)) {
    state.orgId = me.memberships.find((m) => m.status === 'active')?.org_id ?? null;
  }
  return me;
}

export function membership(orgId = state.orgId): Schemas['MembershipSummary'] | null {
  return state.me?.memberships.find((m) => m.org_id === orgId) ?? null;
}

/** The time zone of the organisation in view (every time is shown in it). */
export function zone(): string | undefined {
  return membership()?.time_zone;
}
showTimesIn(zone);

export type Permission = Schemas['Permission'];

/** Whether the caller holds `permission` at any establishment (managers hold all). */
export function can(permission: Permission | 'manager', orgId = state.orgId): boolean {
  const m = membership(orgId);
  if (!m || m.status !== 'active') return false;
  if (m.manager) return true;
  if (permission === 'manager') return false;
  return Object.values(m.permissions).some((list) => list.includes(permission));
}

/** Establishments where the caller holds `permission` (every one, for a manager: pass the list). */
export function establishmentsWith(permission: Permission, orgId = state.orgId): string[] {
  const m = membership(orgId);
  if (!m) return [];
  return Object.entries(m.permissions)
    .filter(([, list]) => list.includes(permission))
    .map(([id]) => id);
}

/** The organisation in view (screens under /org/… need one). */
export function org(): string {
  if (!state.orgId) throw new Error(t('space.noRoles'));
  return state.orgId;
}

let catalogue: Promise<Schemas['Matrix']> | null = null;
/** The permission catalogue and role presets (public, fetched once). */
export function matrix(): Promise<Schemas['Matrix']> {
  catalogue ??= call(state.api.GET('/permissions'), net).catch((e) => {
    catalogue = null;
    throw e;
  });
  return catalogue;
}

export async function establishments(orgId: string): Promise<Schemas['Establishment'][]> {
  const r = await call(state.api.GET('/orgs/{org_id}/establishments', { params: { path: { org_id: orgId } } }), net);
  return r.items;
}
