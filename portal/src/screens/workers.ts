// Replacement workers (issue 21): "Mes disponibilités", where a worker
// enters her usual week, its exceptions, the installations she prefers or
// refuses and her weekly maximum on her phone; "Profils des remplaçantes",
// where the service keeps each worker's functions, age groups,
// qualification and the installations that refuse her. Every time is typed
// `HH:MM`; a refused field is shown next to it, nothing typed is lost.
import { call, type Schemas } from '../api/client';
import { net, org, state } from '../app';
import { h, notice } from '../dom';
import { confirmAction } from '../widgets/confirm';
import { formatTimeSpan, t, tk } from '../i18n';
import { type Screen } from '../router';
import { type FormValues, str } from '../rules/forms';
import { formatHours } from '../rules/hours';
import { displayPhone } from '../rules/phone';
import { hashOf, hashQuery, type ScreenId } from '../rules/routes';
import { bothWays, WEEKDAYS, type Weekday, weeklyMaximum } from '../rules/workers';
import { done, flash } from '../widgets/flash';
import { actionButton, cell, field, makeForm } from '../widgets/forms';
import { page } from '../widgets/layout';

type Profile = Schemas['WorkerProfileView'];
type SpanIn = Schemas['SpanInput'];
type Choices = Schemas['Choices'];

const MAX_SPANS = 3;

interface Editor {
  el: HTMLElement;
  read: () => SpanIn[];
  /** Its JSON path changed (an exception above it removed). */
  rename: (prefix: string) => void;
}

/**
 * The spans of one day (or one exception): "De" / "À" per span, removable,
 * and "Ajouter une plage" (3 at most). Each input is named by its JSON path
 * (`week.monday[0].start`), so the API's refusals land next to it.
 */
function spansEditor(path: string, label: string, spans: readonly SpanIn[], emptyHint: string): Editor {
  let prefix = path;
  const rows = h('div', { class: 'spans' });
  const hint = h('p', { class: 'hint spans-empty' }, emptyHint);
  const add = h('button', { type: 'button', class: 'small' }, t('avail.addSpan'));
  const renumber = () => {
    const all = Array.from(rows.children) as HTMLElement[];
    all.forEach((row, i) => {
      for (const part of ['start', 'end'] as const) {
        const box = row.querySelector<HTMLElement>(`[data-part="${part}"]`)!;
        const name = `${prefix}[${i}].${part}`;
        box.dataset.field = name;
        const input = box.querySelector('input')!;
        input.name = name;
        box.querySelector('.field-error')!.id = `${name.replace(/[^\w]/g, '_')}-error`;
        input.setAttribute('aria-describedby', `${name.replace(/[^\w]/g, '_')}-error`);
      }
    });
    hint.hidden = all.length > 0;
    add.disabled = all.length >= MAX_SPANS;
  };
  const row = (s: SpanIn) => {
    const start = h('input', { type: 'time', value: s.start ?? '', step: '300' });
    const end = h('input', { type: 'time', value: s.end ?? '', step: '300' });
    const remove = h(
      'button',
      { type: 'button', class: 'small link', 'aria-label': t('avail.removeSpanOf', { day: label }) },
      t('avail.removeSpan'),
    );
    const el = h(
      'div',
      { class: 'span-row' },
      cell('start', t('avail.from', { day: label }), start),
      h('span', { 'aria-hidden': 'true' }, '–'),
      cell('end', t('avail.to', { day: label }), end),
      remove,
    );
    el.children[0].setAttribute('data-part', 'start');
    el.children[2].setAttribute('data-part', 'end');
    remove.addEventListener('click', () => {
      el.remove();
      renumber();
      add.focus();
    });
    return el;
  };
  for (const s of spans) rows.append(row(s));
  add.addEventListener('click', () => {
    const r = row({});
    rows.append(r);
    renumber();
    r.querySelector('input')?.focus();
  });
  renumber();
  const el = h(
    'div',
    { class: 'field spans-field', 'data-field': prefix },
    rows,
    hint,
    add,
    h('p', { class: 'field-error' }),
  );
  const read = () =>
    Array.from(rows.children).map((r) => {
      const [start, end] = Array.from(r.querySelectorAll('input'));
      return { start: start.value || null, end: end.value || null };
    });
  const rename = (next: string) => {
    prefix = next;
    el.dataset.field = next;
    renumber();
  };
  return { el, read, rename };
}

/** Her usual week: one block per weekday. */
function weekEditor(week: Schemas['UsualWeekInput']): { el: HTMLElement; read: () => Schemas['UsualWeekInput'] } {
  const days = WEEKDAYS.map(([day, n]) => {
    const name = tk('wd', String(n));
    const label = name.charAt(0).toUpperCase() + name.slice(1);
    const editor = spansEditor(`week.${day}`, label, week[day] ?? [], t('avail.dayOff'));
    return { day, editor, el: h('fieldset', { class: 'day', 'data-day': day }, h('legend', {}, label), editor.el) };
  });
  const read = () =>
    Object.fromEntries(days.map(({ day, editor }) => [day, editor.read()])) as Record<Weekday, SpanIn[]>;
  return {
    el: h(
      'fieldset',
      { class: 'week', id: 'usual-week' },
      h('legend', {}, t('avail.week')),
      h('p', { class: 'hint' }, t('avail.weekHint')),
      days.map((d) => d.el),
    ),
    read,
  };
}

/** The dates unlike her usual week: a date, and no span (off all day) or her hours that day. */
function exceptionsEditor(list: readonly Schemas['ExceptionInput'][]): {
  el: HTMLElement;
  read: () => Schemas['ExceptionInput'][];
} {
  const rows = h('div', { class: 'exceptions' });
  const entries: { el: HTMLElement; date: HTMLInputElement; spans: Editor }[] = [];
  const renumber = () => {
    entries.forEach((e, i) => {
      const box = e.el.querySelector<HTMLElement>('[data-part="date"]')!;
      box.dataset.field = `exceptions[${i}].date`;
      e.date.name = `exceptions[${i}].date`;
      e.spans.rename(`exceptions[${i}].spans`);
    });
  };
  const add = (x: Schemas['ExceptionInput']) => {
    const i = entries.length;
    const date = h('input', { type: 'date', value: x.date ?? '' });
    const spans = spansEditor(
      `exceptions[${i}].spans`,
      x.date ?? t('avail.thatDay'),
      x.spans ?? [],
      t('avail.offAllDay'),
    );
    const remove = h('button', { type: 'button', class: 'small link' }, t('avail.removeException'));
    const el = h('div', { class: 'exception' }, cell(`exceptions[${i}].date`, t('avail.date'), date), spans.el, remove);
    el.children[0].setAttribute('data-part', 'date');
    const entry = { el, date, spans };
    remove.addEventListener('click', () => {
      entries.splice(entries.indexOf(entry), 1);
      el.remove();
      renumber();
      addButton.focus();
    });
    entries.push(entry);
    rows.append(el);
    return entry;
  };
  const addButton = h('button', { type: 'button', class: 'small' }, t('avail.addException'));
  addButton.addEventListener('click', () => add({}).date.focus());
  for (const x of list) add(x);
  return {
    el: h(
      'fieldset',
      { class: 'exceptions-field', id: 'exceptions' },
      h('legend', {}, t('avail.exceptions')),
      h('p', { class: 'hint' }, t('avail.exceptionsHint')),
      rows,
      addButton,
    ),
    read: () => entries.map((e) => ({ date: e.date.value || null, spans: e.spans.read() })),
  };
}

/** A checkbox per live installation, named for the list (`preferred`, …); the API's `list[i]` refusal said on the group. */
function installationChecks(name: string, legend: string, choices: Choices, checked: readonly string[]): HTMLElement {
  return h(
    'fieldset',
    { class: 'field checks', 'data-field': name, id: `${name}-installations` },
    h('legend', {}, legend),
    choices.installations.map((i) =>
      h(
        'span',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          id: `${name}-${i.id}`,
          name,
          value: i.id,
          'data-group': '1',
          checked: checked.includes(i.id),
        }),
        h('label', { for: `${name}-${i.id}` }, i.name),
      ),
    ),
    h('p', { class: 'field-error' }),
  );
}

function ticked(v: FormValues, name: string): string[] {
  const x = v[name];
  return Array.isArray(x) ? x : [];
}

/** The API's `refused[2]` said on the group `refused`. */
function listAliases(choices: Choices): Record<string, string> {
  const out: Record<string, string> = {};
  for (const list of ['preferred', 'refused', 'refused_by', 'functions', 'age_groups']) {
    const n =
      list === 'functions'
        ? choices.functions.length
        : list === 'age_groups'
          ? choices.age_groups.length
          : choices.installations.length;
    for (let i = 0; i < Math.max(n, 20); i++) out[`${list}[${i}]`] = list;
  }
  return out;
}

function maxField(p: Profile): ReturnType<typeof field> {
  return field({
    name: 'max_hours',
    label: t('avail.max'),
    value: p.max_weekly_minutes ? formatHours(p.max_weekly_minutes) : '',
    inputmode: 'decimal',
    hint: t('avail.maxHint'),
  });
}

function validateCommon(v: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (weeklyMaximum(str(v.max_hours)) === null) errors.max_hours = t('avail.maxInvalid');
  if (bothWays(ticked(v, 'preferred'), ticked(v, 'refused')).length) errors.refused = t('avail.bothWays');
  return errors;
}

/** What the service keeps of her, read only on her screen. */
function kept(p: Profile): HTMLElement {
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : t('avail.notSet'));
  return h(
    'section',
    { class: 'card', id: 'service-notes' },
    h('h2', {}, t('avail.kept')),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('wp.functions')),
      h('dd', {}, list(p.functions)),
      h('dt', {}, t('wp.ageGroups')),
      h('dd', {}, list(p.age_groups)),
      h('dt', {}, t('wp.qualified')),
      h('dd', {}, p.qualified ? t('common.yes') : t('common.no')),
    ),
    h('p', { class: 'hint' }, t('avail.keptHint')),
  );
}

/** Her offers by text too: offered when her phone on file can receive texts, else how to get there. */
function smsField(p: Profile): HTMLElement {
  if (!p.sms_phone) return h('p', { class: 'hint', id: 'sms-none' }, t('avail.smsNone'));
  return field({
    name: 'sms_offers',
    label: t('avail.sms', { phone: displayPhone(p.sms_phone) }),
    type: 'checkbox',
    value: p.sms_offers,
    hint: t('avail.smsHint'),
  });
}

/** "Mes disponibilités": a worker's own week, exceptions, installations and maximum. */
async function availability(): Promise<HTMLElement> {
  const orgId = org();
  const p = await call(state.api.GET('/orgs/{org_id}/me/worker-profile', { params: { path: { org_id: orgId } } }), net);
  const choices = p.choices!;
  const week = weekEditor(p.week);
  const exceptions = exceptionsEditor(p.exceptions);
  const form = makeForm({
    id: 'availability',
    fields: [
      week.el,
      exceptions.el,
      installationChecks('preferred', t('avail.preferred'), choices, p.preferred),
      installationChecks('refused', t('avail.refused'), choices, p.refused),
      maxField(p),
      smsField(p),
    ],
    aliases: { ...listAliases(choices), max_weekly_minutes: 'max_hours' },
    submit: t('avail.save'),
    validate: validateCommon,
    onSubmit: async (v) => {
      await call(
        state.api.PUT('/orgs/{org_id}/me/availability', {
          params: { path: { org_id: orgId } },
          body: {
            week: week.read(),
            exceptions: exceptions.read(),
            preferred: ticked(v, 'preferred'),
            refused: ticked(v, 'refused'),
            max_weekly_minutes: weeklyMaximum(str(v.max_hours)) ?? null,
            sms_offers: p.sms_phone ? v.sms_offers === true : undefined,
            version: p.version,
          },
        }),
        net,
      );
      done(t('avail.saved'));
    },
  });
  return page(t('nav.availability'), flash(), h('p', { class: 'hint' }, t('avail.intro')), form, kept(p));
}

/** One worker's profile as the service keeps it (and her availability, taken by phone). */
function profileEditor(orgId: string, p: Profile): HTMLElement {
  const choices = p.choices!;
  const name = `${p.first_name} ${p.last_name}`;
  const week = weekEditor(p.week);
  const exceptions = exceptionsEditor(p.exceptions);
  const group = (key: 'functions' | 'age_groups', legend: string, options: string[], checked: string[]) =>
    h(
      'fieldset',
      { class: 'field checks', 'data-field': key, id: `wp-${key}` },
      h('legend', {}, legend),
      options.map((o, i) =>
        h(
          'span',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            id: `wp-${key}-${i}`,
            name: key,
            value: o,
            'data-group': '1',
            checked: checked.includes(o),
          }),
          h('label', { for: `wp-${key}-${i}` }, o),
        ),
      ),
      h('p', { class: 'field-error' }),
    );
  const form = makeForm({
    id: 'worker-profile',
    fields: [
      group('functions', t('wp.functions'), choices.functions, p.functions),
      group('age_groups', t('wp.ageGroups'), choices.age_groups, p.age_groups),
      { name: 'qualified', label: t('wp.qualifiedLong'), type: 'checkbox', value: p.qualified },
      installationChecks('preferred', t('wp.preferred'), choices, p.preferred),
      installationChecks('refused', t('wp.refused'), choices, p.refused),
      installationChecks('refused_by', t('wp.refusedBy'), choices, p.refused_by ?? []),
      maxField(p),
      h('details', { class: 'by-phone' }, h('summary', {}, t('wp.availability')), week.el, exceptions.el),
    ],
    aliases: { ...listAliases(choices), max_weekly_minutes: 'max_hours' },
    submit: t('wp.save', { name }),
    validate: validateCommon,
    onSubmit: async (v) => {
      await call(
        state.api.PUT('/orgs/{org_id}/workers/{user_id}/profile', {
          params: { path: { org_id: orgId, user_id: p.worker_id } },
          body: {
            functions: ticked(v, 'functions'),
            age_groups: ticked(v, 'age_groups'),
            qualified: v.qualified === true,
            preferred: ticked(v, 'preferred'),
            refused: ticked(v, 'refused'),
            refused_by: ticked(v, 'refused_by'),
            max_weekly_minutes: weeklyMaximum(str(v.max_hours)) ?? null,
            week: week.read(),
            exceptions: exceptions.read(),
            version: p.version,
          },
        }),
        net,
      );
      done(t('wp.saved', { name }));
    },
  });
  return h(
    'section',
    { id: 'profile-editor' },
    h('h2', {}, t('wp.of', { name })),
    p.version === 0 ? h('p', { class: 'hint' }, t('wp.never')) : null,
    h(
      'p',
      { class: 'hint', id: 'wp-sms' },
      p.sms_offers && p.sms_phone ? t('wp.smsYes', { phone: displayPhone(p.sms_phone) }) : t('wp.smsNo'),
    ),
    form,
  );
}

/** "Profils des remplaçantes": the service's workers, each one's profile to keep. */
async function workerProfiles(): Promise<HTMLElement> {
  const orgId = org();
  const chosen = hashQuery(location.hash).get('worker');
  const workers = await call(state.api.GET('/orgs/{org_id}/workers', { params: { path: { org_id: orgId } } }), net);
  const list = h(
    'ul',
    { class: 'link-list', id: 'workers-list' },
    workers.items.map((w) =>
      h(
        'li',
        {},
        h(
          'a',
          {
            href: hashOf('worker-profiles', { org: orgId }, { worker: w.id }),
            'aria-current': w.id === chosen ? 'true' : null,
          },
          t('wp.edit', { name: `${w.first_name} ${w.last_name}` }),
        ),
      ),
    ),
  );
  const editor = chosen
    ? profileEditor(
        orgId,
        await call(
          state.api.GET('/orgs/{org_id}/workers/{user_id}/profile', {
            params: { path: { org_id: orgId, user_id: chosen } },
          }),
          net,
        ),
      )
    : null;
  return page(
    t('nav.workerProfiles'),
    flash(),
    h('p', { class: 'hint' }, t('wp.intro')),
    workers.items.length ? list : h('p', { class: 'hint' }, t('wp.none')),
    editor,
  );
}

type MyOffer = Schemas['MyOffer'];

/** When and where an offered request is: the days and hours, the place. */
function offerFacts(o: MyOffer): HTMLElement {
  const r = o.replacement;
  const where = [r.establishment_name, r.establishment_address].filter(Boolean).join(', ');
  return h(
    'dl',
    { class: 'facts' },
    h('dt', {}, t('offers.what')),
    h('dd', {}, `${r.task} (${r.function}, ${r.age_group})`),
    h('dt', {}, t('offers.where')),
    h('dd', {}, where || '—'),
    h('dt', {}, t('offers.when')),
    h(
      'dd',
      {},
      r.schedule
        ? `${r.schedule.days.join(', ')} (${formatTimeSpan(r.schedule.start_time, r.schedule.end_time)})`
        : '—',
    ),
    r.notes ? h('dt', {}, t('offers.notes')) : null,
    r.notes ? h('dd', {}, r.notes) : null,
  );
}

/** One open offer: accept (asked first, naming the work and the days) or decline with a reason. */
function openOffer(orgId: string, o: MyOffer): HTMLElement {
  const r = o.replacement;
  const days = r.schedule?.days.join(', ') ?? '';
  const accept = actionButton(
    t('offers.accept'),
    async () => {
      const yes = await confirmAction({
        title: t('offers.confirm.title', { task: r.task }),
        body: [t('offers.confirm.body', { days, place: r.establishment_name ?? '' })],
        action: t('offers.confirm.action'),
        danger: false,
      });
      if (!yes) return;
      try {
        await call(
          state.api.POST('/orgs/{org_id}/replacements/{replacement_id}/answer', {
            params: { path: { org_id: orgId, replacement_id: r.id } },
            body: { accept: true },
          }),
          net,
        );
        done(t('offers.accepted', { task: r.task }));
      } catch (e) {
        // Taken by someone else first: said on the offer.
        said.replaceChildren(notice(e instanceof Error ? e.message : t('common.network'), 'error'));
      }
    },
    'primary',
  );
  const said = h('div', { class: 'offer-said', 'aria-live': 'polite' });
  const decline = makeForm({
    class: 'form compact',
    fields: [{ name: 'reason', label: t('offers.reason'), type: 'textarea', hint: t('offers.reasonHint') }],
    submit: t('offers.decline'),
    onSubmit: async (v) => {
      await call(
        state.api.POST('/orgs/{org_id}/replacements/{replacement_id}/answer', {
          params: { path: { org_id: orgId, replacement_id: r.id } },
          body: { accept: false, reason: str(v.reason).trim() || null },
        }),
        net,
      );
      done(t('offers.declined', { task: r.task }));
    },
  });
  return h(
    'article',
    { class: 'card offer', 'data-offer': r.id },
    h('h2', {}, r.task),
    offerFacts(o),
    h('div', { class: 'actions' }, accept),
    said,
    h('details', { class: 'decline' }, h('summary', {}, t('offers.declineOpen')), decline),
  );
}

/** "Mes offres": the requests offered to her, open first, then her answers. */
async function myOffers(): Promise<HTMLElement> {
  const orgId = org();
  const list = await call(state.api.GET('/orgs/{org_id}/me/offers', { params: { path: { org_id: orgId } } }), net);
  const open = list.items.filter((o) => o.status === 'open');
  const past = list.items.filter((o) => o.status !== 'open');
  return page(
    t('nav.offers'),
    flash(),
    h('p', { class: 'hint' }, t('offers.intro')),
    open.length
      ? h(
          'div',
          { id: 'open-offers' },
          open.map((o) => openOffer(orgId, o)),
        )
      : h('p', { id: 'no-offers', class: 'hint' }, t('offers.none')),
    past.length ? h('h2', {}, t('offers.history')) : null,
    past.length
      ? h(
          'ul',
          { id: 'offer-history', class: 'history' },
          past.map((o) =>
            h(
              'li',
              { 'data-offer': o.replacement.id, 'data-status': o.status },
              `${o.replacement.task} — ${o.replacement.schedule?.days.join(', ') ?? ''} : ${tk('offers.status', o.status)}`,
              o.reason ? ` (${o.reason})` : '',
            ),
          ),
        )
      : null,
  );
}

export const workerScreens = {
  offers: myOffers,
  availability,
  'worker-profiles': workerProfiles,
} satisfies Partial<Record<ScreenId, Screen>>;
