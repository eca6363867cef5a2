// The portal's entry: the header, and each hash change drawn by its screen.
// The layers of src/, each importing only those below it (eslint checks the
// layering, scripts/cycles.mjs that no import cycle exists):
//   main.ts          this file, the only importer of screens/index.ts
//   screens/         one module per area; index.ts maps every ScreenId to its screen
//   widgets/         what screens share: forms, files, layout, requests, space menu
//   router.ts        go(), rerender(), the Screen type
//   app.ts, dom.ts   the session's state and API calls; the element builder
//   i18n.ts          French and English texts
//   rules/           pure rules (routes and screen ids, hours, schedule, the
//                    employee space, problems, form values), tested by Vitest
//   api/             the typed client (schema.d.ts is generated)
import './styles.css';
import { can, loadMe, membership, signOut, signedIn, state } from './app';
import { clear, h, notice } from './dom';
import { type Key, initialLocale, locale, setLocale, t } from './i18n';
import { hashOf, route, type ScreenId } from './rules/routes';
import { screens } from './screens';
import { loading } from './widgets/loading';

const header = document.getElementById('top')!;
const main = document.getElementById('main')!;

function store(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

setLocale(initialLocale(store()));

/** The screens shown without signing in. */
const PUBLIC = new Set<ScreenId>([
  'signin',
  'register',
  'reset',
  'access-request',
  'activate',
  'reset-confirm',
  'register-confirm',
  'confirm-email',
]);

function navLinks(): [string, Key][] {
  const org = state.orgId;
  const links: [string, Key][] = [[hashOf('space'), 'nav.space']];
  if (!org) return links;
  const p = { org };
  if (can('manage_users'))
    links.push(
      [hashOf('users', p), 'nav.users'],
      [hashOf('requests', p), 'nav.requests'],
      [hashOf('establishments', p), 'nav.establishments'],
      [hashOf('managers', p), 'nav.managers'],
    );
  if (can('manager'))
    links.push(
      [hashOf('organisation', p), 'nav.organisation'],
      [hashOf('settings', p), 'nav.settings'],
      [hashOf('security-key', p), 'nav.securityKey'],
      [hashOf('audit', p), 'nav.audit'],
    );
  if (can('request_replacements')) links.push([hashOf('replacements', p), 'nav.replacements']);
  if (can('approve_hours') && can('request_replacements')) links.push([hashOf('approvals', p), 'nav.approvals']);
  if (can('dispatch') && can('request_replacements')) links.push([hashOf('dispatch', p), 'nav.dispatch']);
  if (can('own_timesheet')) links.push([hashOf('worker', p), 'nav.worker']);
  // The employee space's deciders: a manager, or a holder of the deciding
  // permission (manage_users for requests, approve_hours for weeks).
  const features = membership()?.features ?? [];
  const requests = features.some((f) => f === 'absences' || f === 'expense_notes' || f === 'advances');
  if ((requests && can('manage_users')) || (features.includes('working_hours') && can('approve_hours')))
    links.push([hashOf('decisions', p), 'nav.decisions']);
  if (can('manager') && features.includes('working_hours')) links.push([hashOf('hour-banks', p), 'nav.hourBanks']);
  if (can('manager') && features.includes('documents')) links.push([hashOf('share-document', p), 'nav.shareDocument']);
  if (can('sensitive_data') && can('manage_users') && features.includes('bank_details'))
    links.push([hashOf('bank-reveal', p), 'nav.bankReveal']);
  return links;
}

function renderHeader(): void {
  clear(header);
  document.querySelector('.skip')!.textContent = t('app.skip');
  const langButton = h(
    'button',
    { type: 'button', class: 'link lang', lang: locale() === 'fr' ? 'en' : 'fr', 'aria-label': t('lang.switch.label') },
    t('lang.switch'),
  );
  langButton.addEventListener('click', () => {
    setLocale(locale() === 'fr' ? 'en' : 'fr', store());
    void render();
  });
  const bar = h('div', { class: 'bar' }, h('a', { class: 'brand', href: hashOf('home') }, t('app.name')));
  if (state.me) {
    const m = membership();
    if (state.me.memberships.length > 1) {
      const select = h(
        'select',
        { 'aria-label': t('nav.org'), id: 'org-switch' },
        state.me.memberships.map((x) =>
          h('option', { value: x.org_id, selected: x.org_id === state.orgId }, x.org_name),
        ),
      );
      select.addEventListener('change', () => {
        state.orgId = select.value;
        location.hash = hashOf('home');
        void render();
      });
      bar.append(select);
    } else if (m) {
      bar.append(h('span', { class: 'org' }, m.org_name));
    }
  }
  bar.append(langButton);
  if (state.me) {
    const out = h('button', { type: 'button', class: 'link' }, t('nav.signout'));
    out.addEventListener('click', () => signOut());
    bar.append(out);
  }
  header.append(bar);
  if (state.me) {
    const current = location.hash.split('?')[0];
    header.append(
      h(
        'nav',
        { 'aria-label': t('nav.menu') },
        h(
          'ul',
          {},
          navLinks().map(([href, key]) =>
            h('li', {}, h('a', { href, 'aria-current': current === href ? 'page' : null }, t(key))),
          ),
        ),
      ),
    );
  }
}

let rendering = 0;
export async function render(): Promise<void> {
  const n = ++rendering;
  const match = route(location.pathname, location.hash);
  if (!PUBLIC.has(match.screen)) {
    if (!signedIn()) {
      location.hash = hashOf('signin');
      return;
    }
    if (!state.me) {
      try {
        await loadMe();
      } catch {
        signOut();
        return;
      }
    }
    if (match.params.org && state.me?.memberships.some((m) => m.org_id === match.params.org)) {
      state.orgId = match.params.org;
    }
  }
  if (n !== rendering) return;
  renderHeader();
  clear(main);
  main.append(loading());
  const screen = screens[match.screen];
  try {
    const view = await screen(match);
    if (n !== rendering) return;
    clear(main);
    main.append(view);
    const heading = main.querySelector('h1');
    document.title = heading ? `${heading.textContent} — ${t('app.name')}` : t('app.name');
    // After a navigation, keyboard and screen-reader users start at the new
    // screen's title (not on the first load, nor when a form keeps focus).
    if (heading && n > 1 && !main.contains(document.activeElement)) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  } catch (error) {
    if (n !== rendering) return;
    clear(main);
    main.append(notice(error instanceof Error ? error.message : t('common.network'), 'error'));
  }
}

window.addEventListener('hashchange', () => void render());
void render();
