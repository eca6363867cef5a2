// The client portal (seed 001): "+ Nouveau remplacement" with its
// "Horaire", the list with statuses and a refresh button, modify / delete /
// cancel, "Approbation des heures" (Ajustement, Repas, note), and the
// dispatcher's view.
import { call, type Schemas } from '../api/client';
import { can, establishments, establishmentsWith, net, org, state, zone } from '../app';
import { clear, h, notice } from '../dom';
import { formatDateTime, formatDay, formatTimeSpan, type Key, locale, t, tk } from '../i18n';
import { go, rerender, type Screen } from '../router';
import { todayIn } from '../rules/clock';
import { type FormValues, opt, str } from '../rules/forms';
import { formatDelay, formatHours, parseAdjustment } from '../rules/hours';
import { hashOf, hashQuery, type Match, type ScreenId } from '../rules/routes';
import { groupedReasons, reasonParts } from '../rules/workers';
import {
  daysBetween,
  period as periodOf,
  scheduleFromValues,
  shiftDays,
  shiftMinutes,
  weekdayOf,
} from '../rules/schedule';
import { calendarFeed } from '../widgets/calendar';
import { confirmAction } from '../widgets/confirm';
import { actionButton, cell, type Field, field, makeForm, readValues } from '../widgets/forms';
import { page, table, text } from '../widgets/layout';
import { announce } from '../widgets/notice';

type Replacement = Schemas['ReplacementView'];

/**
 * Installation names: the establishments the API lets the caller read (hers; every one for a
 * dispatcher), only those where she may ask for a replacement when `askable`.
 */
async function installations(orgId: string, askable = false): Promise<[string, string][]> {
  const mine = can('manager') || !askable ? null : establishmentsWith('request_replacements', orgId);
  try {
    const all = await establishments(orgId);
    return all.filter((e) => !e.archived && (!mine || mine.includes(e.id))).map((e) => [e.id, e.name]);
  } catch {
    return (mine ?? establishmentsWith('request_replacements', orgId)).map((id, i) => [
      id,
      `${t('rep.installation')} ${i + 1}`,
    ]);
  }
}

async function findReplacement(orgId: string, id: string): Promise<Replacement> {
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page_ = await call(
      state.api.GET('/orgs/{org_id}/replacements', {
        params: { path: { org_id: orgId }, query: { limit: '100', cursor } },
      }),
      net,
    );
    const found = page_.items.find((r) => r.id === id);
    if (found) return found;
    if (!page_.next_cursor) break;
    cursor = page_.next_cursor;
  }
  throw new Error(t('common.none'));
}

/**
 * Seed 001: how the client reaches her replacement service — its name, email
 * and phone — on her list (for those who ask for replacements).
 */
async function serviceContact(orgId: string): Promise<HTMLElement | null> {
  if (!can('request_replacements')) return null;
  const c = await call(state.api.GET('/orgs/{org_id}/contact', { params: { path: { org_id: orgId } } }), net).catch(
    () => null,
  );
  if (!c || (!c.contact_email && !c.contact_phone)) return null;
  return h(
    'aside',
    { id: 'service-contact', class: 'notice', 'aria-labelledby': 'service-contact-title' },
    h('h2', { id: 'service-contact-title' }, t('rep.contact.title', { name: c.name })),
    c.contact_email
      ? h('p', {}, `${t('common.email')} : `, h('a', { href: `mailto:${c.contact_email}` }, c.contact_email))
      : null,
    c.contact_phone
      ? h(
          'p',
          {},
          `${t('rep.contact.phone')} : `,
          h('a', { href: `tel:${c.contact_phone.replace(/[^+\d]/g, '')}` }, c.contact_phone),
        )
      : null,
  );
}

async function replacements(match: Match): Promise<HTMLElement> {
  const orgId = org();
  const q = hashQuery(location.hash);
  const [names, list, contact] = await Promise.all([
    installations(orgId),
    call(
      state.api.GET('/orgs/{org_id}/replacements', {
        params: {
          path: { org_id: orgId },
          query: {
            status: q.get('status') || undefined,
            establishment: q.get('establishment') || undefined,
            cursor: q.get('cursor') || undefined,
          },
        },
      }),
      net,
    ),
    serviceContact(orgId),
  ]);
  const name = new Map(names);
  const filters = h(
    'form',
    { class: 'filters', role: 'search' },
    field({
      name: 'status',
      label: t('common.status'),
      type: 'select',
      value: q.get('status') ?? '',
      options: [
        ['', t('common.all')],
        ...(
          ['draft', 'requested', 'assigned', 'timesheet_submitted', 'approved', 'cancelled', 'unfilled'] as const
        ).map((s): [string, string] => [s, tk('rs', s)]),
      ],
    }),
    field({
      name: 'establishment',
      label: t('rep.installation'),
      type: 'select',
      value: q.get('establishment') ?? '',
      options: [['', t('common.all')], ...names],
    }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit' }, t('users.filter.apply'))),
  );
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = readValues(filters);
    const next = new URLSearchParams();
    if (str(v.status)) next.set('status', str(v.status));
    if (str(v.establishment)) next.set('establishment', str(v.establishment));
    location.hash = `${hashOf('replacements', { org: match.params.org })}?${next}`;
  });
  const refresh = h('button', { type: 'button', id: 'refresh' }, `⟳ ${t('common.refresh')}`);
  refresh.addEventListener('click', () => rerender());
  const rows = list.items.map((r) => [
    h('a', { href: hashOf('replacement', { org: orgId, rep: r.id }) }, formatDateTime(r.created_at)),
    text(name.get(r.establishment_id) ?? r.establishment_id),
    text(r.function),
    text(r.age_group),
    text(r.task),
    text(withLeftOut(r.schedule)),
    h('span', { class: `status s-${r.status}` }, tk('rs', r.status)),
    text(r.worker_first_name),
  ]);
  return page(
    t('rep.title'),
    h(
      'div',
      { class: 'toolbar' },
      h('a', { href: hashOf('replacement-new', { org: orgId }), class: 'button primary' }, t('rep.new')),
      refresh,
      h('p', {}, t('common.total', { n: list.total })),
    ),
    contact,
    filters,
    table(
      [
        t('rep.created'),
        t('rep.installation'),
        t('rep.function'),
        t('rep.ageGroup'),
        t('rep.task'),
        t('rep.period'),
        t('common.status'),
        t('rep.worker'),
      ],
      rows,
      t('rep.title'),
    ),
    list.next_cursor
      ? h(
          'a',
          {
            class: 'button',
            href: hashOf('replacements', { org: orgId }, { ...Object.fromEntries(q), cursor: list.next_cursor }),
          },
          t('common.more'),
        )
      : null,
    can('request_replacements') ? calendarFeed(orgId) : null,
  );
}

/** The period, its hours written in the reader's language. */
function period(s: Schemas['ScheduleView'] | null | undefined): string {
  return periodOf(s, formatTimeSpan);
}

/** "Jours exclus : mercredi 2026-12-09": the days of the range nobody works. */
function leftOut(s: Schemas['ScheduleView']): string {
  return t('rep.leftOut', { days: s.skipped_days.map((d) => `${tk('wd', String(weekdayOf(d)))} ${d}`).join(', ') });
}

/** The period, and the days left out when there are some (a list row). */
function withLeftOut(s: Schemas['ScheduleView'] | null | undefined): string {
  return s && s.skipped_days.length ? `${period(s)} · ${leftOut(s)}` : period(s);
}

/** "Horaire": dates, hours, unpaid break, and the days of the range to leave out. */
export function scheduleFields(initial?: Schemas['ScheduleView'] | null): HTMLElement {
  const days = h(
    'fieldset',
    { class: 'field days', 'data-field': 'schedule.skipped_days' },
    h('legend', {}, t('rep.skipped')),
    h('div', { class: 'day-list' }),
    h('p', { class: 'field-error' }),
  );
  const summary = h('p', { class: 'hint', 'aria-live': 'polite' });
  const box = h(
    'fieldset',
    { class: 'schedule', 'data-field': 'schedule' },
    h('legend', {}, t('rep.schedule')),
    field({ name: 'schedule.start_date', label: t('rep.startDate'), type: 'date', value: initial?.start_date ?? '' }),
    field({ name: 'schedule.end_date', label: t('rep.endDate'), type: 'date', value: initial?.end_date ?? '' }),
    field({ name: 'schedule.start_time', label: t('rep.startTime'), type: 'time', value: initial?.start_time ?? '' }),
    field({ name: 'schedule.end_time', label: t('rep.endTime'), type: 'time', value: initial?.end_time ?? '' }),
    field({
      name: 'schedule.unpaid_break_minutes',
      label: t('rep.break'),
      type: 'number',
      value: String(initial?.unpaid_break_minutes ?? 0),
      inputmode: 'numeric',
    }),
    days,
    summary,
    h('p', { class: 'field-error' }),
  );
  const skipped = new Set(initial?.skipped_days ?? []);
  const redraw = () => {
    const list = days.querySelector('.day-list')!;
    list
      .querySelectorAll<HTMLInputElement>('input')
      .forEach((b) => (b.checked ? skipped.add(b.value) : skipped.delete(b.value)));
    clear(list);
    const form = readSchedule(box);
    for (const d of daysBetween(form.start_date, form.end_date)) {
      list.append(
        h(
          'label',
          {},
          h('input', {
            type: 'checkbox',
            name: 'schedule.skipped_days',
            value: d,
            'data-group': '1',
            checked: skipped.has(d),
          }),
          ` ${d}`,
        ),
      );
    }
    const n = shiftDays(readSchedule(box)).length;
    const minutes = shiftMinutes(form);
    summary.textContent = n > 0 ? `${t('rep.shifts', { n })}${minutes ? ` × ${formatHours(minutes)} h` : ''}` : '';
  };
  box.addEventListener('change', (e) => {
    if ((e.target as HTMLInputElement).name !== 'schedule.skipped_days') redraw();
    else summary.textContent = t('rep.shifts', { n: shiftDays(readSchedule(box)).length });
  });
  queueMicrotask(redraw);
  return box;
}

function readSchedule(box: HTMLElement) {
  const get = (n: string) => box.querySelector<HTMLInputElement>(`[name="schedule.${n}"]`)?.value ?? '';
  return {
    start_date: get('start_date'),
    end_date: get('end_date'),
    start_time: get('start_time'),
    end_time: get('end_time'),
    unpaid_break_minutes: get('unpaid_break_minutes'),
    skipped_days: Array.from(box.querySelectorAll<HTMLInputElement>('[name="schedule.skipped_days"]:checked')).map(
      (b) => b.value,
    ),
  };
}

async function requestFields(orgId: string, r?: Replacement): Promise<Field[]> {
  const lists = await call(
    state.api.GET('/orgs/{org_id}/replacement-lists', { params: { path: { org_id: orgId } } }),
    net,
  );
  const choose = (xs: string[]): [string, string][] => [['', '—'], ...xs.map((x): [string, string] => [x, x])];
  return [
    {
      name: 'function',
      label: t('rep.function'),
      type: 'select',
      required: true,
      options: choose(lists.functions),
      value: r?.function,
    },
    {
      name: 'age_group',
      label: t('rep.ageGroup'),
      type: 'select',
      required: true,
      options: choose(lists.age_groups),
      value: r?.age_group,
    },
    { name: 'task', label: t('rep.task'), required: true, value: r?.task },
    { name: 'qualified', label: t('rep.qualified'), type: 'checkbox', value: r?.qualified ?? false },
    { name: 'notes', label: t('rep.notes'), type: 'textarea', value: r?.notes ?? '' },
  ];
}

async function replacementNew(): Promise<HTMLElement> {
  const orgId = org();
  const [names, fields] = await Promise.all([installations(orgId, true), requestFields(orgId)]);
  const withSchedule = (v: FormValues) => str(v['schedule.start_date']) !== '' || str(v['schedule.end_date']) !== '';
  const form = makeForm({
    id: 'replacement-new',
    fields: [
      { name: 'establishment_id', label: t('rep.installation'), type: 'select', required: true, options: names },
      ...fields,
      scheduleFields(),
    ],
    submit: t('common.save'),
    onSubmit: async (v, ctx) => {
      const created = await call(
        state.api.POST('/orgs/{org_id}/replacements', {
          params: { path: { org_id: orgId } },
          body: {
            establishment_id: opt(v.establishment_id),
            function: opt(v.function),
            age_group: opt(v.age_group),
            task: opt(v.task),
            qualified: v.qualified === true,
            notes: opt(v.notes),
            schedule: withSchedule(v) ? scheduleFromValues(v) : null,
          },
          headers: { 'Idempotency-Key': ctx.idempotencyKey },
        }),
        net,
      );
      sessionStorage.setItem('sesame.flash', t('rep.saved'));
      go('replacement', { org: orgId, rep: created.id });
    },
  });
  return page(t('rep.new.title'), form);
}

async function replacementPage(match: Match): Promise<HTMLElement> {
  const orgId = org();
  const r = await findReplacement(orgId, match.params.rep);
  const names = new Map(await installations(orgId));
  const path = { org_id: orgId, replacement_id: r.id };
  const flash = sessionStorage.getItem('sesame.flash');
  sessionStorage.removeItem('sesame.flash');
  const editable = r.status === 'draft' || r.status === 'requested';
  const out = h('div', { 'aria-live': 'polite' });
  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', {}, t('common.status')),
    h('dd', { id: 'replacement-status' }, tk('rs', r.status)),
    h('dt', {}, t('rep.installation')),
    h('dd', {}, names.get(r.establishment_id) ?? r.establishment_id),
    h('dt', {}, t('rep.function')),
    h('dd', {}, r.function),
    h('dt', {}, t('rep.ageGroup')),
    h('dd', {}, r.age_group),
    h('dt', {}, t('rep.task')),
    h('dd', {}, r.task),
    h('dt', {}, t('rep.qualified')),
    h('dd', {}, r.qualified ? t('common.yes') : t('common.no')),
    h('dt', {}, t('rep.notes')),
    h('dd', {}, r.notes ?? '—'),
    h('dt', {}, t('rep.schedule')),
    h(
      'dd',
      { class: 'schedule-days' },
      r.schedule
        ? [
            h('p', {}, `${period(r.schedule)} · ${t('rep.shifts', { n: r.schedule.shifts })}`),
            h(
              'ul',
              { class: 'shift-days' },
              r.schedule.days.map((d) => h('li', {}, `${tk('wd', String(weekdayOf(d)))} ${d}`)),
            ),
            r.schedule.skipped_days.length ? h('p', { class: 'left-out' }, leftOut(r.schedule)) : null,
          ]
        : '—',
    ),
    h('dt', {}, t('rep.worker')),
    h('dd', {}, r.worker_first_name ?? '—'),
  );
  const sections: (HTMLElement | null)[] = [flash ? notice(flash) : null, out, facts];
  if (editable) {
    const modify = makeForm({
      id: 'replacement-edit',
      fields: await requestFields(orgId, r),
      submit: t('rep.modify'),
      onSubmit: async (v) => {
        await call(
          state.api.PATCH('/orgs/{org_id}/replacements/{replacement_id}', {
            params: { path },
            body: {
              version: r.version,
              function: opt(v.function),
              age_group: opt(v.age_group),
              task: opt(v.task),
              qualified: v.qualified === true,
              notes: str(v.notes),
            },
          }),
          net,
        );
        sessionStorage.setItem('sesame.flash', t('rep.saved'));
        rerender();
      },
    });
    const schedule = makeForm({
      id: 'replacement-schedule',
      fields: [scheduleFields(r.schedule)],
      aliases: Object.fromEntries(
        ['start_date', 'end_date', 'start_time', 'end_time', 'unpaid_break_minutes', 'skipped_days'].map((f) => [
          f,
          `schedule.${f}`,
        ]),
      ),
      submit: 'OK',
      onSubmit: async (v) => {
        await call(
          state.api.PUT('/orgs/{org_id}/replacements/{replacement_id}/schedule', {
            params: { path },
            body: scheduleFromValues(v),
          }),
          net,
        );
        sessionStorage.setItem('sesame.flash', t('rep.saved'));
        rerender();
      },
    });
    const del = actionButton(
      t('rep.delete'),
      async () => {
        const ask = { title: t('confirm.repDelete.title', { task: r.task }), body: [t('confirm.repDelete.body')] };
        if (!(await confirmAction({ ...ask, action: t('confirm.repDelete.action') }))) return;
        try {
          await call(state.api.DELETE('/orgs/{org_id}/replacements/{replacement_id}', { params: { path } }), net);
          announce(t('done.repDeleted', { task: r.task }), { on: hashOf('replacements', { org: orgId }) });
          go('replacements', { org: orgId });
        } catch (e) {
          clear(out);
          out.append(notice(e instanceof Error ? e.message : t('common.network'), 'error'));
        }
      },
      'danger',
    );
    sections.push(
      h('h2', {}, t('rep.defineSchedule')),
      schedule,
      h('h2', {}, t('rep.modify')),
      modify,
      h('div', { class: 'actions' }, del),
    );
  }
  if (r.status === 'assigned' || r.status === 'requested' || r.status === 'draft') {
    sections.push(
      h(
        'div',
        { class: 'actions' },
        actionButton(
          t('rep.cancel'),
          async () => {
            const ask = { title: t('confirm.repCancel.title', { task: r.task }), body: [t('confirm.repCancel.body')] };
            if (!(await confirmAction({ ...ask, action: t('confirm.repCancel.action') }))) return;
            try {
              await call(
                state.api.POST('/orgs/{org_id}/replacements/{replacement_id}/cancel', { params: { path } }),
                net,
              );
              announce(t('done.repCancelled', { task: r.task }));
              rerender();
            } catch (e) {
              clear(out);
              out.append(notice(e instanceof Error ? e.message : t('common.network'), 'error'));
            }
          },
          'danger',
        ),
      ),
    );
  }
  if (r.hours.length > 0) sections.push(h('h2', {}, t('appr.title')), hoursTable(r));
  return page(
    `${t('rep.title')} — ${r.task}`,
    ...sections,
    h('p', {}, h('a', { href: hashOf('replacements', { org: orgId }) }, t('common.back'))),
  );
}

function hoursTable(r: Replacement): HTMLElement {
  return table(
    [
      t('common.date'),
      t('appr.start'),
      t('appr.end'),
      t('appr.break'),
      t('appr.submitted'),
      t('appr.adjustment'),
      t('appr.meal'),
      t('appr.payable'),
    ],
    r.hours.map((s) => [
      text(s.date),
      text(s.start_time),
      text(s.end_time),
      text(`${s.break_minutes} min`),
      text(formatHours(Number(s.submitted_minutes))),
      text(s.adjustments.map((a) => `${formatHours(a.delta_minutes, true)} (${a.note})`).join('; ') || null),
      text(s.meal ? t('common.yes') : t('common.no')),
      text(s.payable_hours),
    ]),
  );
}

/** One timesheet to approve: approve as submitted, or modify shifts with an adjustment, the meal and a mandatory note. */
export function approvalForm(orgId: string, r: Replacement, onDone: () => void): HTMLElement {
  const rows = r.hours.map((s, i) =>
    h(
      'tr',
      { 'data-date': s.date },
      h('th', { scope: 'row' }, s.date),
      h('td', {}, formatTimeSpan(s.start_time, s.end_time)),
      h('td', {}, `${s.break_minutes} min`),
      h('td', {}, formatHours(Number(s.submitted_minutes))),
      h(
        'td',
        {},
        cell(
          `modifications[${i}].adjustment`,
          `${t('appr.adjustment')} ${s.date}`,
          h('input', {
            name: `modifications[${i}].adjustment`,
            inputmode: 'decimal',
            placeholder: '0,00',
            size: 6,
            autocomplete: 'off',
          }),
        ),
      ),
      h(
        'td',
        {},
        cell(
          `modifications[${i}].meal`,
          `${t('appr.meal')} ${s.date}`,
          h(
            'select',
            { name: `modifications[${i}].meal` },
            h('option', { value: 'yes', selected: s.meal_taken }, t('common.yes')),
            h('option', { value: 'no', selected: !s.meal_taken }, t('common.no')),
          ),
        ),
      ),
      h(
        'td',
        {},
        cell(
          `modifications[${i}].note`,
          `${t('appr.note')} ${s.date}`,
          h('input', { name: `modifications[${i}].note`, autocomplete: 'off' }),
        ),
      ),
      h('td', {}, s.payable_hours),
    ),
  );
  const modified = (v: FormValues) =>
    r.hours.map((s, i) => {
      const adjustment = str(v[`modifications[${i}].adjustment`]);
      const meal = str(v[`modifications[${i}].meal`]) === 'yes';
      const note = str(v[`modifications[${i}].note`]);
      return {
        i,
        date: s.date,
        adjustment,
        meal,
        note,
        changed: adjustment !== '' || meal !== s.meal_taken || note !== '',
      };
    });
  const tableEl = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'approval' },
      h('caption', {}, `${r.task} — ${r.worker_first_name ?? ''} — ${period(r.schedule)}`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [
            t('common.date'),
            `${t('appr.start')} / ${t('appr.end')}`,
            t('appr.break'),
            t('appr.submitted'),
            t('appr.adjustment'),
            t('appr.meal'),
            t('appr.note'),
            t('appr.payable'),
          ].map((x) => h('th', { scope: 'col' }, x)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
  const approve = actionButton(
    t('appr.approve'),
    async () => {
      clear(status);
      // What the client typed in "Modifier" is never dropped: with any
      // modification, approving sends it (checked like the modify button).
      if (modified(readValues(form)).some((m) => m.changed)) {
        status.append(notice(t('appr.approveWithChanges')));
        form.requestSubmit();
        return;
      }
      try {
        await call(
          state.api.POST('/orgs/{org_id}/replacements/{replacement_id}/approval', {
            params: { path: { org_id: orgId, replacement_id: r.id } },
            body: { version: r.version, modifications: [] },
          }),
          net,
        );
        sessionStorage.setItem('sesame.flash', t('appr.approved'));
        onDone();
      } catch (e) {
        status.append(notice(e instanceof Error ? e.message : t('common.network'), 'error'));
      }
    },
    'primary',
  );
  const status = h('div', { 'aria-live': 'polite' });
  // The API names the submitted modifications by their index; the form's
  // fields are named by row: filled on submit.
  const formAliases: Record<string, string> = {};
  const form = makeForm({
    class: 'form approval-form',
    fields: [h('p', { class: 'hint' }, t('appr.adjustment.hint')), tableEl],
    submit: t('appr.submitModified'),
    validate: (v) => {
      const errors: Record<string, string> = {};
      for (const m of modified(v)) {
        if (m.adjustment !== '' && parseAdjustment(m.adjustment) === null)
          errors[`modifications[${m.i}].adjustment`] = t('appr.invalidAdjustment');
        if (m.changed && m.note === '') errors[`modifications[${m.i}].note`] = t('appr.noteRequired');
      }
      return errors;
    },
    onSubmit: async (v, ctx) => {
      const changes = modified(v).filter((m) => m.changed);
      // Fields are renamed to the submitted modifications' indexes for the API's errors.
      const aliases: Record<string, string> = {};
      changes.forEach((m, j) =>
        ['adjustment', 'note', 'meal', 'date'].forEach(
          (f) => (aliases[`modifications[${j}].${f}`] = `modifications[${m.i}].${f === 'date' ? 'note' : f}`),
        ),
      );
      for (const k of Object.keys(formAliases)) delete formAliases[k];
      Object.assign(formAliases, aliases);
      await call(
        state.api.POST('/orgs/{org_id}/replacements/{replacement_id}/approval', {
          params: { path: { org_id: orgId, replacement_id: r.id } },
          body: {
            version: r.version,
            modifications: changes.map((m) => ({
              date: m.date,
              adjustment: m.adjustment || null,
              meal: m.meal,
              note: m.note || null,
            })),
          },
          headers: { 'Idempotency-Key': ctx.idempotencyKey },
        }),
        net,
      );
      sessionStorage.setItem('sesame.flash', t('appr.approved'));
      onDone();
    },
    aliases: formAliases,
  });
  return h(
    'article',
    { class: 'approval-card', 'data-replacement': r.id },
    form,
    h('div', { class: 'actions' }, approve),
    status,
  );
}

async function approvals(): Promise<HTMLElement> {
  const orgId = org();
  const list = await call(
    state.api.GET('/orgs/{org_id}/replacements', {
      params: { path: { org_id: orgId }, query: { status: 'timesheet_submitted' } },
    }),
    net,
  );
  const flash = sessionStorage.getItem('sesame.flash');
  sessionStorage.removeItem('sesame.flash');
  const refresh = h('button', { type: 'button' }, `⟳ ${t('common.refresh')}`);
  refresh.addEventListener('click', () => rerender());
  return page(
    t('appr.title'),
    flash ? notice(flash) : null,
    h('div', { class: 'toolbar' }, refresh),
    list.items.length === 0
      ? h('p', {}, t('appr.none'))
      : h(
          'div',
          {},
          list.items.map((r) => approvalForm(orgId, r, rerender)),
        ),
  );
}

/**
 * "Offrir aux remplaçantes": the first press offers the request to those
 * preferring its installation (or to every match when none does), the next
 * to every other match; says how many were offered it, or why nobody.
 */
function offerButton(orgId: string, r: Schemas['ReplacementView']): HTMLElement {
  return actionButton(t('offers.send'), async () => {
    try {
      const round = await call(
        state.api.POST('/orgs/{org_id}/replacements/{replacement_id}/offers', {
          params: { path: { org_id: orgId, replacement_id: r.id } },
          body: {},
        }),
        net,
      );
      announce(
        t(round.next_step === 'second_wave' ? 'offers.sent1' : 'offers.sent2', {
          n: round.sent,
          task: r.task,
          at: formatDateTime(round.next_at),
        }),
      );
    } catch (e) {
      announce(e instanceof Error ? e.message : t('common.network'), { kind: 'error' });
    }
  });
}

/**
 * "Qui peut la prendre ?": folded under a request, it loads whom the request
 * matches (those preferring its installation first) and, for every other
 * worker, each reason she is not offered it, in words.
 */
function matchesPanel(orgId: string, id: string): HTMLElement {
  const body = h('div', { class: 'matches', 'aria-live': 'polite' });
  const panel = h('details', { class: 'matches-panel' }, h('summary', {}, t('match.who')), body);
  let loaded = false;
  panel.addEventListener('toggle', () => {
    if (!panel.open || loaded) return;
    loaded = true;
    body.append(h('p', { class: 'hint' }, t('common.loading')));
    void call(
      state.api.GET('/orgs/{org_id}/replacements/{replacement_id}/matches', {
        params: { path: { org_id: orgId, replacement_id: id } },
      }),
      net,
    )
      .then((m) => {
        clear(body);
        const name = (w: Schemas['MatchView']) => `${w.first_name} ${w.last_name}`;
        body.append(
          h('h3', {}, t('match.matching', { n: m.matching.length })),
          m.matching.length
            ? h(
                'ul',
                { class: 'matching' },
                m.matching.map((w) =>
                  h('li', { 'data-worker': w.worker_id }, name(w), w.prefers ? ` — ${t('match.prefers')}` : ''),
                ),
              )
            : h('p', { class: 'hint' }, t('match.nobody')),
        );
        if (m.not_matching.length)
          body.append(
            h('h3', {}, t('match.notMatching', { n: m.not_matching.length })),
            h(
              'ul',
              { class: 'not-matching' },
              m.not_matching.map((w) =>
                h(
                  'li',
                  { 'data-worker': w.worker_id },
                  t('match.line', { name: name(w), reasons: reasonsText(w.reasons) }),
                ),
              ),
            ),
          );
      })
      .catch((e: unknown) => {
        loaded = false;
        clear(body);
        body.append(notice(e instanceof Error ? e.message : t('common.network'), 'error'));
      });
  });
  return panel;
}

/** A worker's reasons in words, the same reason on several days said once. */
function reasonsText(reasons: Schemas['Mismatch'][]): string {
  return groupedReasons(reasons)
    .map((g) => {
      const first = reasons.find((r) => r.reason === g.reason)!;
      const [key, values] = reasonParts(first);
      const dates = g.dates.map((d) => `${tk('wd', String(weekdayOf(d)))} ${d}`).join(', ');
      const v: Record<string, string | number> = { ...values, date: dates, week: dates };
      if (first.reason === 'weekly_maximum') {
        v.minutes = formatHours(first.minutes);
        v.max = formatHours(first.max_minutes);
      }
      return t(key as Key, v);
    })
    .join(' ; ');
}

async function dispatch(): Promise<HTMLElement> {
  const orgId = org();
  const [names, list, workers] = await Promise.all([
    installations(orgId).then((all) => new Map(all)),
    call(
      state.api.GET('/orgs/{org_id}/replacements', {
        params: { path: { org_id: orgId }, query: { status: 'requested' } },
      }),
      net,
    ),
    // The workers to pick from: the dispatch list (no user management needed).
    call(state.api.GET('/orgs/{org_id}/workers', { params: { path: { org_id: orgId } } }), net),
  ]);
  const rows = list.items.map((r) => {
    const assign = makeForm({
      class: 'form compact inline',
      fields: [
        {
          name: 'worker_id',
          label: t('rep.workerId'),
          type: 'select',
          required: true,
          options: [['', '—'], ...workers.items.map((w): [string, string] => [w.id, `${w.first_name} ${w.last_name}`])],
        },
      ],
      submit: t('rep.assign'),
      onSubmit: async (v, ctx) => {
        await call(
          state.api.POST('/orgs/{org_id}/replacements/{replacement_id}/assignment', {
            params: { path: { org_id: orgId, replacement_id: r.id } },
            body: { worker_id: opt(v.worker_id) },
            headers: { 'Idempotency-Key': ctx.idempotencyKey },
          }),
          net,
        );
        const w = workers.items.find((x) => x.id === v.worker_id);
        announce(t('done.assigned', { worker: w ? `${w.first_name} ${w.last_name}` : '—', task: r.task }));
        rerender();
      },
    });
    const unfilled = actionButton(t('rep.unfilled'), async () => {
      const ask = { title: t('confirm.unfilled.title', { task: r.task }), action: t('confirm.unfilled.action') };
      if (!(await confirmAction({ ...ask, body: [t('confirm.unfilled.body', { period: period(r.schedule) })] })))
        return;
      await call(
        state.api.POST('/orgs/{org_id}/replacements/{replacement_id}/unfilled', {
          params: { path: { org_id: orgId, replacement_id: r.id } },
        }),
        net,
      );
      announce(t('done.unfilled', { task: r.task }));
      rerender();
    });
    return [
      text(r.establishment_name ?? names.get(r.establishment_id) ?? r.establishment_id),
      text(r.task),
      text(r.function),
      text(r.age_group),
      text(
        r.schedule
          ? `${r.schedule.days.join(', ')} (${formatTimeSpan(r.schedule.start_time, r.schedule.end_time)})`
          : '—',
      ),
      h('div', {}, assign, offerButton(orgId, r), unfilled, matchesPanel(orgId, r.id)),
    ];
  });
  return page(
    t('nav.dispatch'),
    table(
      [t('rep.installation'), t('rep.task'), t('rep.function'), t('rep.ageGroup'), t('rep.days'), t('common.actions')],
      rows,
    ),
  );
}

/** The fill metrics (issue 21): one line per installation's week, then the whole period. */
function fillFigures(fill: Schemas['FillMetrics']): Node[] {
  const decimal = (n: number) => String(n).replace('.', locale() === 'fr' ? ',' : '.');
  const figures = (label: Node, week: string, x: Schemas['FillFigures']): Node[] => [
    label,
    text(week),
    text(String(x.requests)),
    text(`${x.filled} (${x.filled_by_offer})`),
    text(String(x.unfilled)),
    text(String(x.open)),
    text(`${x.fill_rate_percent} %`),
    text(x.median_minutes_to_fill == null ? '—' : formatDelay(x.median_minutes_to_fill, t('reports.dayLetter'))),
    text(x.offers_per_fill == null ? '—' : decimal(x.offers_per_fill)),
  ];
  return [
    h('h2', {}, t('reports.fill')),
    h('p', { class: 'hint' }, t('reports.fillHint')),
    fill.lines.length
      ? table(
          [
            t('reports.establishment'),
            t('reports.week'),
            t('reports.asked'),
            t('reports.filled'),
            t('reports.unfilled'),
            t('reports.open'),
            t('reports.fillRate'),
            t('reports.timeToFill'),
            t('reports.offersPerFill'),
          ],
          [
            ...fill.lines.map((l) => figures(text(l.establishment_name), formatDay(l.week), l)),
            figures(h('strong', {}, t('reports.total')), '', fill.total),
          ],
        )
      : h('p', { class: 'hint' }, t('reports.none')),
  ];
}

/**
 * Seed 004's "Données des reporting" (`reports`): a period's figures — approved
 * hours per establishment, replacements per status, leave taken — and the
 * payroll export (one line per shift), for the establishments where she holds
 * it (a manager: all); both downloadable as CSV.
 */
function reports(): HTMLElement {
  const orgId = org();
  const today = todayIn(zone());
  const shown = h('div', { id: 'reports-figures' });
  const status = h('p', { role: 'status', class: 'hint' });
  const download = (text: string, name: string) => {
    const a = h('a', {
      href: URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' })),
      download: name,
    });
    document.body.append(a);
    a.click();
    a.remove();
  };
  const form = makeForm({
    id: 'reports-period',
    fields: [
      { name: 'from', label: t('reports.from'), type: 'date', required: true, value: `${today.slice(0, 8)}01` },
      { name: 'to', label: t('reports.to'), type: 'date', required: true, value: today },
    ],
    submit: t('reports.show'),
    validate: (v): Record<string, string> => (str(v.to) < str(v.from) ? { to: t('reports.toBeforeFrom') } : {}),
    onSubmit: async (v) => {
      const query = { from: str(v.from), to: str(v.to) };
      const [r, fill] = await Promise.all([
        call(state.api.GET('/orgs/{org_id}/reports', { params: { path: { org_id: orgId }, query } }), net),
        call(state.api.GET('/orgs/{org_id}/reports/fill', { params: { path: { org_id: orgId }, query } }), net),
      ]);
      clear(shown);
      shown.append(
        h('h2', {}, t('reports.hours')),
        r.hours.length
          ? table(
              [t('reports.establishment'), t('reports.shifts'), t('reports.payable')],
              r.hours.map((x) => [
                text(x.establishment_name),
                text(String(x.shifts)),
                text(formatHours(x.payable_minutes)),
              ]),
            )
          : h('p', { class: 'hint' }, t('reports.none')),
        h('h2', {}, t('reports.replacements')),
        r.replacements.length
          ? table(
              [t('common.status'), t('reports.count')],
              r.replacements.map((x) => [text(tk('rs', x.status)), text(String(x.count))]),
            )
          : h('p', { class: 'hint' }, t('reports.none')),
        h('h2', {}, t('reports.leave')),
        r.leave.length
          ? table(
              [t('reports.leaveType'), t('reports.requests'), t('reports.days')],
              r.leave.map((x) => [
                text(tk('leave', x.leave_type)),
                text(String(x.requests)),
                text(String(x.half_days / 2).replace('.', locale() === 'fr' ? ',' : '.')),
              ]),
            )
          : h('p', { class: 'hint' }, t('reports.none')),
        ...fillFigures(fill),
      );
      return t('reports.shown', query);
    },
  });
  const period = () => {
    const v = readValues(form);
    return { from: str(v.from), to: str(v.to) };
  };
  const csvOf = async (
    path: '/orgs/{org_id}/payroll' | '/orgs/{org_id}/reports' | '/orgs/{org_id}/reports/fill',
    name: string,
  ) => {
    const query = period();
    if (!query.from || !query.to || query.to < query.from) {
      status.textContent = t('reports.periodFirst');
      return;
    }
    try {
      const text = await call(
        path === '/orgs/{org_id}/payroll'
          ? state.api.GET(path, { params: { path: { org_id: orgId }, query }, parseAs: 'text' })
          : state.api.GET(path, {
              params: { path: { org_id: orgId }, query: { ...query, format: 'csv' } },
              parseAs: 'text',
            }),
        net,
      );
      download(text, `${name}-${query.from}-${query.to}.csv`);
      const lines = Math.max(text.split('\n').filter((l) => l.trim()).length - 1, 0);
      const said: Record<typeof path, Key> = {
        '/orgs/{org_id}/payroll': 'reports.downloaded',
        '/orgs/{org_id}/reports': 'reports.figuresDownloaded',
        '/orgs/{org_id}/reports/fill': 'reports.fillDownloaded',
      };
      status.textContent = t(said[path], { n: lines, ...query });
    } catch (e) {
      status.textContent = e instanceof Error ? e.message : t('common.network');
    }
  };
  const actions = h(
    'div',
    { class: 'actions' },
    actionButton(t('reports.download'), () => csvOf('/orgs/{org_id}/payroll', 'paie')),
    actionButton(t('reports.downloadFigures'), () => csvOf('/orgs/{org_id}/reports', 'rapports')),
    actionButton(t('reports.downloadFill'), () => csvOf('/orgs/{org_id}/reports/fill', 'comblement')),
  );
  return page(t('reports.title'), h('p', { class: 'hint' }, t('reports.intro')), form, actions, status, shown);
}

export const clientScreens = {
  reports,
  replacements,
  'replacement-new': replacementNew,
  replacement: replacementPage,
  approvals,
  dispatch,
} satisfies Partial<Record<ScreenId, Screen>>;
