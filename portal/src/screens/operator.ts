// The platform operator's screen (seed 003): an organisation left with no
// manager sends Sésame its signed paper form; the operator finds it by its
// identifier and names the person on the form, who is invited as manager.
import { call } from '../api/client';
import { net, state } from '../app';
import { h, notice } from '../dom';
import { t } from '../i18n';
import { type Screen } from '../router';
import { opt, str } from '../rules/forms';
import type { ScreenId } from '../rules/routes';
import { confirmAction } from '../widgets/confirm';
import { makeForm } from '../widgets/forms';
import { page } from '../widgets/layout';
import { announce } from '../widgets/notice';

function operator(): Promise<HTMLElement> {
  const result = h('div', { id: 'operator-result' });
  const find = makeForm({
    id: 'operator-find',
    fields: [{ name: 'identifier', label: t('operator.identifier'), required: true, autocomplete: 'off' }],
    submit: t('operator.find'),
    onSubmit: async (v) => {
      const found = await call(
        state.api.GET('/operator/organisations', { params: { query: { identifier: str(v.identifier) } } }),
        net,
      );
      const card = h(
        'div',
        { class: 'card', id: 'operator-org' },
        h('h2', {}, found.name),
        h('p', {}, `${t('operator.identifier')} : ${found.identifier ?? '—'}`),
        h('p', {}, t('operator.managers', { n: found.active_managers })),
      );
      if (found.active_managers > 0) {
        result.replaceChildren(card, notice(t('operator.hasManagers', { n: found.active_managers })));
        return;
      }
      const name = found.name;
      const restore = makeForm({
        id: 'operator-restore',
        fields: [
          {
            name: 'civility',
            label: t('civility.label'),
            type: 'radio',
            required: true,
            options: [
              ['mme', t('civility.mme')],
              ['m', t('civility.m')],
              ['mx', t('civility.mx')],
            ],
          },
          { name: 'last_name', label: t('common.lastName'), required: true, autocomplete: 'off' },
          { name: 'first_name', label: t('common.firstName'), required: true, autocomplete: 'off' },
          { name: 'email', label: t('common.email'), type: 'email', required: true, autocomplete: 'off' },
          { name: 'phone', label: t('common.phone'), type: 'tel', required: true, autocomplete: 'off' },
          { name: 'function', label: t('common.function') },
        ],
        submit: t('operator.restore'),
        onSubmit: async (v) => {
          const person = `${str(v.first_name)} ${str(v.last_name)}`.trim();
          const yes = await confirmAction({
            title: t('operator.confirm.title', { name: person, org: name }),
            body: [t('operator.confirm.body', { email: str(v.email) })],
            action: t('operator.restore'),
          });
          if (!yes) return;
          const c = str(v.civility);
          await call(
            state.api.POST('/operator/organisations/{org_id}/managers', {
              params: { path: { org_id: found.org_id } },
              body: {
                civility: c === 'm' || c === 'mx' ? c : 'mme',
                last_name: opt(v.last_name),
                first_name: opt(v.first_name),
                email: opt(v.email),
                phone: opt(v.phone),
                function: opt(v.function),
              },
            }),
            net,
          );
          announce(t('operator.done', { name: person, org: name, email: str(v.email) }));
          result.replaceChildren(card, notice(t('operator.done', { name: person, org: name, email: str(v.email) })));
        },
      });
      result.replaceChildren(card, h('h2', {}, t('operator.restore.title')), restore);
    },
  });
  return Promise.resolve(
    page(
      t('operator.title'),
      h('p', {}, t('operator.intro')),
      h(
        'ol',
        { class: 'steps' },
        h('li', {}, t('operator.step.form')),
        h('li', {}, t('operator.step.check')),
        h('li', {}, t('operator.step.name')),
      ),
      find,
      result,
    ),
  );
}

export const operatorScreens = { operator } satisfies Partial<Record<ScreenId, Screen>>;
