// The employee space's home (what `GET /me` says: organisations, status,
// access per establishment, and the menu of the features switched on), the worker's view and
// the landing redirect.
import { call, type Schemas } from '../api/client';
import { can, loadMe, net, org, state, zone } from '../app';
import { h, notice } from '../dom';
import { formatDateTime, formatHour, formatTimeSpan, t, tk } from '../i18n';
import { go, rerender, type Screen } from '../router';
import { nowIn } from '../rules/clock';
import { opt, str } from '../rules/forms';
import type { ScreenId } from '../rules/routes';
import { displayPhone } from '../rules/phone';
import { shiftDays, shiftsEnded, weekdayOf } from '../rules/schedule';
import { actionButton, cell, field, makeForm } from '../widgets/forms';
import { announce } from '../widgets/notice';
import { changedChoices, NOTIFICATIONS } from '../rules/notifications';
import { calendarFeed } from '../widgets/calendar';
import { qrCode } from '../widgets/qr';
import { page } from '../widgets/layout';
import { spaceNav } from '../widgets/space';

async function space(): Promise<HTMLElement> {
  const me = state.me ?? (await loadMe());
  const menu = spaceNav();
  // What her organisation requires and she has not set up comes first: nothing else opens until it is done.
  const required = me.mfa.enrolment_required ? [enrolment(me.mfa.enrolment_required), secondFactors(me.mfa)] : [];
  return page(
    t('space.title'),
    ...required,
    menu ?? h('p', { class: 'hint', id: 'space-none' }, t('space.none')),
    h('p', { id: 'me-email' }, me.email),
    h('p', {}, `${t('access.lastLogin')} : ${formatDateTime(me.last_login_at)}`),
    ...(required.length ? [] : [secondFactors(me.mfa)]),
    h('h2', {}, t('space.memberships')),
    h(
      'ul',
      { class: 'memberships' },
      me.memberships.map((m) => {
        const grants = Object.entries(m.permissions);
        return h(
          'li',
          { 'data-org': m.org_id },
          h('h3', {}, `${m.org_name} — ${m.first_name} ${m.last_name}`),
          m.status === 'active' ? notifications(m.org_id, m.org_name, m.manager) : null,
          h('p', {}, `${t('common.status')} : ${tk('status', m.status)}${m.manager ? ` · ${t('space.manager')}` : ''}`),
          grants.length === 0 && !m.manager
            ? notice(t('space.noRoles'))
            : h(
                'div',
                {},
                h('h4', {}, t('space.permissions')),
                h(
                  'ul',
                  { class: 'grants' },
                  grants.map(([est, perms]) =>
                    h(
                      'li',
                      {},
                      h('span', { class: 'est' }, est === m.main_establishment ? `${t('user.main')} ` : ''),
                      h(
                        'ul',
                        { class: 'perm-list' },
                        perms.map((p) => h('li', {}, tk('perm', p))),
                      ),
                    ),
                  ),
                ),
              ),
        );
      }),
    ),
  );
}

/**
 * Seed 002's notification choices for one organisation: the informative
 * emails, each ticked when she receives it, the organisation's default
 * said beside it. Security emails are not listed: they always go.
 */
function notifications(orgId: string, orgName: string, manager: boolean): HTMLElement {
  const box = h('section', { class: 'notifications', 'aria-label': t('notify.title.named', { org: orgName }) });
  const draw = async () => {
    const view = await call(
      state.api.GET('/orgs/{org_id}/me/notifications', { params: { path: { org_id: orgId } } }),
      net,
    );
    const form = makeForm({
      class: 'form compact',
      fields: [
        h(
          'fieldset',
          { class: 'field checks' },
          h('legend', {}, t('notify.title')),
          h('p', { class: 'hint' }, t('notify.hint')),
          NOTIFICATIONS.map((n) => {
            const c = view.items.find((i) => i.notification === n);
            // Only managers are told of activations.
            if (!c || (n === 'member_activated' && !manager)) return null;
            return h(
              'div',
              {},
              field({ name: `notify.${n}`, label: tk('notify', n), type: 'checkbox', value: c.on }),
              h(
                'p',
                { class: 'hint' },
                c.chosen ? t(c.default_on ? 'notify.default.on' : 'notify.default.off') : t('notify.following'),
              ),
            );
          }),
        ),
      ],
      submit: t('notify.save'),
      onSubmit: async (v) => {
        const shown = view.items.filter((i) => i.notification !== 'member_activated' || manager);
        const changes = changedChoices(shown, (n) => v[`notify.${n}`] === true);
        if (Object.keys(changes).length === 0) return t('notify.unchanged');
        const next = await call(
          state.api.PUT('/orgs/{org_id}/me/notifications', {
            params: { path: { org_id: orgId } },
            body: { notifications: changes, version: view.version },
          }),
          net,
        );
        const off = next.items.filter((i) => !i.on).map((i) => tk('notify', i.notification));
        announce(off.length ? t('notify.saved.off', { list: off.join(', ') }) : t('notify.saved.all'));
        await draw();
      },
    });
    box.replaceChildren(form);
  };
  draw().catch((e: unknown) =>
    box.replaceChildren(notice(e instanceof Error ? e.message : t('common.network'), 'error')),
  );
  return box;
}

/** What an organisation requires and she has not set up: said first, before anything else works. */
function enrolment(required: Schemas['MfaView']['enrolment_required']): HTMLElement | null {
  if (!required) return null;
  const text = required === 'any' ? t('twofa.enrol') : tk('twofa.enrol', required.method);
  return h('div', { id: 'mfa-enrol', role: 'alert', class: 'notice warn' }, text);
}

/** The recovery codes an enrolment answers, shown once, in place of its set-up; the banner that asked for it goes. */
function enrolled(setup: HTMLElement, done: string, codes: string[]): void {
  const shown = h(
    'div',
    { id: 'mfa-codes' },
    notice(done),
    h(
      'ol',
      { class: 'recovery-codes' },
      codes.map((c) => h('li', {}, h('code', {}, c))),
    ),
  );
  setup.replaceWith(shown);
  // One factor at a time: the other set-up and "not set up" go.
  document.querySelectorAll('#mfa .factor').forEach((f) => {
    if (!f.contains(shown)) f.remove();
  });
  document.getElementById('mfa-state')?.remove();
  document.getElementById('mfa-enrol')?.remove();
  state.me = null;
}

/**
 * The account's second factor: its state, or its set-up — an authenticator
 * app or codes by SMS, whichever her organisation leaves her the choice of.
 */
function secondFactors(mfa: Schemas['MfaView']): HTMLElement {
  const box = h(
    'section',
    { id: 'mfa', 'aria-labelledby': 'mfa-title' },
    h('h2', { id: 'mfa-title' }, t('twofa.title')),
  );
  if (mfa.authenticator) {
    box.append(h('p', {}, t('mfa.on', { left: mfa.recovery_codes_left })));
    return box;
  }
  if (mfa.sms) {
    box.append(h('p', {}, t('mfa.sms.on', { digits: mfa.phone_ends_with ?? '', left: mfa.recovery_codes_left })));
    return box;
  }
  box.append(h('p', { id: 'mfa-state' }, t('mfa.off')));
  const required = mfa.enrolment_required;
  const method = required && required !== 'any' ? required.method : null;
  if (method !== 'sms') box.append(authenticator());
  if (method !== 'totp') box.append(textedCodes(mfa.suggested_phone ? displayPhone(mfa.suggested_phone) : ''));
  return box;
}

/** Codes by SMS set up: her mobile number (the one a manager set, offered), then the code texted to it. */
function textedCodes(suggested: string): HTMLElement {
  const box = h('div', { id: 'sms', class: 'factor' }, h('h3', {}, t('mfa.sms.title')));
  const phoneStep = (): HTMLElement =>
    makeForm({
      id: 'sms-phone',
      fields: [
        {
          name: 'phone',
          label: t('mfa.sms.phone'),
          type: 'tel',
          required: true,
          autocomplete: 'tel',
          value: suggested,
          hint: t('mfa.sms.phone.hint'),
        },
      ],
      submit: t('mfa.sms.send'),
      onSubmit: async (v) => {
        const sent = await call(state.api.POST('/me/sms', { body: { phone: str(v.phone) } }), net);
        suggested = str(v.phone);
        const next = codeStep(sent.phone_ends_with);
        step.replaceWith(next);
        step = next;
        next.querySelector('input')?.focus();
      },
    });
  const codeStep = (digits: string): HTMLElement => {
    const form = makeForm({
      id: 'sms-confirm',
      fields: [
        {
          name: 'code',
          label: t('mfa.code'),
          required: true,
          autocomplete: 'one-time-code',
          inputmode: 'numeric',
          hint: t('mfa.sms.hint'),
        },
      ],
      submit: t('mfa.confirm'),
      onSubmit: async (v) => {
        const done = await call(state.api.POST('/me/sms/confirm', { body: { code: str(v.code) } }), net);
        enrolled(box, t('mfa.sms.done'), done.recovery_codes);
      },
    });
    const change = h('button', { type: 'button', class: 'link', id: 'sms-change' }, t('mfa.sms.change'));
    const wrapper = h(
      'div',
      { id: 'sms-code' },
      notice(t('mfa.sms.sent', { digits })),
      form,
      h('p', { class: 'links' }, change),
    );
    change.addEventListener('click', () => {
      const next = phoneStep();
      wrapper.replaceWith(next);
      step = next;
      next.querySelector('input')?.focus();
    });
    return wrapper;
  };
  let step: HTMLElement = phoneStep();
  box.append(step);
  return box;
}

/** The authenticator app's set-up: QR code, first code, the recovery codes shown once. */
function authenticator(): HTMLElement {
  const box = h('div', { id: 'app', class: 'factor' }, h('h3', {}, t('mfa.title')));
  const start = actionButton(
    t('mfa.setup'),
    async () => {
      try {
        const secret = await call(state.api.POST('/me/authenticator'), net);
        start.remove();
        box.querySelector('.notice')?.remove();
        const form = makeForm({
          id: 'mfa-confirm',
          fields: [
            {
              name: 'code',
              label: t('mfa.code'),
              required: true,
              autocomplete: 'one-time-code',
              inputmode: 'numeric',
              hint: t('mfa.code.hint'),
            },
          ],
          submit: t('mfa.confirm'),
          onSubmit: async (v) => {
            const done = await call(state.api.POST('/me/authenticator/confirm', { body: { code: str(v.code) } }), net);
            enrolled(setup, t('mfa.done'), done.recovery_codes);
          },
        });
        const setup = h(
          'div',
          { id: 'mfa-setup' },
          h('p', {}, t('mfa.scan')),
          qrCode(secret.otpauth_uri, t('mfa.qr')),
          h('p', { class: 'hint' }, t('mfa.secret', { secret: secret.secret })),
          form,
        );
        box.append(setup);
        setup.querySelector('input')?.focus();
      } catch (e) {
        box.append(notice(e instanceof Error ? e.message : String(e), 'error'));
      }
    },
    'primary',
  );
  box.append(start);
  return box;
}

/** The worker's assignments, soonest first, and the timesheet of each assigned one. */
async function worker(): Promise<HTMLElement> {
  const orgId = org();
  const list = await call(state.api.GET('/orgs/{org_id}/assignments', { params: { path: { org_id: orgId } } }), net);
  const flash = sessionStorage.getItem('sesame.flash');
  sessionStorage.removeItem('sesame.flash');
  const cards = list.items.map((r) => {
    const s = r.schedule;
    // Where to go, which days (the days left out do not appear), and what the client noted.
    const where = [r.establishment_name, r.establishment_address].filter(Boolean).join(', ');
    const head = h(
      'header',
      {},
      h('h2', {}, `${r.task} — ${r.function}`),
      h('p', {}, h('span', { class: `status s-${r.status}` }, tk('rs', r.status))),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t('worker.where')),
        h('dd', { class: 'where' }, where || '—'),
        h('dt', {}, t('worker.days')),
        h(
          'dd',
          { class: 'days' },
          s
            ? h(
                'ul',
                { class: 'shift-days' },
                s.days.map((d) => h('li', {}, `${weekday(d)} ${d}, ${formatTimeSpan(s.start_time, s.end_time)}`)),
              )
            : '—',
        ),
        h('dt', {}, t('rep.notes')),
        h('dd', { class: 'notes' }, r.notes ?? '—'),
      ),
    );
    if (r.status !== 'assigned' || !s) {
      return h(
        'article',
        { class: 'approval-card', 'data-replacement': r.id },
        head,
        r.hours.length
          ? h('p', {}, `${t('appr.payable')} : ${r.hours.map((x) => `${x.date} ${x.payable_hours}`).join(' · ')}`)
          : null,
      );
    }
    // The hours are filled in once the last shift has ended (the API refuses them before).
    if (s.timesheet_from && !shiftsEnded(s.timesheet_from, nowIn(zone()))) {
      return h(
        'article',
        { class: 'approval-card', 'data-replacement': r.id },
        head,
        h(
          'p',
          { class: 'hint timesheet-later' },
          t('worker.timesheetLater', {
            date: s.timesheet_from.slice(0, 10),
            time: formatHour(s.timesheet_from.slice(11, 16)),
          }),
        ),
      );
    }
    const days = s.days.length
      ? s.days
      : shiftDays({ start_date: s.start_date, end_date: s.end_date, skipped_days: s.skipped_days });
    const rows = days.map((d, i) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, d),
        h(
          'td',
          {},
          cell(
            `entries[${i}].start_time`,
            `${t('appr.start')} ${d}`,
            h('input', { type: 'time', name: `entries[${i}].start_time`, value: s.start_time }),
          ),
        ),
        h(
          'td',
          {},
          cell(
            `entries[${i}].end_time`,
            `${t('appr.end')} ${d}`,
            h('input', { type: 'time', name: `entries[${i}].end_time`, value: s.end_time }),
          ),
        ),
        h(
          'td',
          {},
          cell(
            `entries[${i}].break_minutes`,
            `${t('appr.break')} ${d}`,
            h('input', {
              type: 'number',
              min: 0,
              name: `entries[${i}].break_minutes`,
              value: s.unpaid_break_minutes,
              inputmode: 'numeric',
            }),
          ),
        ),
        h(
          'td',
          {},
          cell(
            `entries[${i}].meal_taken`,
            `${t('appr.meal')} ${d}`,
            h('input', { type: 'checkbox', name: `entries[${i}].meal_taken` }),
          ),
        ),
      ),
    );
    const form = makeForm({
      class: 'form approval-form',
      fields: [
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'approval' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [t('common.date'), t('appr.start'), t('appr.end'), `${t('appr.break')} (min)`, t('appr.meal')].map(
                  (x) => h('th', { scope: 'col' }, x),
                ),
              ),
            ),
            h('tbody', {}, rows),
          ),
        ),
      ],
      submit: t('worker.submit'),
      onSubmit: async (v) => {
        await call(
          state.api.PUT('/orgs/{org_id}/replacements/{replacement_id}/timesheet', {
            params: { path: { org_id: orgId, replacement_id: r.id } },
            body: {
              entries: days.map((d, i) => ({
                date: d,
                start_time: opt(v[`entries[${i}].start_time`]),
                end_time: opt(v[`entries[${i}].end_time`]),
                break_minutes: Number(str(v[`entries[${i}].break_minutes`]) || '0'),
                meal_taken: v[`entries[${i}].meal_taken`] === true,
              })),
            },
          }),
          net,
        );
        sessionStorage.setItem('sesame.flash', t('worker.submitted'));
        rerender();
      },
    });
    return h(
      'article',
      { class: 'approval-card', 'data-replacement': r.id },
      head,
      h('h3', {}, t('worker.timesheet')),
      form,
    );
  });
  return page(
    t('worker.title'),
    flash ? notice(flash) : null,
    list.items.length === 0 ? h('p', {}, t('worker.none')) : h('div', {}, cards),
    calendarFeed(orgId),
  );
}

function weekday(d: string): string {
  return tk('wd', String(weekdayOf(d)));
}

function home(): HTMLElement {
  const org = state.orgId;
  if (org && can('manage_users')) go('users', { org });
  else if (org && can('request_replacements')) go('replacements', { org });
  else if (org && can('dispatch')) go('dispatch', { org });
  else if (org && can('approve_hours')) go('approvals', { org });
  else go('space');
  return h('p', {}, t('common.loading'));
}

export const spaceScreens = { space, worker, home } satisfies Partial<Record<ScreenId, Screen>>;
