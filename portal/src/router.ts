// Routes: the emailed links open real paths (/activate, /reset,
// /register/confirm, /confirm-email, each with `#token=…`); every other screen lives in
// the hash (`#/org/<id>/users`), so no portal path can shadow an API route.

export interface Match {
  screen: string;
  params: Record<string, string>;
  token?: string;
}

const LINK_PAGES: Record<string, string> = {
  '/activate': 'activate',
  '/reset': 'reset-confirm',
  '/register/confirm': 'register-confirm',
  '/confirm-email': 'confirm-email',
};

const HASH_ROUTES: [string, string][] = [
  ['/signin', 'signin'],
  ['/register', 'register'],
  ['/reset', 'reset'],
  ['/access-request', 'access-request'],
  ['/space', 'space'],
  ['/org/:org/users', 'users'],
  ['/org/:org/users/new', 'user-new'],
  ['/org/:org/users/:user', 'user'],
  ['/org/:org/requests', 'requests'],
  ['/org/:org/establishments', 'establishments'],
  ['/org/:org/managers', 'managers'],
  ['/org/:org/organisation', 'organisation'],
  ['/org/:org/settings', 'settings'],
  ['/org/:org/security-key', 'security-key'],
  ['/org/:org/audit', 'audit'],
  ['/org/:org/replacements', 'replacements'],
  ['/org/:org/replacements/new', 'replacement-new'],
  ['/org/:org/replacements/:rep', 'replacement'],
  ['/org/:org/approvals', 'approvals'],
  ['/org/:org/dispatch', 'dispatch'],
  ['/org/:org/worker', 'worker'],
  ['/org/:org/space/leave', 'leave'],
  ['/org/:org/space/expenses', 'expenses'],
  ['/org/:org/space/hours', 'hours'],
  ['/org/:org/space/advances', 'advances'],
  ['/org/:org/space/profile', 'profile'],
  ['/org/:org/space/bank', 'bank'],
  ['/org/:org/space/documents', 'documents'],
  ['/org/:org/decisions', 'decisions'],
  ['/org/:org/hour-banks', 'hour-banks'],
  ['/org/:org/documents/share', 'share-document'],
  ['/org/:org/bank-details', 'bank-reveal'],
];

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
  const link = LINK_PAGES[pathname.replace(/\/+$/, '')];
  if (link) {
    const token = new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
    return { screen: link, params: {}, token };
  }
  const path = hash.replace(/^#/, '').split('?')[0] || '/';
  // Fixed segments win over parameters ("users/new" before "users/:user").
  for (const [pattern, screen] of HASH_ROUTES) {
    if (pattern.includes(':') && !pattern.endsWith('/new')) continue;
    const params = matchPattern(pattern, path);
    if (params) return { screen, params };
  }
  for (const [pattern, screen] of HASH_ROUTES) {
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

export function go(path: string): void {
  if (location.pathname !== '/') {
    location.assign(`/#${path}`);
  } else {
    location.hash = `#${path}`;
  }
}
