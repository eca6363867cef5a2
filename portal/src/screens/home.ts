// The home of each persona: what waits for her, counted from the lists the
// API already answers (invitations pending, access requests, timesheets to
// approve, requests to fill, employees' requests to decide, her own requests,
// her next assignment), each line a link to the screen that deals with it.
// Only the lines her navigation implies (rules/nav.ts) are fetched; a list
// that fails leaves its line out rather than the home empty.
import { call } from '../api/client';
import { can, membership, net, state, zone } from '../app';
import { h } from '../dom';
import { formatHour, type Key, t } from '../i18n';
import { go, rerender } from '../router';
import { todayIn } from '../rules/clock';
import { navigation } from '../rules/nav';
import { hashOf } from '../rules/routes';
import { page } from '../widgets/layout';
import { setNavContext } from '../widgets/nav';

interface Line {
  text: string;
  href: string;
  count: number;
  /** Her own requests (not what she deals with). */
  mine: boolean;
}

/** "1 invitation" or "{n} invitations": the `.one`/`.many` keys of a count. */
function counted(prefix: string, n: number, what = ''): string {
  return n === 1 ? t(`${prefix}.one` as Key, { what }) : t(`${prefix}.many` as Key, { n, what });
}

async function settle<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch {
    return null;
  }
}

/** Today where the organisation is. */
function today(): string {
  return todayIn(zone());
}

async function home(): Promise<HTMLElement> {
  // A second factor still to set up: its set-up, not a home whose every line would be refused.
  if (state.me?.mfa.enrolment_required) {
    go('space');
    return page(t('space.title'));
  }
  const m = membership();
  const orgId = state.orgId;
  const hello = m ? t('home.hello', { name: m.first_name }) : t('home.helloNoName');
  if (!m || !orgId || m.status !== 'active')
    return page(t('home.title'), h('p', {}, hello), h('p', {}, t('home.noRoles')));
  const org = { org: orgId };
  const path = { path: { org_id: orgId } };
  const shown = new Set(navigation(m).flatMap((g) => g.screens));
  const lines: Promise<Line | null>[] = [];
  const line = (prefix: string, href: string, count: Promise<number | null>, what = '') =>
    lines.push(
      count.then((n) =>
        n === null ? null : { text: counted(prefix, n, what), href, count: n, mine: prefix === 'home.mine' },
      ),
    );
  const total = <T extends { total: number }>(p: Promise<T>) => settle(p.then((r) => r.total));
  const length = <T extends { items: unknown[] }>(p: Promise<T>) => settle(p.then((r) => r.items.length));

  if (shown.has('users')) {
    line(
      'home.invited',
      hashOf('users', org, { status: 'invited' }),
      total(
        call(
          state.api.GET('/orgs/{org_id}/users', { params: { ...path, query: { status: 'invited', limit: '1' } } }),
          net,
        ),
      ),
    );
    line(
      'home.access',
      hashOf('requests', org),
      length(
        call(
          state.api.GET('/orgs/{org_id}/access-requests', { params: { ...path, query: { status: 'pending' } } }),
          net,
        ),
      ),
    );
  }
  const replacements = (status: string) =>
    total(
      call(state.api.GET('/orgs/{org_id}/replacements', { params: { ...path, query: { status, limit: '1' } } }), net),
    );
  if (shown.has('approvals')) line('home.timesheets', hashOf('approvals', org), replacements('timesheet_submitted'));
  if (shown.has('dispatch')) line('home.toFill', hashOf('dispatch', org), replacements('requested'));
  if (shown.has('decisions')) {
    const team = { params: { ...path, query: { scope: 'team', state: 'pending' } } };
    const counts: Promise<number | null>[] = [];
    if (can('manage_users')) {
      if (m.features.includes('absences')) counts.push(length(call(state.api.GET('/orgs/{org_id}/leave', team), net)));
      if (m.features.includes('expense_notes'))
        counts.push(length(call(state.api.GET('/orgs/{org_id}/expenses', team), net)));
      if (m.features.includes('advances'))
        counts.push(length(call(state.api.GET('/orgs/{org_id}/advances', team), net)));
    }
    if (m.features.includes('working_hours') && can('approve_hours'))
      counts.push(
        settle(
          call(state.api.GET('/orgs/{org_id}/weeks', { params: { ...path, query: { scope: 'team' } } }), net).then(
            (r) => r.weeks.filter((w) => w.state === 'pending').length,
          ),
        ),
      );
    line(
      'home.toDecide',
      hashOf('decisions', org),
      Promise.all(counts).then((ns) =>
        ns.every((n) => n === null) ? null : ns.reduce<number>((a, n) => a + (n ?? 0), 0),
      ),
    );
  }
  // Her own requests waiting for an answer (leave, expenses, advances).
  const mine = { params: { ...path, query: { state: 'pending' } } };
  if (shown.has('leave'))
    line(
      'home.mine',
      hashOf('leave', org),
      length(call(state.api.GET('/orgs/{org_id}/leave', mine), net)),
      t('feature.absences'),
    );
  if (shown.has('expenses'))
    line(
      'home.mine',
      hashOf('expenses', org),
      length(call(state.api.GET('/orgs/{org_id}/expenses', mine), net)),
      t('feature.expense_notes'),
    );
  if (shown.has('advances'))
    line(
      'home.mine',
      hashOf('advances', org),
      length(call(state.api.GET('/orgs/{org_id}/advances', mine), net)),
      t('feature.advances'),
    );

  // The worker's next assignment; an employee a service assigned gets "Mes remplacements" in her menu.
  let next: HTMLLIElement | null = null;
  if (can('own_timesheet')) {
    const list = await settle(call(state.api.GET('/orgs/{org_id}/assignments', { params: path }), net));
    if (list) {
      const had = shown.has('worker');
      if (!had && list.items.length > 0) {
        setNavContext(orgId, { assignments: true });
        rerender();
      }
      if (had || list.items.length > 0) {
        const assigned = list.items
          .filter((r) => r.status === 'assigned' && r.schedule)
          .sort((a, b) => a.schedule!.start_date.localeCompare(b.schedule!.start_date));
        const upcoming = assigned.find((r) => r.schedule!.end_date >= today()) ?? null;
        const due = assigned.filter((r) => r.schedule!.start_date <= today()).length;
        next = h(
          'li',
          { 'data-waiting': 'next-assignment' },
          upcoming
            ? h(
                'a',
                { href: hashOf('worker', org) },
                t('home.next', {
                  what: `${upcoming.task} (${upcoming.function})`,
                  when: `${upcoming.schedule!.start_date} ${formatHour(upcoming.schedule!.start_time)}`,
                }),
              )
            : h('span', {}, t('home.noAssignment')),
        );
        if (due > 0) line('home.toSubmit', hashOf('worker', org), Promise.resolve(due));
      }
    }
  }

  // Her own requests show only when one waits; the lines of what she deals with stay at zero.
  const found = (await Promise.all(lines)).filter((l): l is Line => l !== null && (l.count > 0 || !l.mine));
  // What is waiting first; the lines at zero stay, quieter, so she knows they were looked at.
  found.sort((a, b) => Number(b.count > 0) - Number(a.count > 0));
  const items = found.map((l) =>
    h('li', { class: l.count > 0 ? 'waiting' : 'quiet', 'data-count': l.count }, h('a', { href: l.href }, l.text)),
  );
  if (next) items.unshift(next);
  return page(
    t('home.title'),
    h('p', { class: 'hello' }, hello),
    items.length > 0
      ? h(
          'section',
          { 'aria-labelledby': 'home-waiting' },
          h('h2', { id: 'home-waiting' }, t('home.waiting')),
          h('ul', { class: 'waiting-list' }, items),
        )
      : h('p', {}, t('home.nothing')),
  );
}

export const homeScreens = { home };
