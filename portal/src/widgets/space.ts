// The employee space's menu: the features switched on that the caller may use.
import { membership } from '../app';
import { h } from '../dom';
import { t, tk } from '../i18n';
import { spaceMenu, type SpaceScreen } from '../rules/employee';
import { hashOf } from '../rules/routes';

/** The feature links of "Mon espace" (only those switched on and allowed). */
export function spaceNav(current?: SpaceScreen): HTMLElement | null {
  const m = membership();
  const entries = spaceMenu(m);
  if (!m || entries.length === 0) return null;
  return h(
    'nav',
    { 'aria-label': t('space.menu'), class: 'space-menu', id: 'space-menu' },
    h(
      'ul',
      {},
      entries.map((e) =>
        h(
          'li',
          { 'data-feature': e.feature },
          h(
            'a',
            {
              href: hashOf(e.screen, { org: m.org_id }),
              'aria-current': current === e.screen ? 'page' : null,
            },
            tk('feature', e.feature),
          ),
        ),
      ),
    ),
  );
}
