// Routes: the emailed links open real paths (/activate, /reset,
// /register/confirm, /confirm-email, /verify-email, each with `#token=…`); every other screen lives in
// the hash (`#/org/<id>/users`), so no portal path can shadow an API route.
// Every screen has an id (`ScreenId`): the router, the screens' registry and
// the links are typed with it, so a mistyped screen or parameter does not
// compile. No DOM here (Vitest covers it).

/** The emailed links' paths and their screens. */
const LINK_PAGES = {
  '/activate': 'activate',
  '/verify-email': 'verify-email',
  '/reset': 'reset-confirm',
  '/register/confirm': 'register-confirm',
  '/confirm-email': 'confirm-email',
} as const;

/** The hash screens and their patterns, in matching order (`:name` is a parameter). */
export const HASH_ROUTES = {
  signin: '/signin',
  register: '/register',
  reset: '/reset',
  'access-request': '/access-request',
  space: '/space',
  operator: '/operator',
  users: '/org/:org/users',
  'user-new': '/org/:org/users/new',
  user: '/org/:org/users/:user',
  requests: '/org/:org/requests',
  establishments: '/org/:org/establishments',
  managers: '/org/:org/managers',
  permissions: '/org/:org/permissions',
  organisation: '/org/:org/organisation',
  settings: '/org/:org/settings',
  'security-key': '/org/:org/security-key',
  audit: '/org/:org/audit',
  replacements: '/org/:org/replacements',
  'replacement-new': '/org/:org/replacements/new',
  replacement: '/org/:org/replacements/:rep',
  approvals: '/org/:org/approvals',
  dispatch: '/org/:org/dispatch',
  'worker-profiles': '/org/:org/worker-profiles',
  availability: '/org/:org/availability',
  offers: '/org/:org/offers',
  reports: '/org/:org/reports',
  worker: '/org/:org/worker',
  leave: '/org/:org/space/leave',
  expenses: '/org/:org/space/expenses',
  hours: '/org/:org/space/hours',
  advances: '/org/:org/space/advances',
  profile: '/org/:org/space/profile',
  bank: '/org/:org/space/bank',
  documents: '/org/:org/space/documents',
  decisions: '/org/:org/decisions',
  'hour-banks': '/org/:org/hour-banks',
  'share-document': '/org/:org/documents/share',
  'bank-reveal': '/org/:org/bank-details',
  home: '/',
} as const;

export type LinkScreen = (typeof LINK_PAGES)[keyof typeof LINK_PAGES];
export type HashScreen = keyof typeof HASH_ROUTES;
/** Every screen of the portal. */
export type ScreenId = LinkScreen | HashScreen;

export interface Match {
  screen: ScreenId;
  params: Record<string, string>;
  token?: string;
}

/** The parameter names of a pattern: `/org/:org/users/:user` → `org` | `user`. */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<Rest>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;
export type ParamsOf<S extends HashScreen> = { [K in ParamNames<(typeof HASH_ROUTES)[S]>]: string };
type Query = Record<string, string> | URLSearchParams;
/** A screen without parameters may leave them out. */
export type LinkArgs<S extends HashScreen> = [ParamNames<(typeof HASH_ROUTES)[S]>] extends [never]
  ? [params?: ParamsOf<S>, query?: Query]
  : [params: ParamsOf<S>, query?: Query];

const LINKS: Record<string, LinkScreen | undefined> = LINK_PAGES;
const ROUTES = Object.entries(HASH_ROUTES) as [HashScreen, string][];

function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return null;
  }
  return params;
}

export function route(pathname: string, hash: string): Match {
  const link = LINKS[pathname.replace(/\/+$/, '')];
  if (link) {
    const token = new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
    return { screen: link, params: {}, token };
  }
  const path = hash.replace(/^#/, '').split('?')[0] || '/';
  // Fixed segments win over parameters ("users/new" before "users/:user").
  for (const [screen, pattern] of ROUTES) {
    if (pattern.includes(':') && !pattern.endsWith('/new')) continue;
    const params = matchPattern(pattern, path);
    if (params) return { screen, params };
  }
  for (const [screen, pattern] of ROUTES) {
    const params = matchPattern(pattern, path);
    if (params) return { screen, params };
  }
  return { screen: 'home', params: {} };
}

/** Query parameters of the hash (`#/org/x/users?status=active`). */
export function hashQuery(hash: string): URLSearchParams {
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}

/** The path of a hash screen (`/org/o1/users/u9?tab=access`), its parameters filled in. */
export function pathOf<S extends HashScreen>(screen: S, ...[params, query]: LinkArgs<S>): string {
  const values: Record<string, string> = params ?? {};
  const path = HASH_ROUTES[screen].replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name]));
  const q = query ? new URLSearchParams(query).toString() : '';
  return q ? `${path}?${q}` : path;
}

/** The link to a hash screen (`#/org/o1/users/u9`). */
export function hashOf<S extends HashScreen>(screen: S, ...args: LinkArgs<S>): string {
  return `#${pathOf(screen, ...args)}`;
}
