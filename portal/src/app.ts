// The portal's state: the session token, the caller's `/me`, the
// organisation in view, and the API client.
// The access token lives in localStorage with its expiry (rules/session.ts),
// so a link opened in a new tab stays signed in; the refresh token is in an
// HttpOnly, Secure, SameSite=Strict cookie scoped to /sessions that no
// script can read. Shortly before the access token expires (15 minutes) the
// portal asks POST /sessions/refresh for a new one, silently, in whichever
// tab comes first: the others read it from localStorage. A reload, or a
// tab opened after the token lapsed, refreshes before drawing. The session
// ends at sign-out (this browser's refresh token revoked), at "sign out
// everywhere" (every refresh token of the person), when the refresh is
// refused (revoked, expired: 30 days, or the person disabled), and in every
// tab at once: they follow localStorage.
import { type Api, type Schemas, call, makeApi } from './api/client';
import { locale, showTimesIn, t } from './i18n';
import { hashOf } from './rules/routes';
import { parseSession, refreshIn, sessionOf, subjectOf, validToken } from './rules/session';

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

/** The stored token while it is valid (an expired one is kept: a refresh may renew it). */
function token(): string | null {
  return validToken(storage()?.getItem(TOKEN) ?? null, Date.now());
}

/** The token to send: the stored one, renewed first when it is about to lapse. */
async function freshToken(): Promise<string | null> {
  const valid = token();
  if (valid) return valid;
  if (!parseSession(storage()?.getItem(TOKEN) ?? null)) return null;
  return (await refresh()) ? token() : null;
}

export const state: AppState = {
  api: makeApi({
    token: freshToken,
    locale: () => locale(),
    onUnauthorized: () => void refresh().then((ok) => (ok ? undefined : endSession())),
  }),
  me: null,
  orgId: null,
};

export function signedIn(): boolean {
  return Boolean(token());
}

/** Signed in, renewing a lapsed token through the refresh cookie first. */
export async function ensureSession(): Promise<boolean> {
  return Boolean(await freshToken());
}

export function setToken(value: string): void {
  storage()?.setItem(TOKEN, JSON.stringify(sessionOf(value, Date.now())));
  schedule();
}

let timer: ReturnType<typeof setTimeout> | undefined;
/** Renews the session shortly before the stored token lapses. */
function schedule(): void {
  if (typeof window === 'undefined') return;
  clearTimeout(timer);
  const wait = refreshIn(storage()?.getItem(TOKEN) ?? null, Date.now());
  if (wait === null) return;
  timer = setTimeout(() => {
    // Another tab may have renewed it meanwhile.
    if (token()) schedule();
    else void refresh();
  }, wait);
}

let refreshing: Promise<boolean> | null = null;
/**
 * A new access token for the refresh cookie (one request at a time). A
 * refusal ends the session; a network failure keeps it (tried again at the
 * next request).
 */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const { data, response } = await state.api.POST('/sessions/refresh');
      if (data) {
        setToken(data.access_token);
        return true;
      }
      if (response.status === 401) endSession();
      return false;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

// Signed out in another tab (or signed in as someone else): this tab
// follows; the same person's renewed token is simply used.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key !== TOKEN) return;
    if (!e.newValue) {
      endSession();
      return;
    }
    const before = e.oldValue ? parseSession(e.oldValue) : null;
    const after = parseSession(e.newValue);
    if (before && after && subjectOf(before.token) === subjectOf(after.token)) {
      schedule();
      return;
    }
    state.me = null;
    location.reload();
  });
  schedule();
}

/** Ends the session in this browser (every tab follows), without asking the API. */
export function endSession(): void {
  clearTimeout(timer);
  storage()?.removeItem(TOKEN);
  state.me = null;
  state.orgId = null;
  if (typeof location !== 'undefined' && !location.hash.startsWith(hashOf('signin'))) location.hash = hashOf('signin');
}

/** Signs this browser out: its refresh token revoked, its cookie removed. */
export function signOut(): void {
  void state.api.DELETE('/sessions').catch(() => undefined);
  endSession();
}

/** Ends every session of the person (every browser and device), then this one. */
export async function signOutEverywhere(): Promise<void> {
  await call(state.api.DELETE('/sessions/all'), net);
  endSession();
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
