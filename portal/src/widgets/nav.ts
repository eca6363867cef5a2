// The header and the navigation: the brand, the language, and the menu of
// the groups the person's permissions imply (rules/nav.ts). Wide screens show
// the menu as a sidebar; phones and tablets (≤ 60rem) fold it behind a "Menu"
// button (aria-expanded; Escape, a link or the button close it). The account
// (organisation, sign-out) lives in the menu, so the phone's bar is one line.
import { membership, signOut, signOutEverywhere, state } from '../app';
import { clear, h, notice } from '../dom';
import { type Key, locale, setLocale, t } from '../i18n';
import { type GroupId, menuAfterKey, navigation, type NavContext } from '../rules/nav';
import { type HashScreen, hashOf, route } from '../rules/routes';
import { confirmAction } from './confirm';

const LABELS: Partial<Record<HashScreen, Key>> = {
  home: 'nav.home',
  users: 'nav.users',
  requests: 'nav.requests',
  managers: 'nav.managers',
  establishments: 'nav.establishments',
  permissions: 'nav.permissions',
  replacements: 'nav.replacements',
  approvals: 'nav.approvals',
  dispatch: 'nav.dispatch',
  reports: 'nav.reports',
  worker: 'nav.worker',
  'worker-profiles': 'nav.workerProfiles',
  availability: 'nav.availability',
  offers: 'nav.offers',
  decisions: 'nav.decisions',
  'hour-banks': 'nav.hourBanks',
  'share-document': 'nav.shareDocument',
  'bank-reveal': 'nav.bankReveal',
  organisation: 'nav.organisation',
  settings: 'nav.settings',
  'security-key': 'nav.securityKey',
  audit: 'nav.audit',
  space: 'nav.space',
  operator: 'nav.operator',
  leave: 'feature.absences',
  expenses: 'feature.expense_notes',
  hours: 'feature.working_hours',
  advances: 'feature.advances',
  profile: 'feature.personal_info',
  bank: 'feature.bank_details',
  documents: 'feature.documents',
};

/** The link's text of a screen in the menu. */
export function navLabel(screen: HashScreen): string {
  const key = LABELS[screen];
  return key ? t(key) : screen;
}

/** The screens under one another's entry (a user's record is under "Utilisateurs"). */
const UNDER: Partial<Record<string, HashScreen>> = {
  user: 'users',
  'user-new': 'users',
  replacement: 'replacements',
  'replacement-new': 'replacements',
};

let open = false;
let onKey: ((e: KeyboardEvent) => void) | null = null;

/** What the navigation knows of the person beyond `/me` (her assignments), per organisation. */
const context = new Map<string, NavContext>();
export function setNavContext(orgId: string, ctx: NavContext): void {
  context.set(orgId, ctx);
}

function link(screen: HashScreen, current: string): HTMLElement {
  const org = state.orgId ?? '';
  const href = (hashOf as (s: HashScreen, p: Record<string, string>) => string)(screen, { org });
  return h(
    'li',
    {},
    h('a', { href, 'data-screen': screen, 'aria-current': current === screen ? 'page' : null }, navLabel(screen)),
  );
}

function account(rerender: () => void): HTMLElement {
  const box = h('div', { class: 'nav-account' });
  const me = state.me;
  if (!me) return box;
  const m = membership();
  if (me.memberships.length > 1) {
    const select = h(
      'select',
      { 'aria-label': t('nav.org'), id: 'org-switch' },
      me.memberships.map((x) => h('option', { value: x.org_id, selected: x.org_id === state.orgId }, x.org_name)),
    );
    select.addEventListener('change', () => {
      state.orgId = select.value;
      location.hash = hashOf('home');
      rerender();
    });
    box.append(select);
  } else if (m) {
    box.append(h('p', { class: 'org' }, m.org_name));
  }
  box.append(h('p', { class: 'who' }, me.email));
  const out = h('button', { type: 'button', class: 'signout' }, t('nav.signout'));
  out.addEventListener('click', () => signOut());
  const everywhere = h(
    'button',
    { type: 'button', class: 'signout link', id: 'signout-everywhere' },
    t('nav.signoutEverywhere'),
  );
  everywhere.addEventListener('click', () => void endEverywhere());
  async function endEverywhere(): Promise<void> {
    const yes = await confirmAction({
      title: t('nav.signoutEverywhere.title'),
      body: [t('nav.signoutEverywhere.body', { email: me?.email ?? '' })],
      action: t('nav.signoutEverywhere'),
    });
    if (!yes) return;
    try {
      await signOutEverywhere();
      sessionStorage.setItem('sesame.notice', t('nav.signoutEverywhere.done'));
    } catch (e) {
      box.querySelector('.notice')?.remove();
      box.append(notice(e instanceof Error ? e.message : String(e), 'error'));
    }
  }
  box.append(out, everywhere);
  return box;
}

/** Draws the header (and, when signed in, the menu before `main`). */
export function renderHeader(header: HTMLElement, main: HTMLElement, rerender: () => void): void {
  clear(header);
  document.getElementById('site-nav')?.remove();
  if (onKey) document.removeEventListener('keydown', onKey);
  onKey = null;
  open = false;
  document.body.classList.toggle('has-nav', Boolean(state.me));
  document.querySelector('.skip')!.textContent = t('app.skip');
  const langButton = h(
    'button',
    { type: 'button', class: 'link lang', lang: locale() === 'fr' ? 'en' : 'fr', 'aria-label': t('lang.switch.label') },
    t('lang.switch'),
  );
  langButton.addEventListener('click', () => {
    setLocale(locale() === 'fr' ? 'en' : 'fr', storage());
    rerender();
  });
  const bar = h('div', { class: 'bar' }, h('a', { class: 'brand', href: hashOf('home') }, t('app.name')), langButton);
  header.append(bar);
  if (!state.me) return;

  const match = route(location.pathname, location.hash);
  const current = UNDER[match.screen] ?? match.screen;
  const groups = navigation(membership(), { ...context.get(state.orgId ?? ''), operator: state.me.operator });
  const nav = h(
    'nav',
    { 'aria-label': t('nav.menu'), id: 'site-nav', class: 'site-nav' },
    h('ul', { class: 'nav-top' }, link('home', current)),
    groups.map((g) => group(g.id, g.screens, current)),
    account(rerender),
  );
  const button = h(
    'button',
    { type: 'button', class: 'menu-button', 'aria-expanded': 'false', 'aria-controls': 'site-nav' },
    h('span', { class: 'burger', 'aria-hidden': 'true' }),
    t('nav.open'),
  );
  const set = (value: boolean) => {
    open = value;
    button.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('open', open);
  };
  button.addEventListener('click', () => set(!open));
  onKey = (e: KeyboardEvent) => {
    if (!open) return;
    const next = menuAfterKey(open, e.key);
    if (next === open) return;
    set(next);
    button.focus();
  };
  document.addEventListener('keydown', onKey);
  // A link followed closes the menu (the next screen draws it closed anyway).
  nav.addEventListener('click', (e) => {
    if ((e.target as Element).closest('a')) set(false);
  });
  bar.append(button);
  main.before(nav);
}

function group(id: GroupId, screens: HashScreen[], current: string): HTMLElement {
  const labelId = `nav-group-${id}`;
  return h(
    'div',
    { class: 'nav-group', 'data-group': id },
    h('p', { class: 'nav-label', id: labelId }, t(`nav.group.${id}`)),
    h(
      'ul',
      { 'aria-labelledby': labelId },
      screens.map((s) => link(s, current)),
    ),
  );
}

function storage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}
