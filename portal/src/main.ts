// The portal's entry: the header, and each hash change drawn by its screen.
// The layers of src/, each importing only those below it (eslint checks the
// layering, scripts/cycles.mjs that no import cycle exists):
//   main.ts          this file, the only importer of screens/index.ts
//   screens/         one module per area; index.ts maps every ScreenId to its screen
//   widgets/         what screens share: forms, files, layout, requests, space menu,
//                    the header and its menu (nav.ts), tables as cards on phones (table.ts)
//   router.ts        go(), rerender(), the Screen type
//   app.ts, dom.ts   the session's state and API calls; the element builder
//   i18n.ts          French and English texts
//   rules/           pure rules (routes and screen ids, hours, schedule, the
//                    employee space, problems, form values), tested by Vitest
//   api/             the typed client (schema.d.ts is generated)
import './styles.css';
import { endSession, ensureSession, loadMe, state } from './app';
import { clear, notice } from './dom';
import { initialLocale, setLocale, t } from './i18n';
import { hashOf, route, type ScreenId } from './rules/routes';
import { screens } from './screens';
import { loading } from './widgets/loading';
import { renderHeader } from './widgets/nav';
import { watchTables } from './widgets/table';

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
  'verify-email',
  'reset-confirm',
  'register-confirm',
  'confirm-email',
]);

let rendering = 0;
export async function render(): Promise<void> {
  const n = ++rendering;
  const match = route(location.pathname, location.hash);
  if (!PUBLIC.has(match.screen)) {
    if (!(await ensureSession())) {
      if (n === rendering) location.hash = hashOf('signin');
      return;
    }
    if (!state.me) {
      try {
        await loadMe();
      } catch {
        endSession();
        return;
      }
    }
    if (match.params.org && state.me?.memberships.some((m) => m.org_id === match.params.org)) {
      state.orgId = match.params.org;
    }
  }
  if (n !== rendering) return;
  renderHeader(header, main, () => void render());
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

watchTables(main);
// The skip link focuses the content without touching the hash (which holds the screen).
document.querySelector('.skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => void render());
void render();
