// The employee space (what `GET /me` says: organisations, status, access per
// establishment; the features come with their API), the worker's view and
// the landing redirect.
import { can, loadMe, state } from '../app';
import { h, notice } from '../dom';
import { formatDateTime, t } from '../i18n';
import { go } from '../router';
import { page, tk } from './common';

async function space(): Promise<HTMLElement> {
  const me = state.me ?? (await loadMe());
  return page(t('space.title'),
    h('p', { id: 'me-email' }, me.email),
    h('p', {}, `${t('access.lastLogin')} : ${formatDateTime(me.last_login_at)}`),
    h('h2', {}, t('space.memberships')),
    h('ul', { class: 'memberships' }, me.memberships.map((m) => {
      const grants = Object.entries(m.permissions);
      return h('li', { 'data-org': m.org_id },
        h('h3', {}, `${m.org_name} — ${m.first_name} ${m.last_name}`),
        h('p', {}, `${t('common.status')} : ${tk('status', m.status)}${m.manager ? ` · ${t('space.manager')}` : ''}`),
        grants.length === 0 && !m.manager
          ? notice(t('space.noRoles'))
          : h('div', {}, h('h4', {}, t('space.permissions')),
            h('ul', { class: 'grants' }, grants.map(([est, perms]) => h('li', {},
              h('span', { class: 'est' }, est === m.main_establishment ? `${t('user.main')} ` : ''),
              h('ul', { class: 'perm-list' }, perms.map((p) => h('li', {}, tk('perm', p)))))))));
    })),
    h('p', { class: 'hint' }, t('space.soon')));
}

function worker(): HTMLElement {
  return page(t('worker.title'), notice(t('worker.none')));
}

function home(): HTMLElement {
  const org = state.orgId;
  if (org && can('manage_users')) go(`/org/${org}/users`);
  else if (org && can('request_replacements')) go(`/org/${org}/replacements`);
  else go('/space');
  return h('p', {}, t('common.loading'));
}

export const spaceScreens = { space, worker, home };
