// The manager's side of the employee space: decisions on absences,
// expense notes, advances and weeks of hours (approve, or refuse with a
// comment); sharing a document with one employee or all;
// an employee's full bank details (sensitive-data permission, audited).
import { call, type Schemas } from '../api/client';
import { can, membership, net, org, state } from '../app';
import { h } from '../dom';
import { formatDateTime, locale, t, tk } from '../i18n';
import type { Screen } from '../router';
import { formatMinutes, leaveLength } from '../rules/employee';
import { type FormValues, opt, str } from '../rules/forms';
import type { ScreenId } from '../rules/routes';
import { chosenFile, fileCheck, fileField, upload } from '../widgets/files';
import { makeForm } from '../widgets/forms';
import { done, flash } from '../widgets/flash';
import { page } from '../widgets/layout';
import { money, stateBadge } from '../widgets/requests';

type Req = Schemas['EmployeeRequest'];
type Kind = 'leave' | 'expenses' | 'advances';

function on(feature: Schemas['Feature']): boolean {
  return membership()?.features.includes(feature) ?? false;
}

/** Approve / refuse with a comment (mandatory to refuse: the API says so next to the field). */
function decisionForm(
  id: string,
  send: (decision: Schemas['Decision'], comment: string | null) => Promise<void>,
): HTMLFormElement {
  let decision: Schemas['Decision'] = 'approve';
  const form = makeForm({
    class: 'form decision-form',
    id,
    fields: [{ name: 'comment', label: t('dec.comment'), type: 'textarea' }],
    submit: t('dec.approve'),
    onSubmit: async (v: FormValues) => {
      const d = decision;
      decision = 'approve';
      await send(d, opt(v.comment));
      done(t('dec.done'));
    },
  });
  // A second button submits the same form as a refusal.
  const refuse = h('button', { type: 'submit', class: 'danger', value: 'refuse' }, t('dec.refuse'));
  refuse.addEventListener('click', () => {
    decision = 'refuse';
  });
  form.querySelector('.form-actions')!.append(refuse);
  form.querySelector<HTMLButtonElement>('.form-actions button.primary')!.addEventListener('click', () => {
    decision = 'approve';
  });
  return form;
}

function details(r: Req): string {
  const d = r.details;
  if (d.type === 'leave')
    return `${tk('leave', d.leave_type)} · ${d.start_date} (${tk('half', d.start_half)}) → ${d.end_date} (${tk('half', d.end_half)}) · ${leaveLength(d.half_days, locale())}`;
  if (d.type === 'expense') return `${d.date} · ${tk('exp.cat', d.category)} · ${money(d.amount)}`;
  return money(d.amount);
}

interface Pending {
  items: Req[];
  /** Leave: by request id, its bank and the balance before → after approval. */
  impacts: Record<string, Schemas['BalanceImpact']>;
  negative: boolean;
}

async function requestsOf(orgId: string, kind: Kind): Promise<Pending> {
  const params = { params: { path: { org_id: orgId }, query: { scope: 'team', state: 'pending' } } } as const;
  if (kind === 'leave') {
    const r = await call(state.api.GET('/orgs/{org_id}/leave', params), net);
    return { items: r.items, impacts: r.impacts, negative: r.banks_may_go_negative };
  }
  const r =
    kind === 'expenses'
      ? await call(state.api.GET('/orgs/{org_id}/expenses', params), net)
      : await call(state.api.GET('/orgs/{org_id}/advances', params), net);
  return { items: r.items, impacts: {}, negative: false };
}

/** A leave's bank with the balance before → after approval, and a warning when it goes below zero. */
function impactLine(i: Schemas['BalanceImpact'] | undefined, negative: boolean): HTMLElement | null {
  if (!i?.bank_name || i.balance_minutes == null || i.balance_after_minutes == null) return null;
  const below = i.balance_after_minutes < 0;
  return h(
    'p',
    { class: below ? 'notice warn bank-impact' : 'bank-impact' },
    t('dec.bank', {
      bank: i.bank_name,
      before: formatMinutes(i.balance_minutes, locale()),
      after: formatMinutes(i.balance_after_minutes, locale()),
    }),
    below ? ` ${t(negative ? 'dec.negative' : 'dec.negativeRefused')}` : '',
  );
}

async function decide(
  orgId: string,
  kind: Kind,
  r: Req,
  decision: Schemas['Decision'],
  comment: string | null,
): Promise<void> {
  const opts = {
    params: { path: { org_id: orgId, request_id: r.id } },
    body: { decision, comment, version: r.version },
  };
  if (kind === 'leave') await call(state.api.POST('/orgs/{org_id}/leave/{request_id}/decision', opts), net);
  else if (kind === 'expenses') await call(state.api.POST('/orgs/{org_id}/expenses/{request_id}/decision', opts), net);
  else await call(state.api.POST('/orgs/{org_id}/advances/{request_id}/decision', opts), net);
}

async function decisions(): Promise<HTMLElement> {
  const orgId = org();
  const sections: HTMLElement[] = [];
  const kinds: [Kind, Schemas['Feature'], 'dec.leave' | 'dec.expenses' | 'dec.advances'][] = [
    ['leave', 'absences', 'dec.leave'],
    ['expenses', 'expense_notes', 'dec.expenses'],
    ['advances', 'advances', 'dec.advances'],
  ];
  for (const [kind, feature, title] of kinds) {
    if (!on(feature)) continue;
    const { items, impacts, negative } = await requestsOf(orgId, kind);
    sections.push(
      h(
        'section',
        { id: `decide-${kind}` },
        h('h2', {}, t(title)),
        items.length === 0
          ? h('p', {}, t('dec.none'))
          : h(
              'div',
              {},
              items.map((r) =>
                h(
                  'article',
                  { class: 'approval-card', 'data-request': r.id },
                  h('h3', {}, r.employee_name),
                  h('p', {}, details(r), ' · ', stateBadge(r.state)),
                  impactLine(impacts[r.id], negative),
                  r.comment ? h('p', { class: 'hint' }, r.comment) : null,
                  decisionForm(`decide-${r.id}`, (d, c) => decide(orgId, kind, r, d, c)),
                ),
              ),
            ),
      ),
    );
  }
  if (on('working_hours') && can('approve_hours')) {
    const sheet = await call(
      state.api.GET('/orgs/{org_id}/weeks', { params: { path: { org_id: orgId }, query: { scope: 'team' } } }),
      net,
    );
    const weeks = sheet.weeks.filter((w) => w.state === 'pending');
    sections.push(
      h(
        'section',
        { id: 'decide-weeks' },
        h('h2', {}, t('dec.weeks')),
        weeks.length === 0
          ? h('p', {}, t('dec.none'))
          : h(
              'div',
              {},
              weeks.map((w) =>
                h(
                  'article',
                  { class: 'approval-card', 'data-week': `${w.account_id}/${w.monday}` },
                  h('h3', {}, `${w.employee_name} — ${t('hours.week', { monday: w.monday })}`),
                  h('p', {}, w.days.map((d) => `${d.date} ${formatMinutes(d.minutes, locale())}`).join(' · ')),
                  h('p', {}, t('hours.total', { total: formatMinutes(w.total_minutes, locale()) })),
                  decisionForm(`decide-week-${w.account_id}-${w.monday}`, async (decision, comment) => {
                    await call(
                      state.api.POST('/orgs/{org_id}/users/{user_id}/weeks/{week}/decision', {
                        params: { path: { org_id: orgId, user_id: w.account_id, week: w.monday } },
                        body: { decision, comment, version: w.version },
                      }),
                      net,
                    );
                  }),
                ),
              ),
            ),
      ),
    );
  }
  return page(t('nav.decisions'), flash(), ...(sections.length ? sections : [h('p', {}, t('dec.none'))]));
}

// ------------------------------------------------------------- documents

const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

async function employees(orgId: string): Promise<[string, string][]> {
  const r = await call(
    state.api.GET('/orgs/{org_id}/users', {
      params: { path: { org_id: orgId }, query: { status: 'active', limit: '100' } },
    }),
    net,
  );
  return r.items.map((u) => [u.id, `${u.last_name}, ${u.first_name}`]);
}

async function shareDocument(): Promise<HTMLElement> {
  const orgId = org();
  const people = can('manage_users') ? await employees(orgId) : [];
  const form = makeForm({
    id: 'share-document',
    fields: [
      { name: 'title', label: t('doc.title'), required: true },
      {
        name: 'recipient_id',
        label: t('doc.recipient'),
        type: 'select',
        value: '',
        options: [['', t('doc.everyone')], ...people],
      },
      fileField('file', t('doc.file'), DOCUMENT_TYPES.join(','), true),
    ],
    aliases: { content_type: 'file', size_bytes: 'file', file_name: 'file' },
    submit: t('doc.share'),
    validate: () => fileCheck(chosenFile(form, 'file'), 'file', DOCUMENT_TYPES),
    onSubmit: async (v, ctx) => {
      const file = chosenFile(form, 'file')!;
      const r = await call(
        state.api.POST('/orgs/{org_id}/documents', {
          params: { path: { org_id: orgId } },
          headers: { 'idempotency-key': ctx.idempotencyKey },
          body: {
            title: opt(v.title),
            recipient_id: opt(v.recipient_id),
            file_name: file.name,
            content_type: file.type,
            size_bytes: file.size,
          },
        }),
        net,
      );
      await upload(r.upload, file);
      done(t('doc.shared'));
    },
  });
  return page(t('nav.shareDocument'), flash(), form);
}

// ---------------------------------------------------------- bank details

async function revealBank(): Promise<HTMLElement> {
  const orgId = org();
  const people = await employees(orgId);
  const out = h('div', { id: 'bank-reveal', 'aria-live': 'polite' });
  const form = makeForm({
    id: 'reveal-form',
    fields: [
      { name: 'user_id', label: t('bank.employee'), type: 'select', required: true, options: [['', '—'], ...people] },
    ],
    submit: t('bank.reveal'),
    onSubmit: async (v) => {
      const r = await call(
        state.api.GET('/orgs/{org_id}/users/{user_id}/bank-details', {
          params: { path: { org_id: orgId, user_id: str(v.user_id) } },
        }),
        net,
      );
      const f = r.full;
      const full = !f ? r.masked : f.type === 'iban' ? f.iban : `${f.transit}-${f.institution}-${f.account}`;
      out.replaceChildren(
        h('p', {}, `${t('bank.holder')} : ${r.holder}`),
        h('p', { class: 'mono', id: 'bank-full' }, full),
        h('p', { class: 'hint' }, formatDateTime(r.updated_at)),
      );
    },
  });
  return page(t('nav.bankReveal'), h('p', { class: 'hint' }, t('bank.revealHint')), form, out);
}

export const teamScreens = {
  decisions,
  'share-document': shareDocument,
  'bank-reveal': revealBank,
} satisfies Partial<Record<ScreenId, Screen>>;
