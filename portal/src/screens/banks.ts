// The banks of hours, kept by the organisation's managers (seed 000): the
// list (rename, archive, restore), a new bank, and one person's balances:
// her opening balance (once per bank), adjustments with the note that says
// why, and her history, each movement with the balance it left.
import { call, type Schemas } from '../api/client';
import { net, org, state } from '../app';
import { h } from '../dom';
import { locale, t, tk } from '../i18n';
import { go, type Screen } from '../router';
import { bankMinutes, formatMinutes, formatSignedMinutes, thresholdMinutes } from '../rules/employee';
import { type FormValues, opt, str } from '../rules/forms';
import { hashOf, hashQuery, type ScreenId } from '../rules/routes';
import { confirmAction } from '../widgets/confirm';
import { done, flash } from '../widgets/flash';
import { historyTable } from '../widgets/banks';
import { actionButton, makeForm } from '../widgets/forms';
import { page, table, text } from '../widgets/layout';

type Bank = Schemas['HourBank'];

function ruleOf(b: Bank): string {
  if (b.rule.type === 'overtime')
    return t('banks.ruleOvertime', { hours: formatMinutes(b.rule.weekly_threshold_minutes, locale()) });
  return tk('bankH.rule', b.rule.type);
}

async function banksOf(orgId: string): Promise<Bank[]> {
  return (await call(state.api.GET('/orgs/{org_id}/hour-banks', { params: { path: { org_id: orgId } } }), net)).items;
}

async function activeEmployees(orgId: string): Promise<[string, string][]> {
  const r = await call(
    state.api.GET('/orgs/{org_id}/users', {
      params: { path: { org_id: orgId }, query: { status: 'active', limit: '100' } },
    }),
    net,
  );
  return r.items.map((u) => [u.id, `${u.last_name}, ${u.first_name}`]);
}

function change(orgId: string, bank: Bank, body: Schemas['HourBankChange']): Promise<Bank> {
  return call(
    state.api.PATCH('/orgs/{org_id}/hour-banks/{bank_id}', {
      params: { path: { org_id: orgId, bank_id: bank.id } },
      body: { ...body, version: bank.version },
    }),
    net,
  );
}

/** The list: each bank with its rule, its state, and a link to change it. */
function bankList(orgId: string, banks: Bank[]): HTMLElement {
  return h(
    'section',
    { id: 'bank-list', 'aria-labelledby': 'bank-list-title' },
    h('h2', { id: 'bank-list-title' }, t('bankH.list')),
    banks.length === 0
      ? h('p', {}, t('banks.noneYet'))
      : table(
          [t('bankH.name'), t('bankH.rule'), t('bankH.leaveType'), t('common.status'), ''],
          banks.map((b) => [
            text(b.name),
            text(ruleOf(b)),
            text(b.leave_type ? tk('leave', b.leave_type) : t('bankH.noLeave')),
            b.archived_at ? h('span', { class: 'badge' }, t('banks.archived')) : text(t('banks.active')),
            h(
              'a',
              { href: hashOf('hour-banks', { org: orgId }, { bank: b.id }), class: 'button' },
              t('banks.edit', { name: b.name }),
            ),
          ]),
        ),
  );
}

/** One bank: rename it, archive it (asked first, naming it) or restore it. */
function bankEditor(orgId: string, bank: Bank): HTMLElement {
  const rename = makeForm({
    id: 'bank-rename',
    fields: [{ name: 'name', label: t('bankH.name'), required: true, value: bank.name }],
    submit: t('banks.rename'),
    onSubmit: async (v) => {
      const next = await change(orgId, bank, { name: opt(v.name) });
      done(t('banks.renamed', { before: bank.name, after: next.name }));
    },
  });
  const archive = bank.archived_at
    ? actionButton(t('banks.restore'), async () => {
        await change(orgId, bank, { archived: false });
        done(t('banks.restored', { name: bank.name }));
      })
    : actionButton(
        t('banks.archive'),
        async () => {
          const yes = await confirmAction({
            title: t('banks.archive.title', { name: bank.name }),
            body: [t('banks.archive.body')],
            action: t('banks.archive'),
          });
          if (!yes) return;
          await change(orgId, bank, { archived: true });
          done(t('banks.archivedDone', { name: bank.name }));
        },
        'danger',
      );
  return h(
    'section',
    { id: 'bank-edit', 'aria-labelledby': 'bank-edit-title' },
    h('h2', { id: 'bank-edit-title' }, t('banks.editing', { name: bank.name })),
    bank.archived_at ? h('p', { class: 'hint' }, t('banks.archivedHint')) : null,
    rename,
    h('p', { class: 'actions' }, archive),
  );
}

/** A new bank: its name, its rule, the absences taken from it. */
function newBank(orgId: string, open: boolean): HTMLElement {
  const form = makeForm({
    id: 'bank-of-hours',
    fields: [
      { name: 'name', label: t('bankH.name'), required: true },
      {
        name: 'rule',
        label: t('bankH.rule'),
        type: 'radio',
        value: 'overtime',
        options: (['overtime', 'accrual', 'none'] as const).map((r): [string, string] => [r, tk('bankH.rule', r)]),
      },
      { name: 'threshold', label: t('bankH.threshold'), value: '40', inputmode: 'decimal' },
      { name: 'per_mille', label: t('bankH.perMille'), type: 'number', value: '40' },
      {
        name: 'leave_type',
        label: t('bankH.leaveType'),
        type: 'select',
        value: '',
        options: [
          ['', t('bankH.noLeave')],
          ...(['vacation', 'sick', 'personal', 'unpaid', 'other'] as const).map((x): [string, string] => [
            x,
            tk('leave', x),
          ]),
        ],
      },
    ],
    aliases: { 'rule.weekly_threshold_minutes': 'threshold', 'rule.per_mille': 'per_mille' },
    submit: t('bankH.create'),
    validate: (v): Record<string, string> =>
      str(v.rule) === 'overtime' && thresholdMinutes(str(v.threshold)) === null ? { threshold: t('err.hours') } : {},
    onSubmit: async (v, ctx) => {
      const kind = str(v.rule);
      const rule: Schemas['BankRule'] =
        kind === 'overtime'
          ? { type: 'overtime', weekly_threshold_minutes: thresholdMinutes(str(v.threshold)) ?? -1 }
          : kind === 'accrual'
            ? { type: 'accrual', per_mille: Number(str(v.per_mille) || '0') }
            : { type: 'none' };
      const bank = await call(
        state.api.POST('/orgs/{org_id}/hour-banks', {
          params: { path: { org_id: orgId } },
          headers: { 'idempotency-key': ctx.idempotencyKey },
          body: { name: opt(v.name), rule, leave_type: opt(v.leave_type) as Schemas['LeaveType'] | null },
        }),
        net,
      );
      done(t('bankH.createdNamed', { name: bank.name }));
    },
  });
  const details = h('details', { id: 'bank-new' }, h('summary', {}, t('bankH.newTitle')), form);
  details.open = open;
  return details;
}

/** The person chooser: opens her balances. */
function personChooser(orgId: string, people: [string, string][], chosen: string | null): HTMLFormElement {
  return makeForm({
    id: 'bank-person',
    class: 'form inline-form',
    fields: [
      {
        name: 'user',
        label: t('banks.person'),
        type: 'select',
        required: true,
        value: chosen ?? '',
        options: [['', t('banks.choose')], ...people],
      },
    ],
    submit: t('banks.show'),
    onSubmit: (v) => {
      go('hour-banks', { org: orgId }, { user: str(v.user) });
      return Promise.resolve();
    },
  });
}

/** One person's balances, the movement form and her history. */
function personBanks(orgId: string, kept: Schemas['EmployeeBanks']): HTMLElement {
  const lang = locale();
  const usable = kept.banks.filter((b) => !b.archived);
  const canOpen = usable.some((b) => !b.opening_set);
  const bankName = (id: string) => kept.banks.find((b) => b.id === id)?.name ?? '';
  const form = makeForm({
    id: 'bank-movement',
    fields: [
      {
        name: 'bank',
        label: t('banks.bank'),
        type: 'select',
        required: true,
        value: usable[0]?.id ?? '',
        options: usable.map((b): [string, string] => [b.id, b.name]),
      },
      {
        name: 'movement',
        label: t('banks.movement'),
        type: 'radio',
        value: canOpen ? 'opening' : 'adjustment',
        options: [
          ['opening', t('banks.mv.opening')],
          ['adjustment', t('banks.mv.adjustment')],
        ],
      },
      {
        name: 'hours',
        label: t('banks.hoursSigned'),
        required: true,
        inputmode: 'decimal',
        hint: t('banks.hoursHint'),
      },
      { name: 'note', label: t('banks.note'), type: 'textarea', hint: t('banks.noteHint') },
    ],
    aliases: { minutes: 'hours' },
    submit: t('banks.save'),
    validate: (v: FormValues): Record<string, string> => {
      const errors: Record<string, string> = {};
      const minutes = bankMinutes(str(v.hours));
      if (minutes === null) errors.hours = t('banks.hoursInvalid');
      else if (minutes === 0 && str(v.movement) === 'adjustment') errors.hours = t('banks.hoursZero');
      if (str(v.movement) === 'adjustment' && str(v.note).trim() === '') errors.note = t('banks.noteRequired');
      return errors;
    },
    onSubmit: async (v, ctx) => {
      const bank = str(v.bank);
      const moved = await call(
        state.api.POST('/orgs/{org_id}/users/{user_id}/hour-banks/{bank_id}/movements', {
          params: { path: { org_id: orgId, user_id: kept.user_id, bank_id: bank } },
          headers: { 'idempotency-key': ctx.idempotencyKey },
          body: {
            movement: str(v.movement) as Schemas['ManualMovement'],
            minutes: bankMinutes(str(v.hours)) ?? 0,
            note: opt(v.note),
          },
        }),
        net,
      );
      done(
        t(moved.movement === 'opening' ? 'banks.openingSaved' : 'banks.adjusted', {
          hours: formatSignedMinutes(moved.minutes, lang),
          bank: bankName(bank),
          name: kept.employee_name,
        }),
      );
    },
  });
  return h(
    'section',
    { id: 'person-banks', 'aria-labelledby': 'person-banks-title' },
    h('h2', { id: 'person-banks-title' }, t('banks.of', { name: kept.employee_name })),
    kept.banks.length === 0
      ? h('p', {}, t('banks.noneYet'))
      : table(
          [t('banks.bank'), t('hours.balance'), t('banks.opening')],
          kept.banks.map((b) => [
            text(b.archived ? `${b.name} (${t('banks.archived')})` : b.name),
            text(formatMinutes(b.balance_minutes, lang)),
            text(b.opening_set ? t('banks.openingSet') : t('banks.openingNotSet')),
          ]),
        ),
    usable.length === 0 ? null : h('h3', {}, t('banks.newMovement')),
    usable.length === 0 ? null : form,
    h('h3', {}, t('banks.history')),
    historyTable(kept.movements, true),
  );
}

const hourBanks: Screen = async () => {
  const orgId = org();
  const q = hashQuery(location.hash);
  const [banks, people] = await Promise.all([banksOf(orgId), activeEmployees(orgId)]);
  const editing = banks.find((b) => b.id === q.get('bank')) ?? null;
  const user = q.get('user');
  const kept = user
    ? await call(
        state.api.GET('/orgs/{org_id}/users/{user_id}/hour-banks', {
          params: { path: { org_id: orgId, user_id: user } },
        }),
        net,
      )
    : null;
  return page(
    t('nav.hourBanks'),
    flash(),
    h('p', { class: 'hint' }, t('banks.intro')),
    bankList(orgId, banks),
    editing ? bankEditor(orgId, editing) : null,
    newBank(orgId, banks.length === 0),
    h(
      'section',
      { id: 'bank-people', 'aria-labelledby': 'bank-people-title' },
      h('h2', { id: 'bank-people-title' }, t('banks.balances')),
      personChooser(orgId, people, user),
    ),
    kept ? personBanks(orgId, kept) : null,
  );
};

export const bankScreens = {
  'hour-banks': hourBanks,
} satisfies Partial<Record<ScreenId, Screen>>;
