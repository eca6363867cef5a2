// "Quelles habilitations pour quoi ?": the permission guide. One row per
// permission of the API's catalogue (GET /permissions, so a new permission
// shows up by itself): its name, what it lets a person do, the screens it
// opens (worked out from the navigation's rules: rules/permissions.ts), the
// presets that include it (those only a manager grants are marked). A table at 1280 px, cards
// on a phone (widgets/table.ts).
import { matrix, state } from '../app';
import { h } from '../dom';
import { dictionaries, type Key, locale, t, tk } from '../i18n';
import { descriptionKey, presetsWith, screensOf } from '../rules/permissions';
import type { HashScreen, ScreenId } from '../rules/routes';
import { hashOf } from '../rules/routes';
import type { Screen } from '../router';
import { page, table } from '../widgets/layout';
import { navLabel } from '../widgets/nav';

/** A text of the dictionary when it has one (a permission newer than the portal has none yet). */
function known(key: string): string | null {
  return key in dictionaries.fr ? t(key as Key) : null;
}

const names = (screens: HashScreen[]) => screens.map(navLabel).join(', ');

async function permissions(): Promise<HTMLElement> {
  const cat = await matrix();
  const label = (p: string) => known(`perm.${p}`) ?? p;
  const headers = [t('perms.col.permission'), t('perms.col.does'), t('perms.col.screens'), t('perms.col.presets')];
  const managersOnly = new Set<string>(cat.grant_rule.managers_only);
  const rows = cat.permissions.map((p) => {
    const opens = screensOf(p, cat.permissions);
    const presets = presetsWith(p, cat.presets);
    return [
      h(
        'span',
        { class: 'perm-name' },
        h('strong', {}, label(p)),
        managersOnly.has(p) ? h('span', { class: 'managers-only' }, t('perms.managersOnly')) : null,
      ),
      h('span', {}, known(descriptionKey(p)) ?? t('perms.noDoc')),
      opens.alone.length || opens.with.length
        ? h(
            'ul',
            { class: 'plain' },
            opens.alone.length ? h('li', {}, names(opens.alone)) : null,
            opens.with.map((w) =>
              h('li', {}, t('perms.with', { perm: label(w.permission), screens: names(w.screens) })),
            ),
          )
        : h('span', { class: 'muted' }, t('perms.noScreen')),
      presets.length
        ? h(
            'ul',
            { class: 'plain' },
            presets.map((pr) => h('li', {}, tk('preset', pr.id))),
          )
        : h('span', { class: 'muted' }, t('perms.noPreset')),
    ];
  });
  const guide = table(headers, rows);
  guide.classList.add('perm-guide');
  guide.querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('data-permission', cat.permissions[i]));
  const orgId = state.orgId;
  return page(
    t('perms.title'),
    h('p', {}, t('perms.intro')),
    h('p', { class: 'hint' }, t('perms.features')),
    guide,
    h('h2', {}, t('perms.presets')),
    h(
      'dl',
      { class: 'facts preset-list' },
      cat.presets.map((pr) => [h('dt', {}, tk('preset', pr.id)), h('dd', {}, pr.permissions.map(label).join(', '))]),
    ),
    h('h2', {}, t('perms.rule')),
    // The API's rule, in the guide's words: the permissions only a manager grants named from the catalogue.
    h(
      'p',
      { id: 'grant-rule' },
      t('perms.rule.body', {
        manage: label('manage_users'),
        only: cat.grant_rule.managers_only
          .map((p) => (locale() === 'fr' ? `«\u00a0${label(p)}\u00a0»` : `"${label(p)}"`))
          .join(locale() === 'fr' ? ' et ' : ' and '),
      }),
    ),
    orgId ? h('p', {}, h('a', { href: hashOf('users', { org: orgId }) }, t('perms.back'))) : null,
  );
}

export const permissionScreens = { permissions } satisfies Partial<Record<ScreenId, Screen>>;
