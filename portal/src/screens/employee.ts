// The employee space (seed 002): one screen per feature the organisation
// switched on — absences, expense notes, hours with banks of hours,
// advances, personal info with the login-email change, bank details,
// documents — and the page the email-change link opens.
import { ApiProblem, call, type Schemas } from '../api/client';
import { loadMe, membership, net, org, state, zone } from '../app';
import { h, notice } from '../dom';
import { formatDateTime, type Key, locale, t, tk } from '../i18n';
import type { Screen } from '../router';
import {
  addWeeks,
  banksFor,
  canadianProblems,
  featureOf,
  formatMinutes,
  halfDays,
  ibanValid,
  leaveBody,
  leaveImpact,
  leaveProblems,
  mondayOf,
  normaliseIban,
  parseAmount,
  parseHours,
  spaceMenu,
  type SpaceScreen,
  weekDays,
} from '../rules/employee';
import { todayIn } from '../rules/clock';
import { type FormValues, opt, str } from '../rules/forms';
import { hashOf, type Match, type ScreenId } from '../rules/routes';
import { chosenFile, fileCheck, fileField, openDownload, upload } from '../widgets/files';
import { actionButton, makeForm, readValues } from '../widgets/forms';
import { done, flash } from '../widgets/flash';
import { historyTable } from '../widgets/banks';
import { page, table, text } from '../widgets/layout';
import { money, stateBadge } from '../widgets/requests';
import { spaceNav } from '../widgets/space';

/** A space screen: its title, the space menu, the body; a feature switched off says so. */
function spaceScreen(screen: SpaceScreen, ...body: (Node | null | false)[]): HTMLElement {
  return page(tk('feature', featureOf(screen) ?? ''), spaceNav(screen), ...body);
}

function guard(screen: SpaceScreen): string | null {
  const f = featureOf(screen);
  return spaceMenu(membership()).some((e) => e.feature === f) ? null : t('space.none');
}

/** The amount field's check: "12,34" → cents, or a French message next to the field. */
function amountCheck(v: FormValues, name: string): Record<string, string> {
  const a = parseAmount(str(v[name]));
  if ('cents' in a) return {};
  const key: Record<typeof a.error, Key> = {
    invalid: 'err.amountInvalid',
    negative: 'err.amountNegative',
    zero: 'err.amountZero',
  };
  return { [name]: t(key[a.error]) };
}

function cents(v: FormValues, name: string): number {
  const a = parseAmount(str(v[name]));
  return 'cents' in a ? a.cents : -1;
}

const CURRENCIES: [string, string][] = [
  ['CAD', 'CAD'],
  ['USD', 'USD'],
  ['EUR', 'EUR'],
];

// ------------------------------------------------------------------ leave

async function leave(): Promise<HTMLElement> {
  const blocked = guard('leave');
  if (blocked) return spaceScreen('leave', notice(blocked, 'error'));
  const orgId = org();
  const list = await call(state.api.GET('/orgs/{org_id}/leave', { params: { path: { org_id: orgId } } }), net);
  const preview = h('p', { class: 'hint', id: 'leave-preview', role: 'status' });
  // The chosen bank's balance and, before sending, what the leave would leave
  // of it (a warning when it takes more than the balance).
  const balanceLine = h('p', { class: 'hint below-field', id: 'leave-balance', role: 'status' });
  const warning = h('p', { class: 'notice warn', id: 'leave-warning', role: 'status', hidden: true });
  const form = makeForm({
    id: 'leave-form',
    fields: [
      {
        name: 'leave_type',
        label: t('leave.type'),
        type: 'select',
        required: true,
        value: 'vacation',
        options: (['vacation', 'sick', 'personal', 'unpaid', 'other'] as const).map((x): [string, string] => [
          x,
          tk('leave', x),
        ]),
      },
      { name: 'bank_id', label: t('leave.bank'), type: 'select', options: [] },
      balanceLine,
      { name: 'start_date', label: t('leave.start'), type: 'date', required: true },
      { name: 'start_afternoon', label: t('leave.startAfternoon'), type: 'checkbox' },
      { name: 'end_date', label: t('leave.end'), type: 'date', required: true },
      { name: 'end_noon', label: t('leave.endNoon'), type: 'checkbox' },
      { name: 'comment', label: t('leave.comment'), type: 'textarea' },
      preview,
      warning,
    ],
    submit: t('leave.submit'),
    validate: (v) => {
      const problems = leaveProblems(body(v));
      return Object.fromEntries(
        Object.entries(problems).map(([k, p]) => [
          k,
          t(p === 'endBeforeStart' ? 'err.endBeforeStart' : 'err.noWorkingDay'),
        ]),
      );
    },
    onSubmit: async (v, ctx) => {
      const r = await call(
        state.api.POST('/orgs/{org_id}/leave', {
          params: { path: { org_id: orgId } },
          body: body(v),
          headers: { 'idempotency-key': ctx.idempotencyKey },
        }),
        net,
      );
      const i = r.impact;
      const lines = [t('leave.sent', { n: i?.half_days ?? 0 })];
      lines.push(
        i?.bank_name && i.balance_minutes != null && i.balance_after_minutes != null
          ? t('leave.impact', {
              bank: i.bank_name,
              before: formatMinutes(i.balance_minutes, locale()),
              after: formatMinutes(i.balance_after_minutes, locale()),
            })
          : t('leave.noBank'),
      );
      done(lines.join(' '));
    },
  });
  const body = (v: FormValues) =>
    leaveBody({
      leave_type: str(v.leave_type),
      bank_id: str(v.bank_id),
      start_date: str(v.start_date),
      end_date: str(v.end_date),
      comment: str(v.comment),
      start_half: v.start_afternoon === true ? 'afternoon' : 'morning',
      end_half: v.end_noon === true ? 'morning' : 'afternoon',
    });
  // The banks of the chosen type's kind (vacation from a vacation bank).
  const bankSelect = form.querySelector<HTMLSelectElement>('select[name="bank_id"]')!;
  const fillBanks = () => {
    const type = str(readValues(form).leave_type);
    const offered = banksFor(list.banks, type);
    const kept = bankSelect.value;
    bankSelect.replaceChildren(
      ...(offered.length
        ? offered.map((b) => h('option', { value: b.id, selected: b.id === kept }, b.name))
        : [h('option', { value: '' }, t('leave.noBankOption'))]),
    );
  };
  // The half days counted as the API counts them, while typing, and what
  // they take from the chosen bank.
  const update = () => {
    const b = body(readValues(form));
    const n =
      b.start_date && b.end_date
        ? halfDays(b.start_date, b.start_half ?? 'morning', b.end_date, b.end_half ?? 'afternoon')
        : null;
    preview.textContent = n === null ? '' : t('leave.preview', { n });
    const bank = list.banks.find((x) => x.id === b.bank_id);
    const lang = locale();
    balanceLine.textContent = bank
      ? t('leave.balance', { bank: bank.name, balance: formatMinutes(bank.balance_minutes, lang) })
      : t('leave.noBank');
    const impact =
      bank && n ? leaveImpact(n, list.working_day_minutes, bank.balance_minutes, list.banks_may_go_negative) : null;
    if (impact && bank) {
      const values = {
        bank: bank.name,
        hours: formatMinutes(impact.minutes, lang),
        before: formatMinutes(impact.before, lang),
        after: formatMinutes(impact.after, lang),
      };
      preview.textContent += ` · ${t('leave.takes', values)}`;
      warning.textContent = impact.exceeds
        ? `${t('leave.exceeds', values)} ${t(impact.refused ? 'leave.exceedsRefused' : 'leave.exceedsAllowed')}`
        : '';
      warning.hidden = !impact.exceeds;
    } else {
      warning.textContent = '';
      warning.hidden = true;
    }
  };
  form.querySelector('select[name="leave_type"]')!.addEventListener('change', fillBanks);
  fillBanks();
  update();
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  // A pending leave's bank with its balance now → once approved; a decided one's bank.
  const bankOf = (id: string, bankId: string | null | undefined): string => {
    const i = list.impacts[id];
    if (i?.bank_name && i.balance_minutes != null && i.balance_after_minutes != null)
      return t('leave.beforeAfter', {
        bank: i.bank_name,
        before: formatMinutes(i.balance_minutes, locale()),
        after: formatMinutes(i.balance_after_minutes, locale()),
      });
    return list.banks.find((b) => b.id === bankId)?.name ?? '—';
  };
  const rows = list.items.map((r) => {
    const d = r.details;
    const cancel =
      r.state === 'pending'
        ? actionButton(t('leave.cancel'), async () => {
            await call(
              state.api.POST('/orgs/{org_id}/leave/{request_id}/cancel', {
                params: { path: { org_id: orgId, request_id: r.id } },
              }),
              net,
            );
            done(t('leave.cancelled'));
          })
        : null;
    return d.type === 'leave'
      ? [
          text(tk('leave', d.leave_type)),
          text(`${d.start_date} (${tk('half', d.start_half)}) → ${d.end_date} (${tk('half', d.end_half)})`),
          text(String(d.half_days)),
          text(bankOf(r.id, d.bank_id)),
          stateBadge(r.state),
          text(r.decision_comment),
          h('div', { class: 'actions' }, cancel),
        ]
      : [];
  });
  return spaceScreen(
    'leave',
    flash(),
    form,
    h('h2', {}, t('leave.mine')),
    list.items.length === 0
      ? h('p', {}, t('common.none'))
      : table(
          [
            t('leave.type'),
            t('leave.period'),
            t('leave.halfDays'),
            t('leave.bank'),
            t('common.status'),
            t('leave.comment'),
            t('common.actions'),
          ],
          rows,
        ),
  );
}

// --------------------------------------------------------------- expenses

const RECEIPT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/heic'];
const CATEGORIES = ['transport', 'meals', 'lodging', 'supplies', 'training', 'other'] as const;

async function expenses(): Promise<HTMLElement> {
  const blocked = guard('expenses');
  if (blocked) return spaceScreen('expenses', notice(blocked, 'error'));
  const orgId = org();
  const list = await call(state.api.GET('/orgs/{org_id}/expenses', { params: { path: { org_id: orgId } } }), net);
  const form = makeForm({
    id: 'expense-form',
    fields: [
      { name: 'date', label: t('exp.date'), type: 'date', required: true },
      {
        name: 'category',
        label: t('exp.category'),
        type: 'select',
        required: true,
        value: 'transport',
        options: CATEGORIES.map((c): [string, string] => [c, tk('exp.cat', c)]),
      },
      { name: 'amount', label: t('exp.amount'), required: true, inputmode: 'decimal', hint: t('exp.amountHint') },
      { name: 'currency', label: t('exp.currency'), type: 'select', value: 'CAD', options: CURRENCIES },
      { name: 'description', label: t('exp.description'), type: 'textarea' },
      fileField('receipt', t('exp.receipt'), RECEIPT_TYPES.join(',')),
    ],
    aliases: {
      amount_cents: 'amount',
      'receipt.content_type': 'receipt',
      'receipt.size_bytes': 'receipt',
      'receipt.file_name': 'receipt',
    },
    submit: t('exp.submit'),
    validate: (v) => ({
      ...amountCheck(v, 'amount'),
      ...fileCheck(chosenFile(form, 'receipt'), 'receipt', RECEIPT_TYPES),
    }),
    onSubmit: async (v, ctx) => {
      const file = chosenFile(form, 'receipt');
      const r = await call(
        state.api.POST('/orgs/{org_id}/expenses', {
          params: { path: { org_id: orgId } },
          headers: { 'idempotency-key': ctx.idempotencyKey },
          body: {
            date: opt(v.date),
            category: opt(v.category),
            amount_cents: cents(v, 'amount'),
            currency: str(v.currency) || 'CAD',
            description: opt(v.description),
            receipt: file ? { file_name: file.name, content_type: file.type, size_bytes: file.size } : null,
          },
        }),
        net,
      );
      if (file && r.upload) {
        try {
          await upload(r.upload, file);
        } catch {
          done(t('exp.uploadFailed'));
          return;
        }
        done(t('exp.sentWithReceipt'));
        return;
      }
      done(t('exp.sent'));
    },
  });
  const rows = list.items.map((r) => {
    const d = r.details;
    if (d.type !== 'expense') return [];
    const get = d.receipt
      ? actionButton(t('exp.download'), async () => {
          openDownload(
            await call(
              state.api.GET('/orgs/{org_id}/expenses/{request_id}/receipt', {
                params: { path: { org_id: orgId, request_id: r.id } },
              }),
              net,
            ),
          );
        })
      : text(t('exp.noReceipt'));
    return [
      text(d.date),
      text(tk('exp.cat', d.category)),
      text(money(d.amount)),
      text(r.comment),
      stateBadge(r.state),
      text(r.decision_comment),
      get,
    ];
  });
  return spaceScreen(
    'expenses',
    flash(),
    form,
    h('h2', {}, t('exp.mine')),
    list.items.length === 0
      ? h('p', {}, t('common.none'))
      : table(
          [
            t('common.date'),
            t('exp.category'),
            t('exp.amount'),
            t('exp.description'),
            t('common.status'),
            t('leave.comment'),
            t('exp.receiptCol'),
          ],
          rows,
        ),
  );
}

// --------------------------------------------------------------- advances

async function advances(): Promise<HTMLElement> {
  const blocked = guard('advances');
  if (blocked) return spaceScreen('advances', notice(blocked, 'error'));
  const orgId = org();
  const list = await call(state.api.GET('/orgs/{org_id}/advances', { params: { path: { org_id: orgId } } }), net);
  const form = makeForm({
    id: 'advance-form',
    fields: [
      { name: 'amount', label: t('adv.amount'), required: true, inputmode: 'decimal', hint: t('exp.amountHint') },
      { name: 'currency', label: t('exp.currency'), type: 'select', value: 'CAD', options: CURRENCIES },
      { name: 'reason', label: t('adv.reason'), type: 'textarea' },
    ],
    aliases: { amount_cents: 'amount' },
    submit: t('adv.submit'),
    validate: (v) => amountCheck(v, 'amount'),
    onSubmit: async (v, ctx) => {
      await call(
        state.api.POST('/orgs/{org_id}/advances', {
          params: { path: { org_id: orgId } },
          headers: { 'idempotency-key': ctx.idempotencyKey },
          body: { amount_cents: cents(v, 'amount'), currency: str(v.currency) || 'CAD', reason: opt(v.reason) },
        }),
        net,
      );
      done(t('adv.sent'));
    },
  });
  const rows = list.items.map((r) =>
    r.details.type === 'advance'
      ? [
          text(formatDateTime(r.created_at)),
          text(money(r.details.amount)),
          text(r.comment),
          stateBadge(r.state),
          text(r.decision_comment),
        ]
      : [],
  );
  return spaceScreen(
    'advances',
    flash(),
    form,
    h('h2', {}, t('adv.mine')),
    list.items.length === 0
      ? h('p', {}, t('common.none'))
      : table([t('common.date'), t('adv.amount'), t('adv.reason'), t('common.status'), t('leave.comment')], rows),
  );
}

// ------------------------------------------------------------------ hours

const DAY_NAMES: Record<'fr' | 'en', string[]> = {
  fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** Her schedule ("horaire") for the week: each day's approved hours and approved absences. */
function scheduleOf(s: Schemas['Schedule']): HTMLElement {
  const names = DAY_NAMES[locale()];
  const lang = locale();
  const leaveText = (l: Schemas['DayLeave']) =>
    `${tk('leave', l.leave_type)} (${l.halves.length === 2 ? t('hours.allDay') : l.halves.map((x) => tk('hours.half', x)).join(', ')})`;
  const waiting =
    s.week_state === 'pending'
      ? t('hours.scheduleWaiting')
      : s.week_state === 'refused'
        ? t('hours.scheduleRefused')
        : null;
  return h(
    'section',
    { id: 'schedule', 'aria-labelledby': 'schedule-title' },
    h('h2', { id: 'schedule-title' }, t('hours.schedule')),
    h('p', { class: 'hint' }, t('hours.scheduleHint')),
    waiting ? h('p', { class: 'hint' }, waiting) : null,
    h(
      'ul',
      { class: 'schedule-days' },
      s.days.map((d, i) =>
        h(
          'li',
          { 'data-date': d.date },
          h('strong', {}, `${names[i]} ${d.date}`),
          ' — ',
          // A day off for leave says the leave, not "no hours".
          d.minutes === null || d.minutes === undefined
            ? d.leave.length
              ? null
              : '—'
            : d.minutes === 0
              ? d.leave.length
                ? null
                : t('hours.dayOff')
              : `${formatMinutes(d.minutes, lang)}${d.leave.length ? ' · ' : ''}`,
          ...d.leave.map((l) => h('span', { class: 'badge schedule-leave' }, leaveText(l))),
        ),
      ),
    ),
    s.week_state === 'approved'
      ? h('p', {}, t('hours.approvedTotal', { total: formatMinutes(s.approved_minutes, lang) }))
      : null,
  );
}

async function hours(): Promise<HTMLElement> {
  const blocked = guard('hours');
  if (blocked) return spaceScreen('hours', notice(blocked, 'error'));
  const orgId = org();
  const q = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const monday = mondayOf(q.get('week') ?? todayIn(zone()));
  const [sheet, schedule] = await Promise.all([
    call(state.api.GET('/orgs/{org_id}/weeks', { params: { path: { org_id: orgId } } }), net),
    call(
      state.api.GET('/orgs/{org_id}/schedule', { params: { path: { org_id: orgId }, query: { week: monday } } }),
      net,
    ),
  ]);
  const existing = sheet.weeks.find((w) => w.monday === monday);
  const days = weekDays(monday);
  const names = DAY_NAMES[locale()];
  const minutesOf = (d: string) => existing?.days.find((x) => x.date === d)?.minutes;
  const fields = days.map((d, i) => {
    const m = minutesOf(d);
    return {
      name: `day.${d}`,
      label: `${names[i]} ${d}`,
      value: m === undefined ? '' : (m / 60).toString().replace('.', locale() === 'fr' ? ',' : '.'),
      inputmode: 'decimal',
      hint: i === 0 ? t('hours.hint') : undefined,
    };
  });
  const total = h('p', { id: 'week-total', role: 'status' });
  const form = makeForm({
    id: 'week-form',
    class: 'form week-grid',
    fields: [
      ...fields,
      total,
      { name: 'comment', label: t('hours.comment'), type: 'textarea', value: existing?.comment ?? '' },
    ],
    submit: t('hours.submit'),
    aliases: Object.fromEntries(days.map((d, i) => [`days[${i}]`, `day.${d}`])),
    validate: (v) =>
      Object.fromEntries(
        days.filter((d) => parseHours(str(v[`day.${d}`])) === null).map((d) => [`day.${d}`, t('err.hours')]),
      ),
    onSubmit: async (v) => {
      await call(
        state.api.PUT('/orgs/{org_id}/weeks/{week}', {
          params: { path: { org_id: orgId, week: monday } },
          body: {
            days: days.map((d) => ({ date: d, minutes: parseHours(str(v[`day.${d}`])) ?? -1 })),
            comment: opt(v.comment),
          },
        }),
        net,
      );
      done(t('hours.sent'));
    },
  });
  const sum = () => {
    const m = days.reduce(
      (acc, d) => acc + (parseHours(form.querySelector<HTMLInputElement>(`[name="day.${d}"]`)?.value ?? '') ?? 0),
      0,
    );
    total.textContent = t('hours.total', { total: formatMinutes(m, locale()) });
  };
  form.addEventListener('input', sum);
  sum();
  const nav = h(
    'p',
    { class: 'actions' },
    h('a', { href: hashOf('hours', { org: orgId }, { week: addWeeks(monday, -1) }), class: 'button' }, t('hours.prev')),
    h('a', { href: hashOf('hours', { org: orgId }, { week: addWeeks(monday, 1) }), class: 'button' }, t('hours.next')),
  );
  return spaceScreen(
    'hours',
    flash(),
    h(
      'div',
      { class: 'hours-layout' },
      h(
        'div',
        {},
        h('h2', {}, t('hours.week', { monday })),
        nav,
        existing ? h('p', {}, `${t('common.status')} : `, stateBadge(existing.state)) : null,
        form,
      ),
      h(
        'aside',
        { id: 'banks', 'aria-label': t('hours.banks') },
        h('h2', {}, t('hours.banks')),
        sheet.banks.length === 0
          ? h('p', {}, t('common.none'))
          : table(
              [t('bankH.name'), t('hours.balance')],
              sheet.banks.map((b) => [text(b.name), text(formatMinutes(b.balance_minutes, locale()))]),
            ),
      ),
    ),
    scheduleOf(schedule),
    h(
      'section',
      { id: 'bank-history', 'aria-labelledby': 'bank-history-title' },
      h('h2', { id: 'bank-history-title' }, t('hours.history')),
      historyTable(sheet.movements, false),
    ),
    h('h2', {}, t('hours.weeks')),
    sheet.weeks.length === 0
      ? h('p', {}, t('common.none'))
      : table(
          [t('hours.weekCol'), t('hours.totalCol'), t('common.status'), t('leave.comment')],
          sheet.weeks.map((w) => [
            h('a', { href: hashOf('hours', { org: orgId }, { week: w.monday }) }, w.monday),
            text(formatMinutes(w.total_minutes, locale())),
            stateBadge(w.state),
            text(w.decision_comment),
          ]),
        ),
  );
}

// --------------------------------------------------------------- profile

async function profile(): Promise<HTMLElement> {
  const blocked = guard('profile');
  if (blocked) return spaceScreen('profile', notice(blocked, 'error'));
  const orgId = org();
  const me = state.me ?? (await loadMe());
  const m = membership()!;
  const p = m.profile;
  const editable = new Set(p.editable);
  const ro = (f: Schemas['ProfileField']) => !editable.has(f);
  const hint = (f: Schemas['ProfileField']) => (ro(f) ? t('profile.readonly') : undefined);
  const form = makeForm({
    id: 'profile-form',
    fields: [
      {
        name: 'civility',
        label: t('profile.civility'),
        type: 'select',
        value: p.civility,
        options: [
          ['mme', 'Mme'],
          ['m', 'M.'],
          ['mx', 'Mx'],
        ],
        hint: hint('civility'),
        readonly: ro('civility'),
      },
      {
        name: 'last_name',
        label: t('common.lastName'),
        value: m.last_name,
        required: true,
        readonly: ro('last_name'),
        hint: hint('last_name'),
      },
      {
        name: 'first_name',
        label: t('common.firstName'),
        value: m.first_name,
        required: true,
        readonly: ro('first_name'),
        hint: hint('first_name'),
      },
      {
        name: 'phone',
        label: t('common.phone'),
        type: 'tel',
        value: p.phone,
        readonly: ro('phone'),
        hint: hint('phone'),
        autocomplete: 'tel',
      },
      {
        name: 'birth_date',
        label: t('profile.birthDate'),
        type: 'date',
        value: p.birth_date ?? '',
        readonly: ro('birth_date'),
        hint: hint('birth_date'),
      },
    ],
    submit: t('common.save'),
    onSubmit: async (v) => {
      const body: Schemas['ProfilePatch'] = { version: p.version };
      if (!ro('civility')) body.civility = str(v.civility) as Schemas['Civility'];
      if (!ro('first_name')) body.first_name = opt(v.first_name);
      if (!ro('last_name')) body.last_name = opt(v.last_name);
      if (!ro('phone')) body.phone = str(v.phone);
      if (!ro('birth_date')) body.birth_date = opt(v.birth_date);
      await call(state.api.PATCH('/orgs/{org_id}/me/profile', { params: { path: { org_id: orgId } }, body }), net);
      await loadMe();
      done(t('common.saved'));
    },
  });
  // A select has no readonly: a field the organisation keeps is disabled.
  if (ro('civility')) form.querySelector<HTMLSelectElement>('select[name=civility]')!.disabled = true;
  const email = makeForm({
    id: 'email-form',
    fields: [{ name: 'email', label: t('profile.newEmail'), type: 'email', required: true, autocomplete: 'email' }],
    submit: t('profile.changeEmail'),
    onSubmit: async (v, ctx) => {
      const r = await call(
        state.api.POST('/orgs/{org_id}/me/email', {
          params: { path: { org_id: orgId } },
          headers: { 'idempotency-key': ctx.idempotencyKey },
          body: { email: opt(v.email) },
        }),
        net,
      );
      ctx.form.reset();
      return t('profile.checkInbox', { email: r.email });
    },
  });
  return spaceScreen(
    'profile',
    flash(),
    form,
    h('h2', {}, t('profile.loginEmail')),
    h('p', { id: 'login-email' }, me.email),
    email,
  );
}

/** The page the email-change link opens (`/confirm-email#token=…`). */
function confirmEmail(match: Match): HTMLElement {
  const form = makeForm({
    id: 'confirm-email',
    fields: [],
    submit: t('confirmEmail.button'),
    onSubmit: async () => {
      const r = await call(state.api.POST('/email-changes/confirm', { body: { token: match.token ?? null } }), net);
      state.me = null;
      return t('confirmEmail.done', { email: r.email });
    },
  });
  return page(t('confirmEmail.title'), form, h('p', {}, h('a', { href: '/#/signin' }, t('activate.signin'))));
}

// ------------------------------------------------------------------- bank

async function bank(): Promise<HTMLElement> {
  const blocked = guard('bank');
  if (blocked) return spaceScreen('bank', notice(blocked, 'error'));
  const orgId = org();
  let current: Schemas['BankDetailsView'] | null = null;
  try {
    current = await call(state.api.GET('/orgs/{org_id}/me/bank-details', { params: { path: { org_id: orgId } } }), net);
  } catch (e) {
    if (!(e instanceof ApiProblem && e.status === 404)) throw e;
  }
  const form = makeForm({
    id: 'bank-form',
    fields: [
      {
        name: 'kind',
        label: t('bank.kind'),
        type: 'radio',
        value: current?.kind === 'canadian' ? 'canadian' : 'iban',
        options: [
          ['iban', t('bank.kindIban')],
          ['canadian', t('bank.kindCanadian')],
        ],
      },
      { name: 'iban', label: t('bank.iban'), autocomplete: 'off' },
      { name: 'transit', label: t('bank.transit'), inputmode: 'numeric', autocomplete: 'off' },
      { name: 'institution', label: t('bank.institution'), inputmode: 'numeric', autocomplete: 'off' },
      { name: 'account', label: t('bank.account'), inputmode: 'numeric', autocomplete: 'off' },
    ],
    submit: t('common.save'),
    validate: (v) => {
      if (str(v.kind) === 'canadian') {
        return Object.fromEntries(
          Object.entries(canadianProblems(str(v.transit), str(v.institution), str(v.account))).map(([k]) => [
            k,
            t('err.digits'),
          ]),
        );
      }
      if (str(v.iban) === '') return { iban: t('common.required') };
      return ibanValid(str(v.iban)) ? {} : { iban: t('err.iban') };
    },
    onSubmit: async (v) => {
      const body =
        str(v.kind) === 'canadian'
          ? { transit: str(v.transit), institution: str(v.institution), account: str(v.account) }
          : { iban: normaliseIban(str(v.iban)) };
      await call(state.api.PUT('/orgs/{org_id}/me/bank-details', { params: { path: { org_id: orgId } }, body }), net);
      done(t('bank.saved'));
    },
  });
  // Only the fields of the chosen kind show.
  const sync = () => {
    const canadian = form.querySelector<HTMLInputElement>('input[name=kind][value=canadian]')!.checked;
    for (const n of ['transit', 'institution', 'account'])
      form.querySelector<HTMLElement>(`[data-field="${n}"]`)!.hidden = !canadian;
    form.querySelector<HTMLElement>('[data-field="iban"]')!.hidden = canadian;
  };
  form.addEventListener('change', sync);
  sync();
  return spaceScreen(
    'bank',
    flash(),
    h('h2', {}, t('bank.current')),
    current
      ? h('p', { id: 'bank-masked' }, `${current.holder} — `, h('span', { class: 'mono' }, current.masked))
      : h('p', {}, t('bank.none')),
    form,
  );
}

// -------------------------------------------------------------- documents

async function documents(): Promise<HTMLElement> {
  const blocked = guard('documents');
  if (blocked) return spaceScreen('documents', notice(blocked, 'error'));
  const orgId = org();
  const list = await call(state.api.GET('/orgs/{org_id}/documents', { params: { path: { org_id: orgId } } }), net);
  return spaceScreen(
    'documents',
    list.items.length === 0
      ? h('p', {}, t('doc.none'))
      : table(
          [t('doc.title'), t('doc.sharedOn'), t('common.actions')],
          list.items.map((d) => [
            text(d.title),
            text(formatDateTime(d.created_at)),
            actionButton(t('doc.download'), async () => {
              openDownload(
                await call(
                  state.api.GET('/orgs/{org_id}/documents/{document_id}/download', {
                    params: { path: { org_id: orgId, document_id: d.id } },
                  }),
                  net,
                ),
              );
            }),
          ]),
        ),
  );
}

export const employeeScreens = {
  leave,
  expenses,
  advances,
  hours,
  profile,
  bank,
  documents,
  'confirm-email': confirmEmail,
} satisfies Partial<Record<ScreenId, Screen>>;
