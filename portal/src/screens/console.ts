// The manager console: users (seed 004's list, form and access tab),
// account requests, establishments, managers, organisation, settings,
// security key, audit log.
import { ApiProblem, call, type Schemas } from '../api/client';
import { establishments, loadMe, matrix, membership, net, org, state } from '../app';
import { clear, h, notice } from '../dom';
import { dictionaries, formatDateTime, type Key, locale, t, tk } from '../i18n';
import { go, rerender, type Screen } from '../router';
import { todayIn } from '../rules/clock';
import { FEATURES } from '../rules/employee';
import { NOTIFICATIONS } from '../rules/notifications';
import { type FormValues, opt, str } from '../rules/forms';
import { actionParts, changeLines, csv, formatChange, type Words } from '../rules/audit';
import { displayPhone } from '../rules/phone';
import { hashOf, hashQuery, type Match, pathOf, type ScreenId } from '../rules/routes';
import { type Bulk, bulkTargets, managedCompanies } from '../rules/users';
import { confirmAction } from '../widgets/confirm';
import { actionButton, type Field, field, makeForm, readValues } from '../widgets/forms';
import { page, table, text } from '../widgets/layout';
import { type MenuItem, rowMenu } from '../widgets/menu';
import { announce } from '../widgets/notice';
import { runBulk } from '../widgets/bulk';

type User = Schemas['UserView'];
type Permission = Schemas['Permission'];
type Preset = Schemas['RolePreset'];

/** The columns the API sorts by (list_users' `sort`). */
type SortColumn = 'active' | 'last_name' | 'first_name' | 'function' | 'manager' | 'main_establishment' | 'last_login';

const MFA_POLICIES = ['nobody', 'managers', 'sensitive_data', 'everyone'] as const;

const fullName = (u: User) => `${u.first_name} ${u.last_name}`;

/** A status in words and colour (a dot and a tint; the word alone says it). */
function statusBadge(status: User['status']): HTMLElement {
  return h(
    'span',
    { class: `status-badge st-${status}` },
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    tk('status', status),
  );
}

/** Her two-step verification, when it is on or required but not set up (nothing otherwise). */
function twofaTag(u: User): HTMLElement | null {
  if (u.mfa_on) return h('span', { class: 'twofa-tag on' }, `${t('twofa.title')} : ${t('twofa.on').toLowerCase()}`);
  if (u.mfa_required)
    return h('span', { class: 'twofa-tag todo' }, `${t('twofa.title')} : ${t('twofa.toSetUp').toLowerCase()}`);
  return null;
}

/** What the organisation requires of her second factor, in words. */
function requiredText(r: User['mfa_required']): string {
  if (!r) return t('twofa.required.none');
  return r === 'any' ? t('twofa.required.any') : tk('twofa.required.method', r.method);
}

/** Her email, or that the record has none yet (seeds 000 and 002). */
function emailOf(u: Pick<User, 'email'>): string {
  return u.email ?? t('users.noEmail');
}

/** An address that breaks after its @ when the column is narrow (never inside a word). */
function emailCell(email: string | null | undefined): HTMLElement {
  if (!email) return h('span', { class: 'email muted' }, t('users.noEmail'));
  const at = email.lastIndexOf('@');
  return at < 0
    ? h('span', { class: 'email' }, email)
    : h('span', { class: 'email' }, email.slice(0, at + 1), h('wbr'), email.slice(at + 1));
}

/** What went wrong, as the API says it (its title and detail). */
function problemText(e: unknown): string {
  return e instanceof Error ? e.message : t('common.network');
}

/**
 * Seed 004's "Mes utilisateurs". The filters apply as they change — the name
 * as it is typed (300 ms after the last key) — and the list is redrawn in
 * place: the URL's query follows (history.replaceState, no redraw of the
 * screen), so the focus and what is typed stay. Each row has a menu of its
 * actions and a checkbox; the bulk bar acts on the people ticked.
 */
async function users(match: Match): Promise<HTMLElement> {
  const orgId = org();
  const base = pathOf('users', { org: match.params.org });
  let q = hashQuery(location.hash);
  // Several companies managed (seed 004): one list across them, an
  // "Entreprise" filter and column; establishments are those of the company
  // chosen (or of the one in view).
  const companies = managedCompanies(state.me?.memberships ?? []);
  const several = companies.length > 1;
  const company = several && companies.some((c) => c.org_id === q.get('company')) ? q.get('company')! : '';
  const companyName = (id: string) =>
    companies.find((c) => c.org_id === id)?.org_name ?? membership(id)?.org_name ?? '';
  const [ests, cat, others] = await Promise.all([
    establishments(company || orgId),
    matrix(),
    // Every company's establishment names, for the rows' main establishment.
    several
      ? Promise.all(companies.filter((c) => c.org_id !== (company || orgId)).map((c) => establishments(c.org_id)))
      : Promise.resolve([]),
  ]);
  const estName = new Map([...ests, ...others.flat()].map((e) => [e.id, e.name]));
  const orgName = companyName(company || orgId);
  const keyOf = (u: User) => `${u.org_id}/${u.id}`;
  const moreSet = ['status', 'permission', 'establishment', 'company'].some((k) => q.get(k));
  const hashOfQuery = (p: URLSearchParams) => {
    const s = p.toString();
    return `#${base}${s ? `?${s}` : ''}`;
  };
  const withQuery = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(q);
    next.delete('cursor');
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    return hashOfQuery(next);
  };
  const filters = h(
    'form',
    { class: 'filters', role: 'search', id: 'users-filters' },
    field({
      name: 'name',
      label: t('users.filter.name'),
      value: q.get('name') ?? '',
      autocomplete: 'off',
      hint: t('users.search.hint'),
    }),
    // Seed 004's "Actif Oui Non".
    field({
      name: 'active',
      label: t('users.filter.active'),
      type: 'radio',
      value: q.get('active') ?? '',
      options: [
        ['', t('common.all')],
        ['yes', t('common.yes')],
        ['no', t('common.no')],
      ],
    }),
    // "Plus d'options de filtre": folded unless one of them is in use.
    h(
      'details',
      { class: 'more-filters', id: 'more-filters', open: moreSet },
      h('summary', {}, t('users.filter.more')),
      several
        ? field({
            name: 'company',
            label: t('users.filter.company'),
            type: 'select',
            value: company,
            options: [['', t('common.all')], ...companies.map((c): [string, string] => [c.org_id, c.org_name])],
          })
        : null,
      field({
        name: 'status',
        label: t('users.filter.status'),
        type: 'select',
        value: q.get('status') ?? '',
        options: [
          ['', t('common.all')],
          ...(['active', 'disabled', 'invited', 'draft'] as const).map((s): [string, string] => [s, tk('status', s)]),
        ],
      }),
      field({
        name: 'permission',
        label: t('users.filter.permission'),
        type: 'select',
        value: q.get('permission') ?? '',
        options: [['', t('common.all')], ...cat.permissions.map((p): [string, string] => [p, tk('perm', p)])],
      }),
      field({
        name: 'establishment',
        label:
          several && !company ? t('users.filter.establishmentOf', { org: orgName }) : t('users.filter.establishment'),
        type: 'select',
        value: q.get('establishment') ?? '',
        options: [['', t('common.all')], ...ests.map((e): [string, string] => [e.id, e.name])],
      }),
    ),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit', class: 'primary' }, t('users.filter.apply')),
      h('a', { href: `#${base}`, class: 'button' }, t('users.filter.reset')),
    ),
  );
  const nameInput = filters.querySelector<HTMLInputElement>('input[name="name"]')!;

  const total = h('p', { id: 'users-total', role: 'status', tabindex: '-1' });
  const listBox = h('div', { id: 'users-list' });
  const outcomeBox = h('div', { id: 'bulk-outcome', class: 'bulk-outcome' });
  const selected = new Map<string, User>();
  let items: User[] = [];
  let running = false;

  // The bulk bar: select the page, how many are ticked, the three actions.
  const selectAll = h('input', { type: 'checkbox', id: 'select-all' });
  const count = h('p', { id: 'selection-count', class: 'selection-count', 'aria-live': 'polite' });
  const bulkButtons = (['resend', 'disable', 'delete'] as const).map((kind) => {
    const b = h(
      'button',
      { type: 'button', class: kind === 'delete' ? 'danger' : '', 'data-bulk': kind },
      t(`users.bulk.${kind}`),
    );
    b.addEventListener('click', () => void bulk(kind));
    return b;
  });
  const bulkBar = h(
    'div',
    { class: 'bulk-bar', role: 'group', 'aria-labelledby': 'bulk-label' },
    h('h2', { id: 'bulk-label', class: 'sr-only' }, t('users.bulk')),
    h('div', { class: 'field check' }, selectAll, h('label', { for: 'select-all' }, t('users.selectAll'))),
    count,
    h('div', { class: 'actions' }, bulkButtons),
  );
  const syncSelection = () => {
    const n = selected.size;
    count.textContent =
      n === 0 ? t('users.selected.none') : n === 1 ? t('users.selected.one') : t('users.selected.many', { n });
    for (const b of bulkButtons) b.disabled = running || n === 0;
    const ticked = items.filter((u) => selected.has(keyOf(u))).length;
    selectAll.checked = items.length > 0 && ticked === items.length;
    selectAll.indeterminate = ticked > 0 && ticked < items.length;
    selectAll.disabled = running || items.length === 0;
  };
  selectAll.addEventListener('change', () => {
    for (const u of items) {
      if (selectAll.checked) selected.set(keyOf(u), u);
      else selected.delete(keyOf(u));
    }
    listBox.querySelectorAll<HTMLInputElement>('input.pick-box').forEach((b) => (b.checked = selectAll.checked));
    syncSelection();
  });

  // Each row in its own company.
  const path = (u: User) => ({ path: { org_id: u.org_id, user_id: u.id } });
  const post = (p: '/orgs/{org_id}/users/{user_id}/activation' | '/orgs/{org_id}/users/{user_id}/enable', u: User) =>
    call(state.api.POST(p, { params: path(u) }), net);
  const disable = (u: User) => call(state.api.POST('/orgs/{org_id}/users/{user_id}/disable', { params: path(u) }), net);
  const remove = (u: User) => call(state.api.DELETE('/orgs/{org_id}/users/{user_id}', { params: path(u) }), net);

  /** A row's action: asks first when `ask` is given, acts, says what it did (with its undo), redraws the list. */
  const rowAction = async (
    u: User,
    work: () => Promise<unknown>,
    message: string,
    o: { ask?: Parameters<typeof confirmAction>[0]; undo?: { label: string; run: () => Promise<string> } } = {},
  ) => {
    if (o.ask && !(await confirmAction(o.ask))) return;
    try {
      await work();
    } catch (e) {
      announce(problemText(e), { kind: 'error' });
      return;
    }
    announce(message, { undo: o.undo, after: () => void load({ focus: u.id }) });
    await load({ focus: u.id });
  };
  const menuItems = (u: User): MenuItem[] => {
    const name = fullName(u);
    const list: MenuItem[] = [
      { label: t('users.menu.open'), href: hashOf('user', { org: u.org_id, user: u.id }, { tab: 'access' }) },
    ];
    const invite = () =>
      rowAction(
        u,
        () => post('/orgs/{org_id}/users/{user_id}/activation', u),
        t('done.inviteSent', { name, email: emailOf(u) }),
      );
    // No email yet: the record's access tab, where it is entered and the email sent.
    if (u.status === 'draft' && !u.email)
      list.push({
        label: t('users.menu.addEmail'),
        href: hashOf('user', { org: u.org_id, user: u.id }, { tab: 'access' }),
      });
    else if (u.status === 'draft') list.push({ label: t('users.menu.invite'), run: invite });
    if (u.status === 'invited') list.push({ label: t('users.menu.resend'), run: invite });
    if (u.status === 'active')
      list.push({
        label: t('users.menu.disable'),
        danger: true,
        run: () =>
          rowAction(u, () => disable(u), t('done.disabled', { name }), {
            ask: {
              title: t('confirm.disable.title', { name }),
              body: [t('confirm.disable.body', { name, org: companyName(u.org_id) })],
              action: t('confirm.disable.action'),
            },
            undo: {
              label: t('undo.enable'),
              run: async () => {
                await post('/orgs/{org_id}/users/{user_id}/enable', u);
                return t('done.enabled', { name });
              },
            },
          }),
      });
    if (u.status === 'disabled')
      list.push({
        label: t('users.menu.enable'),
        run: () => rowAction(u, () => post('/orgs/{org_id}/users/{user_id}/enable', u), t('done.enabled', { name })),
      });
    list.push({
      label: t('users.menu.delete'),
      danger: true,
      run: () =>
        rowAction(u, () => remove(u), t('done.deleted', { name }), {
          ask: {
            title: t('confirm.delete.title', { name }),
            body: [t('confirm.delete.body', { name, email: emailOf(u), org: companyName(u.org_id) })],
            action: t('confirm.delete.action', { name }),
          },
        }),
    });
    return list;
  };

  const draw = (list: Pick<Schemas['UserList'], 'items' | 'total' | 'next_cursor'>) => {
    items = list.items;
    for (const key of Array.from(selected.keys())) if (!items.some((u) => keyOf(u) === key)) selected.delete(key);
    total.textContent = t('common.total', { n: list.total });
    clear(listBox);
    syncSelection();
    if (items.length === 0) {
      listBox.append(h('p', { id: 'users-none' }, t('users.none')));
      return;
    }
    const sort = q.get('sort') ?? 'last_name';
    const order = q.get('order') ?? 'asc';
    const sortLink = (col: SortColumn, label: string) => {
      const active = sort === col;
      return h(
        'a',
        {
          href: withQuery({ sort: col, order: active && order === 'asc' ? 'desc' : 'asc' }),
          'aria-label': t('users.sort', { col: label }),
          'aria-sort': active ? (order === 'asc' ? 'ascending' : 'descending') : null,
        },
        label,
        active ? (order === 'asc' ? ' ↑' : ' ↓') : '',
      );
    };
    const headers = [
      h('span', { class: 'sr-only' }, t('users.col.select')),
      // One column for the name, sorted by either part.
      h(
        'span',
        {},
        sortLink('last_name', t('users.col.last_name')),
        ' · ',
        sortLink('first_name', t('users.col.first_name')),
      ),
      ...(several ? [t('users.col.company')] : []),
      t('users.col.email'),
      // The status, and whether the person is a manager (a tag under it).
      h('span', {}, sortLink('active', t('users.col.status')), ' · ', sortLink('manager', t('users.col.manager'))),
      sortLink('function', t('users.col.function')),
      sortLink('main_establishment', t('users.col.main_establishment')),
      sortLink('last_login', t('users.col.last_login')),
      t('users.col.actions'),
    ];
    const rows = items.map((u) => {
      const name = fullName(u);
      const box = h('input', {
        type: 'checkbox',
        id: `pick-${u.org_id}-${u.id}`,
        class: 'pick-box',
        checked: selected.has(keyOf(u)),
      });
      box.addEventListener('change', () => {
        if (box.checked) selected.set(keyOf(u), u);
        else selected.delete(keyOf(u));
        syncSelection();
      });
      return [
        h('div', { class: 'pick' }, box, h('label', { for: box.id }, t('users.select', { name }))),
        h('a', { href: hashOf('user', { org: u.org_id, user: u.id }) }, `${u.last_name}, ${u.first_name}`),
        ...(several ? [text(companyName(u.org_id))] : []),
        emailCell(u.email),
        h(
          'span',
          { class: 'status-cell' },
          statusBadge(u.status),
          u.manager ? h('span', { class: 'manager-tag' }, t('users.col.manager')) : null,
          twofaTag(u),
        ),
        text(u.function),
        text(u.main_establishment ? (estName.get(u.main_establishment) ?? u.main_establishment) : null),
        text(u.last_login_at ? formatDateTime(u.last_login_at) : null),
        rowMenu(t('users.menu'), t('users.menu.label', { name }), menuItems(u)),
      ];
    });
    const wrap = sortable(table(headers, rows));
    wrap.classList.add('users-table');
    wrap.querySelectorAll('tbody tr').forEach((tr, i) => {
      tr.setAttribute('data-user', items[i].id);
      tr.setAttribute('data-org', items[i].org_id);
      // The merged columns' cards say "Nom" and "Statut" (not their two sort links).
      tr.children[1]?.setAttribute('data-label', t('users.col.last_name'));
      tr.children[several ? 4 : 3]?.setAttribute('data-label', t('users.col.status'));
    });
    // On a phone the header is a row of sort links: it says so.
    wrap.querySelector('thead tr')?.setAttribute('data-sort-label', t('users.sortBy'));
    listBox.append(wrap);
    if (list.next_cursor) {
      listBox.append(
        h('p', {}, h('a', { href: withQuery({ cursor: list.next_cursor }), class: 'button' }, t('common.more'))),
      );
    }
  };

  /** The focus after a redraw that removed it: the same person's menu, else the count. */
  const refocus = (userId: string) => {
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const again = listBox.querySelector<HTMLElement>(`tr[data-user="${CSS.escape(userId)}"] .menu-toggle`);
    (again ?? total).focus();
  };

  let seq = 0;
  const load = async (o: { focus?: string } = {}): Promise<void> => {
    const n = ++seq;
    listBox.setAttribute('aria-busy', 'true');
    try {
      const query = {
        name: q.get('name') || undefined,
        active: q.get('active') || undefined,
        status: q.get('status') || undefined,
        permission: q.get('permission') || undefined,
        establishment: q.get('establishment') || undefined,
        sort: q.get('sort') || undefined,
        order: q.get('order') || undefined,
        cursor: q.get('cursor') || undefined,
      };
      const list = several
        ? await call(
            state.api.GET('/me/users', { params: { query: { ...query, company: company || undefined } } }),
            net,
          )
        : await call(state.api.GET('/orgs/{org_id}/users', { params: { path: { org_id: orgId }, query } }), net);
      if (n !== seq) return;
      draw(list);
    } catch (e) {
      if (n !== seq) return;
      clear(listBox);
      listBox.append(notice(problemText(e), 'error'));
    } finally {
      if (n === seq) listBox.removeAttribute('aria-busy');
    }
    if (o.focus) refocus(o.focus);
  };

  /** The form's values become the URL's query (pushed, or replaced while typing) and the list is drawn again. */
  const apply = (mode: 'push' | 'replace') => {
    const v = readValues(filters);
    const next = new URLSearchParams(q);
    next.delete('cursor');
    for (const k of ['name', 'active', 'status', 'permission', 'establishment', 'company']) {
      const value = str(v[k]).trim();
      if (value) next.set(k, value);
      else next.delete(k);
    }
    if (next.toString() === q.toString()) return;
    // Another company: its establishments to choose from (the screen drawn again).
    if ((next.get('company') ?? '') !== company) {
      next.delete('establishment');
      location.hash = hashOfQuery(next);
      return;
    }
    q = next;
    if (mode === 'push') history.pushState(null, '', hashOfQuery(q));
    else history.replaceState(history.state, '', hashOfQuery(q));
    void load();
  };
  let typing: number | undefined;
  nameInput.addEventListener('input', () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(() => {
      if (nameInput.isConnected) apply('replace');
    }, 300);
  });
  filters.addEventListener('change', (e) => {
    if (e.target instanceof HTMLSelectElement || (e.target instanceof HTMLInputElement && e.target.type === 'radio'))
      apply('push');
  });
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    window.clearTimeout(typing);
    apply('push');
  });

  /** A bulk action on the people ticked: whom it reaches confirmed, then each outcome, then the list again. */
  const bulk = async (kind: Bulk) => {
    const people = items.filter((u) => selected.has(keyOf(u)));
    const { reach, skip } = bulkTargets(kind, people);
    const skipped = skip.map((s) => ({
      user: s.user,
      text: t('bulk.skipped', { name: fullName(s.user), reason: t(`bulk.skip.${s.reason}`) }),
    }));
    if (reach.length === 0) {
      const reasons = Array.from(new Set(skip.map((s) => t(`bulk.skip.${s.reason}`)))).join(', ');
      announce(t('bulk.nothing', { reasons }), { kind: 'error' });
      return;
    }
    const n = reach.length;
    const body: (string | Node)[] = [
      t(`confirm.bulk.${kind}.body`, { org: Array.from(new Set(reach.map((u) => companyName(u.org_id)))).join(', ') }),
      h(
        'ul',
        { class: 'bulk-who' },
        reach.map((u) => h('li', {}, `${fullName(u)} (${emailOf(u)})`)),
      ),
    ];
    if (skipped.length) {
      body.push(
        t('confirm.bulk.skipped', { n: skipped.length }),
        h(
          'ul',
          { class: 'bulk-who' },
          skip.map((s) =>
            h('li', {}, t('confirm.bulk.skippedOne', { name: fullName(s.user), reason: t(`bulk.skip.${s.reason}`) })),
          ),
        ),
      );
    }
    const yes = await confirmAction({
      title: t(`confirm.bulk.${kind}.title`, { n }),
      body,
      action: t(`confirm.bulk.${kind}.action`, { n }),
      danger: kind !== 'resend',
    });
    if (!yes) return;
    running = true;
    syncSelection();
    const act = {
      resend: (u: User) => post('/orgs/{org_id}/users/{user_id}/activation', u),
      disable,
      delete: remove,
    }[kind];
    const outcome = await runBulk(outcomeBox, {
      title: t(`bulk.title.${kind}`),
      reach,
      skipped,
      act,
      done: (u) => t(`bulk.ok.${kind}`, { name: fullName(u) }),
      refused: (u, reason) => t('bulk.refused', { name: fullName(u), reason }),
    });
    running = false;
    selected.clear();
    const done = outcome.done;
    announce(
      t(`bulk.done.${kind}`, { ok: done.length, n }),
      kind === 'disable' && done.length > 0
        ? {
            kind: outcome.refused.length ? 'error' : 'ok',
            undo: {
              label: t('undo.enableAll'),
              run: async () => {
                for (const u of done) await post('/orgs/{org_id}/users/{user_id}/enable', u);
                return t('done.enabledAll', { n: done.length });
              },
            },
            after: () => void load(),
          }
        : { kind: outcome.refused.length ? 'error' : 'ok' },
    );
    await load();
    outcomeBox.querySelector<HTMLElement>('.bulk-title')?.focus();
  };

  const resendOut = h('div', { 'aria-live': 'polite' });
  const resend = actionButton(t('users.resendAll'), async () => {
    clear(resendOut);
    // The bulk action names whom it reaches before it acts.
    let pending: Schemas['UserList'];
    try {
      pending = await call(
        state.api.GET('/orgs/{org_id}/users', {
          params: { path: { org_id: orgId }, query: { status: 'invited', limit: '100' } },
        }),
        net,
      );
    } catch (e) {
      resendOut.append(notice(e instanceof Error ? e.message : t('common.network'), 'error'));
      return;
    }
    if (pending.total === 0) {
      announce(t('done.noPending'));
      return;
    }
    const shown = pending.items.slice(0, 8);
    const rest = pending.total - shown.length;
    const yes = await confirmAction({
      title: t('confirm.resendAll.title', { n: pending.total }),
      body: [
        t('confirm.resendAll.body'),
        h(
          'ul',
          {},
          shown.map((u) => h('li', {}, `${u.first_name} ${u.last_name} (${emailOf(u)})`)),
          rest > 0 ? h('li', {}, t('confirm.resendAll.others', { n: rest })) : null,
        ),
      ],
      action: t('confirm.resendAll.action', { n: pending.total }),
      danger: false,
    });
    if (!yes) return;
    let cursor: string | null = null;
    let sent = 0;
    try {
      do {
        const r: Schemas['ResendReport'] = await call(
          state.api.POST('/orgs/{org_id}/invitations/resend', {
            params: { path: { org_id: orgId } },
            body: { cursor },
          }),
          net,
        );
        sent += r.results.filter((x) => x.outcome === 'sent').length;
        cursor = r.next_cursor ?? null;
      } while (cursor);
      announce(t('users.resendAll.done', { n: sent }));
      await load();
    } catch (e) {
      resendOut.append(notice(e instanceof Error ? e.message : t('common.network'), 'error'));
    }
  });
  await load();
  return page(
    t('users.title'),
    filters,
    h(
      'div',
      { class: 'toolbar' },
      total,
      // Several companies: the company first, then the form with its establishments.
      several
        ? rowMenu(
            t('users.add'),
            t('users.add.where'),
            companies.map((c) => ({
              label: t('users.add.in', { org: c.org_name }),
              href: hashOf('user-new', { org: c.org_id }),
            })),
          )
        : h('a', { href: hashOf('user-new', { org: orgId }), class: 'button primary' }, t('users.add')),
      resend,
      h('a', { href: hashOf('permissions', { org: orgId }), class: 'guide-link' }, t('users.guide')),
    ),
    resendOut,
    bulkBar,
    outcomeBox,
    listBox,
  );
}

/** `aria-sort` belongs on the column header, not on its link. */
function sortable(wrap: HTMLElement): HTMLElement {
  wrap.querySelectorAll<HTMLElement>('th a[aria-sort]').forEach((a) => {
    a.closest('th')?.setAttribute('aria-sort', a.getAttribute('aria-sort')!);
    a.removeAttribute('aria-sort');
  });
  return wrap;
}

/** Seed 004's "Gestion des utilisateurs": establishments added one by one, roles and permissions ticked per establishment. */
function grantsEditor(
  ests: Schemas['Establishment'][],
  cat: Schemas['Matrix'],
  initial: Record<string, Permission[]>,
  main: string | null,
): HTMLElement {
  const blocks = h('div', { class: 'grant-blocks' });
  const open = ests.filter((e) => !e.archived);
  const select = h(
    'select',
    { id: 'add-establishment', 'aria-label': t('user.establishment.add') },
    open.map((e) => h('option', { value: e.id }, e.name)),
  );
  const reindex = () => {
    blocks.querySelectorAll<HTMLElement>('.grant-block').forEach((b, i) => (b.dataset.field = `establishments[${i}]`));
    for (const o of Array.from(select.options)) o.disabled = Boolean(blocks.querySelector(`[data-est="${o.value}"]`));
  };
  const add = (estId: string, perms: Permission[]) => {
    if (blocks.querySelector(`[data-est="${estId}"]`)) return;
    const name = ests.find((e) => e.id === estId)?.name ?? estId;
    const remove = h(
      'button',
      { type: 'button', class: 'link', 'aria-label': t('user.establishment.remove', { name }) },
      '✕',
    );
    const block = h(
      'fieldset',
      { class: 'grant-block', 'data-est': estId },
      h('legend', {}, name, ' ', remove),
      h(
        'p',
        {},
        h(
          'label',
          {},
          h('input', {
            type: 'radio',
            name: 'main_establishment',
            value: estId,
            checked: main === estId || (!main && blocks.children.length === 0),
          }),
          ' ',
          t('user.main'),
        ),
      ),
      h(
        'fieldset',
        { class: 'presets' },
        h('legend', {}, t('user.presets')),
        cat.presets.map((p) =>
          h(
            'label',
            { class: p.typical ? 'typical' : '' },
            h('input', { type: 'checkbox', name: `presets:${estId}`, value: p.id, 'data-group': '1' }),
            ' ',
            tk('preset', p.id),
            p.typical ? h('span', { class: 'badge' }, ` ★ ${t('user.presets.typical')}`) : null,
          ),
        ),
      ),
      h(
        'fieldset',
        { class: 'perms' },
        h('legend', {}, t('user.permissions')),
        cat.permissions.map((p) =>
          h(
            'label',
            {},
            h('input', {
              type: 'checkbox',
              name: `permissions:${estId}`,
              value: p,
              'data-group': '1',
              checked: perms.includes(p),
            }),
            ' ',
            tk('perm', p),
          ),
        ),
      ),
      h('p', { class: 'field-error' }),
    );
    // Ticking a preset ticks its permissions (what it grants stays visible).
    block.querySelectorAll<HTMLInputElement>('.presets input').forEach((box) =>
      box.addEventListener('change', () => {
        const preset = cat.presets.find((p) => p.id === box.value);
        if (!box.checked || !preset) return;
        block.querySelectorAll<HTMLInputElement>('.perms input').forEach((pb) => {
          if (preset.permissions.includes(pb.value as Permission)) pb.checked = true;
        });
      }),
    );
    remove.addEventListener('click', () => {
      block.remove();
      reindex();
    });
    blocks.append(block);
    reindex();
  };
  for (const [estId, perms] of Object.entries(initial)) add(estId, perms);
  const plus = h('button', { type: 'button', id: 'add-establishment-button' }, '+');
  plus.addEventListener('click', () => {
    if (select.value) add(select.value, []);
  });
  return h(
    'div',
    { class: 'field grants', 'data-field': 'establishments' },
    h('h2', {}, t('user.establishments')),
    h('div', { class: 'inline' }, h('label', { for: 'add-establishment' }, t('user.establishment.add')), select, plus),
    blocks,
    h('p', { class: 'field-error' }),
  );
}

/** The grants as the API takes them, from the editor's blocks. */
function grantsInput(
  form: HTMLFormElement,
  values: FormValues,
): { establishments: Schemas['EstablishmentAccessInput'][]; main: string | null } {
  const list = Array.from(form.querySelectorAll<HTMLElement>('.grant-block')).map((b) => {
    const id = b.dataset.est!;
    return {
      establishment_id: id,
      presets: (values[`presets:${id}`] as Preset[] | undefined) ?? [],
      permissions: (values[`permissions:${id}`] as Permission[] | undefined) ?? [],
    };
  });
  return { establishments: list, main: opt(values.main_establishment) };
}

function profileFields(
  u?: Pick<User, 'civility' | 'last_name' | 'first_name' | 'email' | 'phone' | 'function'> &
    Partial<Pick<User, 'status' | 'birth_date'>>,
): Field[] {
  return [
    {
      name: 'civility',
      label: t('civility.label'),
      type: 'radio',
      required: true,
      value: u?.civility ?? '',
      options: [
        ['mme', t('civility.mme')],
        ['m', t('civility.m')],
        ['mx', t('civility.mx')],
      ],
    },
    { name: 'last_name', label: t('common.lastName'), required: true, value: u?.last_name, autocomplete: 'off' },
    { name: 'first_name', label: t('common.firstName'), required: true, value: u?.first_name, autocomplete: 'off' },
    {
      name: 'email',
      label: t('common.email'),
      type: 'email',
      // A record may be kept before her email is known; the email is asked before inviting.
      required: !!u?.email,
      value: u?.email ?? '',
      hint: u?.email ? undefined : t('user.emailLater'),
      autocomplete: 'off',
      readonly: u?.status ? u.status !== 'draft' : false,
    },
    { name: 'phone', label: t('common.phone'), type: 'tel', required: true, value: u?.phone, autocomplete: 'off' },
    { name: 'function', label: t('common.function'), value: u?.function ?? '' },
    { name: 'birth_date', label: t('user.birthDate'), type: 'date', value: u?.birth_date ?? '' },
  ];
}

function civility(v: FormValues): Schemas['Civility'] {
  const c = str(v.civility);
  return c === 'm' || c === 'mx' ? c : 'mme';
}

async function userNew(): Promise<HTMLElement> {
  const orgId = org();
  const requestId = hashQuery(location.hash).get('request');
  const [ests, cat, pendingRequests] = await Promise.all([
    establishments(orgId),
    matrix(),
    requestId
      ? call(
          state.api.GET('/orgs/{org_id}/access-requests', {
            params: { path: { org_id: orgId }, query: { status: 'pending' } },
          }),
          net,
        ).then((l) => l.items)
      : Promise.resolve([] as AccessRequest[]),
  ]);
  const from = requestId ? pendingRequests.find((r) => r.id === requestId) : undefined;
  if (requestId && !from)
    return page(
      t('user.new.title'),
      notice(t('requests.gone'), 'error'),
      h('a', { href: hashOf('requests', { org: orgId }), class: 'button' }, t('requests.title')),
    );
  // Seed 004's "✓": the personal information and the first establishment, pre-filled.
  const first = from ? establishmentNamed(ests, from.establishment_wanted) : null;
  const editor = grantsEditor(ests, cat, first ? { [first]: [] } : {}, first);
  const fields = profileFields(
    from && {
      civility: from.civility ?? 'mme',
      last_name: from.last_name,
      first_name: from.first_name,
      email: from.email,
      phone: from.phone,
      function: from.function ?? '',
    },
  );
  if (from) for (const f of fields) if (f.name === 'email') f.readonly = true;
  const form = makeForm({
    id: 'user-new',
    fields: [...fields, { name: 'manager', label: t('user.manager'), type: 'checkbox' }, editor],
    submit: from ? `✓ ${t('requests.approve')}` : t('common.confirm'),
    onSubmit: async (v, ctx) => {
      const g = grantsInput(ctx.form, v);
      const profile = {
        civility: civility(v),
        last_name: opt(v.last_name),
        first_name: opt(v.first_name),
        phone: opt(v.phone),
        function: opt(v.function),
        birth_date: opt(v.birth_date),
        manager: v.manager === true,
        establishments: g.establishments,
        main_establishment: g.main,
      };
      const created = from
        ? await call(
            state.api.POST('/orgs/{org_id}/access-requests/{request_id}/approve', {
              params: { path: { org_id: orgId, request_id: from.id } },
              body: { user: profile },
              headers: { 'Idempotency-Key': ctx.idempotencyKey },
            }),
            net,
          )
        : await call(
            state.api.POST('/orgs/{org_id}/users', {
              params: { path: { org_id: orgId } },
              body: { ...profile, email: opt(v.email) },
              headers: { 'Idempotency-Key': ctx.idempotencyKey },
            }),
            net,
          );
      if (from) {
        announce(t('done.approved', { name: `${created.first_name} ${created.last_name}` }), {
          on: hashOf('user', { org: orgId, user: created.id }),
        });
        go('user', { org: orgId, user: created.id }, { tab: 'access' });
      } else go('user', { org: orgId, user: created.id }, { tab: 'access', created: '1' });
    },
  });
  // Several companies managed: the one she is added to, chosen first.
  const several = managedCompanies(state.me?.memberships ?? []).length > 1;
  return page(
    from ? t('requests.approve.title', { name: `${from.first_name} ${from.last_name}` }) : t('user.new.title'),
    several
      ? h('p', { id: 'user-new-company' }, `${t('users.filter.company')} : ${membership(orgId)?.org_name ?? ''}`)
      : null,
    from ? h('p', { class: 'hint' }, t('requests.approve.intro')) : null,
    from?.company_name ? h('p', {}, `${t('requests.company')} : ${from.company_name}`) : null,
    form,
  );
}

async function userPage(match: Match): Promise<HTMLElement> {
  const orgId = org();
  const userId = match.params.user;
  const q = hashQuery(location.hash);
  const [u, ests, cat] = await Promise.all([
    call(
      state.api.GET('/orgs/{org_id}/users/{user_id}', { params: { path: { org_id: orgId, user_id: userId } } }),
      net,
    ),
    establishments(orgId),
    matrix(),
  ]);
  const path = { org_id: orgId, user_id: userId };
  const name = `${u.first_name} ${u.last_name}`;
  const orgName = membership(orgId)?.org_name ?? '';
  const after = (message: string, undo?: { label: string; run: () => Promise<string> }) => () => {
    announce(message, { undo: undo && { ...undo }, after: rerender });
    rerender();
  };

  const profile = makeForm({
    id: 'user-profile',
    fields: profileFields(u),
    submit: t('common.save'),
    onSubmit: async (v) => {
      await call(
        state.api.PATCH('/orgs/{org_id}/users/{user_id}', {
          params: { path },
          body: {
            version: u.version,
            civility: civility(v),
            last_name: opt(v.last_name),
            first_name: opt(v.first_name),
            phone: opt(v.phone),
            function: str(v.function),
            birth_date: str(v.birth_date),
            ...(u.status === 'draft' && str(v.email) !== (u.email ?? '') ? { email: opt(v.email) } : {}),
          },
        }),
        net,
      );
      after(t('common.saved'))();
    },
  });
  const secret = makeForm({
    id: 'user-secret',
    fields: [
      { name: 'question', label: t('user.secret.question'), required: true },
      { name: 'answer', label: t('user.secret.answer'), required: true, autocomplete: 'off' },
    ],
    submit: t('common.save'),
    onSubmit: async (v) => {
      await call(
        state.api.PUT('/orgs/{org_id}/users/{user_id}/secret-question', {
          params: { path },
          body: { question: opt(v.question), answer: opt(v.answer) },
        }),
        net,
      );
      return t('common.saved');
    },
  });
  const roles = makeForm({
    id: 'user-roles',
    fields: [grantsEditor(ests, cat, u.grants, u.main_establishment ?? null)],
    submit: t('common.save'),
    onSubmit: async (v, ctx) => {
      const g = grantsInput(ctx.form, v);
      await call(
        state.api.PUT('/orgs/{org_id}/users/{user_id}/grants', {
          params: { path },
          body: { version: u.version, establishments: g.establishments, main_establishment: g.main },
        }),
        net,
      );
      after(t('user.grants.saved'))();
    },
  });

  const out = h('div', { 'aria-live': 'polite' });
  /** A button that asks first (when `ask` is given), acts, then says what it did. */
  const act = (
    label: string,
    run: () => Promise<unknown>,
    done: string,
    o: {
      ask?: Parameters<typeof confirmAction>[0];
      undo?: { label: string; run: () => Promise<string> };
      cls?: string;
    } = {},
  ) =>
    actionButton(
      label,
      async () => {
        if (o.ask && !(await confirmAction(o.ask))) return;
        clear(out);
        try {
          await run();
          after(done, o.undo)();
        } catch (e) {
          out.append(notice(e instanceof ApiProblem ? e.message : t('common.network'), 'error'));
        }
      },
      o.cls ?? '',
    );
  const post = (p: '/orgs/{org_id}/users/{user_id}/activation' | '/orgs/{org_id}/users/{user_id}/enable') =>
    call(state.api.POST(p, { params: { path } }), net);

  const inv = u.invitation;
  const state_ = h(
    'dl',
    { class: 'facts', id: 'invitation-state' },
    h('dt', {}, t('common.status')),
    h('dd', { id: 'user-status' }, tk('status', u.status)),
    inv
      ? [
          h('dt', {}, t('access.sentAt')),
          h('dd', {}, formatDateTime(inv.sent_at)),
          h('dt', {}, t('access.expiresAt')),
          h('dd', {}, formatDateTime(inv.expires_at)),
          h('dt', {}, t('access.timesSent')),
          h('dd', {}, String(inv.times_sent)),
          h('dt', {}, t('access.delivery')),
          h('dd', { id: 'invitation-delivery' }, inv.delivery ? tk('delivery', inv.delivery) : '—'),
        ]
      : [h('dt', {}, t('access.state')), h('dd', {}, t('access.none'))],
    h('dt', {}, t('access.lastLogin')),
    h('dd', {}, formatDateTime(u.last_login_at)),
  );
  const accessActions = h('div', { class: 'actions' });
  const noEmail = u.status === 'draft' && !u.email;
  if (noEmail) accessActions.append(h('p', { class: 'hint', id: 'no-email' }, t('access.noEmail')));
  else if (u.status === 'draft' || u.status === 'invited') {
    accessActions.append(
      act(
        u.status === 'draft' ? t('access.send') : t('access.resend'),
        () => post('/orgs/{org_id}/users/{user_id}/activation'),
        t('access.sent'),
        { cls: 'primary' },
      ),
    );
  }
  if (u.status === 'invited') {
    accessActions.append(
      act(
        t('access.cancel'),
        () => call(state.api.DELETE('/orgs/{org_id}/users/{user_id}/activation', { params: { path } }), net),
        t('done.inviteCancelled', { name }),
        {
          ask: {
            title: t('confirm.cancelInvite.title', { name }),
            body: [t('confirm.cancelInvite.body', { email: emailOf(u) })],
            action: t('confirm.cancelInvite.action'),
          },
          undo: {
            label: t('undo.resend'),
            run: async () => {
              await post('/orgs/{org_id}/users/{user_id}/activation');
              return t('done.inviteSent', { name, email: emailOf(u) });
            },
          },
        },
      ),
    );
  }
  const changeEmail =
    u.status === 'invited' || u.status === 'draft'
      ? makeForm({
          id: 'change-email',
          fields: [
            {
              name: 'email',
              label: noEmail ? t('common.email') : t('access.newEmail'),
              type: 'email',
              required: true,
              autocomplete: 'off',
            },
          ],
          submit: noEmail ? t('access.setEmail') : t('access.changeEmail'),
          onSubmit: async (v, ctx) => {
            await call(
              state.api.POST('/orgs/{org_id}/users/{user_id}/email', {
                params: { path },
                body: { email: opt(v.email), version: u.version },
                headers: { 'Idempotency-Key': ctx.idempotencyKey },
              }),
              net,
            );
            after(t('done.inviteSent', { name, email: str(v.email) }))();
          },
        })
      : null;
  const statusActions = h('div', { class: 'actions' });
  if (u.status === 'active')
    statusActions.append(
      act(
        t('user.disable'),
        () => call(state.api.POST('/orgs/{org_id}/users/{user_id}/disable', { params: { path } }), net),
        t('done.disabled', { name }),
        {
          ask: {
            title: t('confirm.disable.title', { name }),
            body: [t('confirm.disable.body', { name, org: orgName })],
            action: t('confirm.disable.action'),
          },
          undo: {
            label: t('undo.enable'),
            run: async () => {
              await post('/orgs/{org_id}/users/{user_id}/enable');
              return t('done.enabled', { name });
            },
          },
        },
      ),
    );
  if (u.status === 'active')
    statusActions.append(
      act(
        t('user.signOut'),
        () => call(state.api.POST('/orgs/{org_id}/users/{user_id}/sign-out', { params: { path } }), net),
        t('done.signedOut', { name }),
        {
          ask: {
            title: t('confirm.signOut.title', { name }),
            body: [t('confirm.signOut.body', { name })],
            action: t('user.signOut'),
          },
        },
      ),
    );
  if (u.status === 'disabled')
    statusActions.append(
      act(t('user.enable'), () => post('/orgs/{org_id}/users/{user_id}/enable'), t('done.enabled', { name })),
    );
  statusActions.append(
    u.manager
      ? act(
          t('user.removeManager'),
          () => call(state.api.DELETE('/orgs/{org_id}/users/{user_id}/manager', { params: { path } }), net),
          t('done.removedManager', { name }),
          {
            ask: {
              title: t('confirm.removeManager.title', { name }),
              body: [t('confirm.removeManager.body', { name, org: orgName })],
              action: t('user.removeManager'),
            },
            undo: {
              label: t('undo.appoint'),
              run: async () => {
                await call(state.api.POST('/orgs/{org_id}/users/{user_id}/manager', { params: { path } }), net);
                return t('done.appointed', { name });
              },
            },
          },
        )
      : act(
          t('user.appoint'),
          () => call(state.api.POST('/orgs/{org_id}/users/{user_id}/manager', { params: { path } }), net),
          t('done.appointed', { name }),
          {
            ask: {
              title: t('confirm.appoint.title', { name }),
              body: [t('confirm.appoint.body', { org: orgName })],
              action: t('user.appoint'),
              danger: false,
            },
          },
        ),
  );
  statusActions.append(
    actionButton(
      t('user.delete'),
      async () => {
        const yes = await confirmAction({
          title: t('confirm.delete.title', { name }),
          body: [t('confirm.delete.body', { name, email: emailOf(u), org: orgName })],
          action: t('confirm.delete.action', { name }),
        });
        if (!yes) return;
        clear(out);
        try {
          await call(state.api.DELETE('/orgs/{org_id}/users/{user_id}', { params: { path } }), net);
          announce(t('done.deleted', { name }), { on: hashOf('users', { org: orgId }) });
          go('users', { org: orgId });
        } catch (e) {
          out.append(notice(e instanceof Error ? e.message : t('common.network'), 'error'));
        }
      },
      'danger',
    ),
  );

  // Two-step verification (seed 003's "mode d'authentification"): her state,
  // what is required of her, the mode a manager sets, and a manager's reset.
  const twofa = h(
    'section',
    { id: 'user-twofa', 'aria-labelledby': 'user-twofa-title' },
    h('h2', { id: 'user-twofa-title' }, t('twofa.title')),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('twofa.state')),
      h('dd', { id: 'twofa-state' }, u.mfa_on ? t('twofa.on') : t('twofa.off')),
      h('dt', {}, t('twofa.required')),
      h('dd', { id: 'twofa-required' }, requiredText(u.mfa_required)),
      h('dt', {}, t('twofa.phone')),
      h('dd', { id: 'twofa-phone' }, u.auth_phone ? displayPhone(u.auth_phone) : t('twofa.phone.none')),
    ),
    makeForm({
      id: 'user-mode',
      fields: [
        {
          name: 'mode',
          label: t('twofa.mode'),
          type: 'select',
          value: u.mfa_mode ?? 'none',
          hint: t('twofa.mode.hint'),
          options: (['none', 'sms', 'totp'] as const).map((m): [string, string] => [m, tk('twofa.mode', m)]),
        },
        {
          name: 'phone',
          label: t('twofa.phone'),
          type: 'tel',
          autocomplete: 'off',
          value: u.auth_phone ? displayPhone(u.auth_phone) : '',
          hint: t('twofa.phone.hint'),
        },
      ],
      submit: t('common.save'),
      onSubmit: async (v) => {
        const mode = (['none', 'sms', 'totp'] as const).find((m) => m === str(v.mode)) ?? 'none';
        await call(
          state.api.PUT('/orgs/{org_id}/users/{user_id}/authentication', {
            params: { path },
            body: { mode, phone: str(v.phone), version: u.version },
          }),
          net,
        );
        after(t('twofa.mode.saved', { name }))();
      },
    }),
  );
  if (membership(orgId)?.manager && u.status !== 'draft')
    twofa.append(
      h(
        'div',
        { class: 'actions' },
        act(
          t('twofa.reset'),
          () => call(state.api.POST('/orgs/{org_id}/users/{user_id}/mfa/reset', { params: { path } }), net),
          t('twofa.reset.done', { name }),
          {
            ask: {
              title: t('twofa.reset.title', { name }),
              body: [t('twofa.reset.body')],
              action: t('twofa.reset'),
            },
          },
        ),
      ),
    );

  // The permissions' guide, beside the roles one ticks and the access one gives.
  const guide = () =>
    h(
      'p',
      { class: 'hint guide' },
      t('users.guide.hint'),
      ' ',
      h('a', { href: hashOf('permissions', { org: orgId }) }, t('users.guide')),
    );
  const tabs: [string, string, HTMLElement][] = [
    ['profile', t('user.tab.profile'), h('div', {}, profile, h('h2', {}, t('user.secret')), secret)],
    ['roles', t('user.tab.roles'), h('div', {}, guide(), roles)],
    [
      'access',
      t('user.tab.access'),
      h('div', {}, state_, accessActions, changeEmail, h('hr'), twofa, h('hr'), statusActions, guide()),
    ],
  ];
  const selected = q.get('tab') ?? 'profile';
  const tablist = h('div', { role: 'tablist', class: 'tabs' });
  const panels = tabs.map(([id, label, content]) => {
    const tab = h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${id}`,
        'aria-controls': `panel-${id}`,
        'aria-selected': String(id === selected),
        tabindex: id === selected ? '0' : '-1',
      },
      label,
    );
    tablist.append(tab);
    return h(
      'div',
      { role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}`, hidden: id !== selected },
      content,
    );
  });
  const select = (id: string) => {
    tablist.querySelectorAll<HTMLButtonElement>('[role=tab]').forEach((b) => {
      const on = b.id === `tab-${id}`;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      if (on) b.focus();
    });
    panels.forEach((p) => (p.hidden = p.id !== `panel-${id}`));
    // Kept in the address (not a navigation): a save that redraws the page,
    // a reload or a shared link opens this tab again.
    const [path, query = ''] = location.hash.split('?');
    const params = new URLSearchParams(query);
    params.set('tab', id);
    history.replaceState(history.state, '', `${path}?${params.toString()}`);
  };
  tablist.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest('[role=tab]');
    if (b) select(b.id.replace('tab-', ''));
  });
  tablist.addEventListener('keydown', (e) => {
    const ids = tabs.map(([id]) => id);
    const current = ids.findIndex(
      (id) => tablist.querySelector(`#tab-${id}`)?.getAttribute('aria-selected') === 'true',
    );
    if (e.key === 'ArrowRight') select(ids[(current + 1) % ids.length]);
    if (e.key === 'ArrowLeft') select(ids[(current + ids.length - 1) % ids.length]);
  });
  return page(
    `${t('user.edit.title')} — ${u.last_name.toUpperCase()} ${u.first_name}`,
    q.get('created') ? notice(t('user.created')) : null,
    out,
    tablist,
    ...panels,
  );
}

type AccessRequest = Schemas['AccessRequest'];
/** The request list's columns (seed 004: "Nom ↑↓ Prénom ↑↓ Fonction ↑↓ Raison sociale ↑↓ Type de demande ↑↓ Date de la demande ↑↓"). */
const REQUEST_COLUMNS = ['last_name', 'first_name', 'function', 'company_name', 'request_type', 'created_at'] as const;
type RequestColumn = (typeof REQUEST_COLUMNS)[number];

function requestCell(r: AccessRequest, col: RequestColumn): string {
  if (col === 'request_type') return tk('access.kind', r.request_type ?? 'opening');
  if (col === 'created_at') return r.created_at;
  return r[col] ?? '';
}

/** The establishment a request names, when one of the organisation's is called so. */
function establishmentNamed(ests: Schemas['Establishment'][], name: string | null | undefined): string | null {
  const wanted = (name ?? '').trim().toLocaleLowerCase();
  if (!wanted) return null;
  const open = ests.filter((e) => !e.archived);
  return (
    open.find((e) => e.name.toLocaleLowerCase() === wanted)?.id ??
    open.find((e) => e.name.toLocaleLowerCase().includes(wanted))?.id ??
    null
  );
}

async function requests(match: Match): Promise<HTMLElement> {
  const orgId = org();
  const q = hashQuery(location.hash);
  const status = q.get('status') || 'pending';
  const sort = (REQUEST_COLUMNS as readonly string[]).includes(q.get('sort') ?? '')
    ? (q.get('sort') as RequestColumn)
    : 'created_at';
  const order =
    q.get('order') === 'asc' ? 'asc' : q.get('order') === 'desc' ? 'desc' : sort === 'created_at' ? 'desc' : 'asc';
  const [list, ests, cat] = await Promise.all([
    call(
      state.api.GET('/orgs/{org_id}/access-requests', { params: { path: { org_id: orgId }, query: { status } } }),
      net,
    ),
    establishments(orgId),
    matrix(),
  ]);
  const items = [...list.items].sort((a, b) => {
    const c = requestCell(a, sort).localeCompare(requestCell(b, sort), locale(), { sensitivity: 'base' });
    return order === 'asc' ? c : -c;
  });
  const rows = items.map((r) => {
    const name = `${r.first_name} ${r.last_name}`;
    const refuse = makeForm({
      class: 'form compact',
      fields: [{ name: 'reason', label: t('requests.reason'), required: true, type: 'textarea' }],
      submit: `✖ ${t('requests.refuse')}`,
      onSubmit: async (v) => {
        await call(
          state.api.POST('/orgs/{org_id}/access-requests/{request_id}/refuse', {
            params: { path: { org_id: orgId, request_id: r.id } },
            body: { reason: opt(v.reason) },
          }),
          net,
        );
        announce(t('done.refused', { name }));
        rerender();
      },
    });
    // One more establishment for someone already in: chosen here, added to her access.
    const addEstablishment = () =>
      makeForm({
        class: 'form compact',
        fields: [
          {
            name: 'establishment_id',
            label: t('requests.establishment.added'),
            type: 'select',
            required: true,
            value: establishmentNamed(ests, r.establishment_wanted) ?? '',
            options: [['', '—'], ...ests.filter((e) => !e.archived).map((e): [string, string] => [e.id, e.name])],
          },
          {
            name: 'presets',
            label: t('user.presets'),
            type: 'select',
            options: [['', '—'], ...cat.presets.map((p): [string, string] => [p.id, tk('preset', p.id)])],
          },
        ],
        submit: `✓ ${t('requests.approve')}`,
        onSubmit: async (v, ctx) => {
          const preset = str(v.presets) as Preset | '';
          await call(
            state.api.POST('/orgs/{org_id}/access-requests/{request_id}/approve', {
              params: { path: { org_id: orgId, request_id: r.id } },
              body: { establishment_id: opt(v.establishment_id), presets: preset ? [preset] : [], permissions: [] },
              headers: { 'Idempotency-Key': ctx.idempotencyKey },
            }),
            net,
          );
          const est = ests.find((e) => e.id === str(v.establishment_id))?.name ?? '';
          announce(t('done.establishmentAdded', { name, establishment: est }));
          rerender();
        },
      });
    const contact = h(
      'div',
      { class: 'request-contact' },
      h('a', { href: `mailto:${r.email}` }, r.email),
      h('br'),
      h('a', { href: `tel:${r.phone.replace(/[^\d+]/g, '')}` }, displayPhone(r.phone)),
      r.establishment_wanted ? h('p', {}, t('requests.wanted', { name: r.establishment_wanted })) : null,
      r.message ? h('p', { class: 'message' }, r.message) : null,
    );
    let decided: Node;
    if (r.status !== 'pending') decided = text(r.reason ?? tk('requests.tab', r.status));
    else if (r.request_type === 'establishment' && r.user_id)
      decided = h(
        'div',
        {},
        h('p', {}, h('a', { href: hashOf('user', { org: orgId, user: r.user_id }) }, t('requests.member'))),
        addEstablishment(),
        refuse,
      );
    else
      decided = h(
        'div',
        {},
        h(
          'a',
          {
            class: 'button primary',
            href: hashOf('user-new', { org: orgId }, { request: r.id }),
            'aria-label': t('requests.approve.named', { name }),
          },
          `✓ ${t('requests.approve')}`,
        ),
        refuse,
      );
    return [
      text(r.last_name),
      text(r.first_name),
      text(r.function),
      text(r.company_name),
      text(tk('access.kind', r.request_type ?? 'opening')),
      text(formatDateTime(r.created_at)),
      contact,
      decided,
    ];
  });
  const sortLink = (col: RequestColumn, label: string) => {
    const active = sort === col;
    return h(
      'a',
      {
        href: hashOf(
          'requests',
          { org: match.params.org },
          { status, sort: col, order: active && order === 'asc' ? 'desc' : 'asc' },
        ),
        'aria-label': t('users.sort', { col: label }),
        'aria-sort': active ? (order === 'asc' ? 'ascending' : 'descending') : null,
      },
      label,
      active ? (order === 'asc' ? ' ↑' : ' ↓') : ' ↑↓',
    );
  };
  const filter = h(
    'nav',
    { class: 'toolbar', 'aria-label': t('common.status') },
    (['pending', 'approved', 'refused'] as const).map((s) =>
      h(
        'a',
        {
          href: hashOf('requests', { org: match.params.org }, { status: s }),
          class: 'button',
          'aria-current': s === status ? 'page' : null,
        },
        tk('requests.tab', s),
      ),
    ),
  );
  return page(
    t('requests.title'),
    filter,
    h('p', { id: 'requests-count' }, t('requests.count', { n: list.items.length })),
    list.items.length === 0
      ? h('p', {}, t('requests.none'))
      : sortable(
          table(
            [
              sortLink('last_name', t('common.lastName')),
              sortLink('first_name', t('common.firstName')),
              sortLink('function', t('common.function')),
              sortLink('company_name', t('requests.company')),
              sortLink('request_type', t('requests.kind')),
              sortLink('created_at', t('requests.date')),
              t('requests.contact'),
              t('common.actions'),
            ],
            rows,
          ),
        ),
  );
}

async function establishmentsPage(): Promise<HTMLElement> {
  const orgId = org();
  const ests = await establishments(orgId);
  const add = makeForm({
    id: 'establishment-new',
    fields: [{ name: 'name', label: t('est.name'), required: true }],
    submit: t('est.add'),
    onSubmit: async (v, ctx) => {
      await call(
        state.api.POST('/orgs/{org_id}/establishments', {
          params: { path: { org_id: orgId } },
          body: { name: opt(v.name) },
          headers: { 'Idempotency-Key': ctx.idempotencyKey },
        }),
        net,
      );
      announce(t('done.estCreated', { name: str(v.name).trim() }));
      rerender();
    },
  });
  const rows = ests.map((e) => {
    const rename = makeForm({
      class: 'form compact inline',
      fields: [{ name: 'name', label: t('est.name'), required: true, value: e.name }],
      submit: t('est.rename'),
      onSubmit: async (v) => {
        await call(
          state.api.PATCH('/orgs/{org_id}/establishments/{establishment_id}', {
            params: { path: { org_id: orgId, establishment_id: e.id } },
            body: { name: opt(v.name) },
          }),
          net,
        );
        announce(t('done.estRenamed', { name: str(v.name).trim() }));
        rerender();
      },
    });
    const archive = e.archived
      ? text(t('est.archived'))
      : actionButton(t('est.archive'), async () => {
          const yes = await confirmAction({
            title: t('confirm.archive.title', { name: e.name }),
            body: [t('confirm.archive.body')],
            action: t('confirm.archive.action', { name: e.name }),
          });
          if (!yes) return;
          await call(
            state.api.POST('/orgs/{org_id}/establishments/{establishment_id}/archive', {
              params: { path: { org_id: orgId, establishment_id: e.id } },
            }),
            net,
          );
          announce(t('done.archived', { name: e.name }));
          rerender();
        });
    return [e.archived ? text(e.name) : rename, archive];
  });
  return page(t('est.title'), table([t('est.name'), t('common.actions')], rows), h('h2', {}, t('est.add')), add);
}

/**
 * Seed 003's "Gestionnaires": the managers, each removable (asked first,
 * naming her); the advice to keep several when there is one; "Ajouter
 * gestionnaire", choosing several active users at once.
 */
async function managers(): Promise<HTMLElement> {
  const orgId = org();
  const orgName = membership(orgId)?.org_name ?? '';
  const [list, people] = await Promise.all([
    call(state.api.GET('/orgs/{org_id}/managers', { params: { path: { org_id: orgId } } }), net),
    call(
      state.api.GET('/orgs/{org_id}/users', {
        params: { path: { org_id: orgId }, query: { status: 'active', limit: '100' } },
      }),
      net,
    ),
  ]);
  const nameOf = (u: { first_name: string; last_name: string }) => `${u.first_name} ${u.last_name}`;
  const remove = (u: User) =>
    actionButton(
      t('managers.remove'),
      async () => {
        const name = nameOf(u);
        const ok = await confirmAction({
          title: t('confirm.removeManager.title', { name }),
          body: [t('confirm.removeManager.body', { name, org: orgName })],
          action: t('user.removeManager'),
        });
        if (!ok) return;
        try {
          await call(
            state.api.DELETE('/orgs/{org_id}/users/{user_id}/manager', {
              params: { path: { org_id: orgId, user_id: u.id } },
            }),
            net,
          );
          announce(t('done.removedManager', { name }));
          rerender();
        } catch (e) {
          announce(e instanceof Error ? e.message : t('common.network'), { kind: 'error' });
        }
      },
      'danger',
    );
  const rows = list.items.map((u) => [
    h('a', { href: hashOf('user', { org: orgId, user: u.id }, { tab: 'access' }) }, u.last_name),
    text(u.first_name),
    text(emailOf(u)),
    text(tk('status', u.status)),
    // The last active manager stays (the API refuses it): no button to fail.
    u.status === 'active' && list.active > 1 ? remove(u) : text(''),
  ]);
  // "Ajouter gestionnaire": the active users who are not managers yet.
  const candidates = people.items.filter((u) => !u.manager);
  const picks = h(
    'fieldset',
    { class: 'picks', id: 'manager-picks' },
    h('legend', {}, t('managers.pick')),
    candidates.map((u) =>
      h(
        'div',
        { class: 'manager-pick' },
        h('label', {}, h('input', { type: 'checkbox', name: 'pick', value: u.id }), ` ${nameOf(u)} (${emailOf(u)})`),
      ),
    ),
  );
  const appoint = actionButton(
    t('managers.appoint'),
    async () => {
      const chosen = candidates.filter((u) =>
        Boolean(picks.querySelector<HTMLInputElement>(`input[value="${u.id}"]`)?.checked),
      );
      if (chosen.length === 0) {
        announce(t('managers.pickFirst'), { kind: 'error' });
        return;
      }
      const names = chosen.map(nameOf);
      const ok = await confirmAction({
        title: t('managers.confirm.title', { n: chosen.length }),
        body: [t('managers.confirm.body', { org: orgName }), names.join(', ')],
        action: t('managers.appoint'),
        danger: false,
      });
      if (!ok) return;
      const done: string[] = [];
      const failed: string[] = [];
      for (const u of chosen) {
        try {
          await call(
            state.api.POST('/orgs/{org_id}/users/{user_id}/manager', {
              params: { path: { org_id: orgId, user_id: u.id } },
            }),
            net,
          );
          done.push(nameOf(u));
        } catch (e) {
          failed.push(`${nameOf(u)} — ${e instanceof Error ? e.message : t('common.network')}`);
        }
      }
      announce(
        [
          done.length ? t('managers.appointed', { names: done.join(', ') }) : '',
          failed.length ? t('managers.notAppointed', { names: failed.join(' ; ') }) : '',
        ]
          .filter(Boolean)
          .join(' '),
        { kind: failed.length > 0 && done.length === 0 ? 'error' : 'ok' },
      );
      rerender();
    },
    'primary',
  );
  return page(
    t('managers.title'),
    h('p', {}, t('managers.active', { n: list.active })),
    list.active <= 1
      ? h('div', { id: 'managers-advice', class: 'notice warn', role: 'note' }, t('managers.advice'))
      : null,
    table([t('common.lastName'), t('common.firstName'), t('common.email'), t('common.status'), ''], rows),
    h('p', { class: 'hint', id: 'managers-paper' }, t('managers.paper')),
    h(
      'section',
      { id: 'managers-add', 'aria-labelledby': 'managers-add-title' },
      h('h2', { id: 'managers-add-title' }, t('managers.add')),
      candidates.length
        ? [picks, h('div', { class: 'actions' }, appoint)]
        : h('p', { class: 'hint' }, t('managers.noCandidate')),
    ),
  );
}

async function organisation(): Promise<HTMLElement> {
  const orgId = org();
  const o = await call(state.api.GET('/orgs/{org_id}', { params: { path: { org_id: orgId } } }), net);
  const locked = (v: unknown) => (Array.isArray(v) ? v.length > 0 : Boolean(v));
  const form = makeForm({
    id: 'organisation',
    fields: [
      { name: 'name', label: t('org.name'), required: true, value: o.name },
      {
        name: 'category',
        label: t('org.category'),
        value: o.category ?? '',
        readonly: locked(o.category),
        hint: locked(o.category) ? t('org.immutable') : undefined,
      },
      {
        name: 'identifier',
        label: t('org.identifier'),
        value: o.identifier ?? '',
        readonly: locked(o.identifier),
        hint: locked(o.identifier) ? t('org.immutable') : undefined,
      },
      {
        name: 'registry_numbers',
        label: t('org.registry'),
        type: 'textarea',
        value: o.registry_numbers.join('\n'),
        readonly: locked(o.registry_numbers),
        hint: locked(o.registry_numbers) ? t('org.immutable') : undefined,
      },
      { name: 'address', label: t('org.address'), type: 'textarea', value: o.address ?? '' },
      { name: 'contact_email', label: t('org.contactEmail'), type: 'email', value: o.contact_email ?? '' },
      { name: 'contact_phone', label: t('org.contactPhone'), type: 'tel', value: o.contact_phone ?? '' },
    ],
    submit: t('common.save'),
    onSubmit: async (v) => {
      const registry = str(v.registry_numbers)
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
      await call(
        state.api.PATCH('/orgs/{org_id}', {
          params: { path: { org_id: orgId } },
          body: {
            version: o.version,
            name: opt(v.name),
            address: opt(v.address),
            contact_email: opt(v.contact_email),
            contact_phone: opt(v.contact_phone),
            ...(locked(o.category) ? {} : { category: opt(v.category) }),
            ...(locked(o.identifier) ? {} : { identifier: opt(v.identifier) }),
            ...(locked(o.registry_numbers) ? {} : { registry_numbers: registry }),
          },
        }),
        net,
      );
      announce(t('done.orgSaved'));
      rerender();
    },
  });
  return page(t('org.title'), form);
}

const PROFILE_FIELDS: [Schemas['ProfileField'], Key][] = [
  ['civility', 'profile.civility'],
  ['last_name', 'common.lastName'],
  ['first_name', 'common.firstName'],
  ['phone', 'common.phone'],
  ['birth_date', 'profile.birthDate'],
];

async function settings(): Promise<HTMLElement> {
  const orgId = org();
  const o = await call(state.api.GET('/orgs/{org_id}', { params: { path: { org_id: orgId } } }), net);
  const s = o.settings;
  const form = makeForm({
    id: 'settings',
    fields: [
      { name: 'auto_invite', label: t('settings.autoInvite'), type: 'checkbox', value: s.auto_invite },
      { name: 'require_security_keys', label: t('settings.keys'), type: 'checkbox', value: s.require_security_keys },
      {
        name: 'activation_emails',
        label: t('settings.activationEmails'),
        type: 'radio',
        value: s.activation_emails ?? 'one',
        options: [
          ['one', t('settings.activationEmails.one')],
          ['two', t('settings.activationEmails.two')],
        ],
      },
      {
        name: 'invitation_validity_days',
        label: t('settings.validity'),
        type: 'number',
        value: String(s.invitation_validity_days),
        required: true,
      },
      {
        name: 'locale',
        label: t('settings.locale'),
        type: 'select',
        value: s.locale,
        options: [
          ['fr', 'Français'],
          ['en', 'English'],
        ],
      },
      {
        name: 'replacement_functions',
        label: t('settings.functions'),
        type: 'textarea',
        value: (s.replacement_functions ?? []).join('\n'),
      },
      { name: 'age_groups', label: t('settings.ageGroups'), type: 'textarea', value: (s.age_groups ?? []).join('\n') },
      h(
        'fieldset',
        { class: 'field checks', id: 'features' },
        h('legend', {}, t('settings.features')),
        FEATURES.map(({ feature }) =>
          field({
            name: `feature.${feature}`,
            label: tk('feature', feature),
            type: 'checkbox',
            value: (s.features ?? []).includes(feature),
          }),
        ),
      ),
      h(
        'fieldset',
        { class: 'field checks', id: 'editable-fields' },
        h('legend', {}, t('settings.editable')),
        PROFILE_FIELDS.map(([f, key]) =>
          field({
            name: `editable.${f}`,
            label: t(key),
            type: 'checkbox',
            value: (s.editable_profile_fields ?? []).includes(f),
          }),
        ),
      ),
      {
        name: 'working_day_minutes',
        label: t('settings.dayMinutes'),
        type: 'number',
        value: String(s.working_day_minutes ?? 420),
      },
      {
        name: 'offer_wave_minutes',
        label: t('settings.waveMinutes'),
        type: 'number',
        value: String(s.offer_wave_minutes ?? 15),
      },
      {
        name: 'banks_may_go_negative',
        label: t('settings.negative'),
        type: 'checkbox',
        value: s.banks_may_go_negative === true,
      },
      {
        name: 'mfa_policy',
        label: t('settings.mfaPolicy'),
        type: 'select',
        value: s.mfa_policy ?? 'nobody',
        options: MFA_POLICIES.map((p): [string, string] => [p, tk('settings.mfaPolicy', p)]),
      },
      h(
        'fieldset',
        { class: 'field checks', id: 'notification-defaults' },
        h('legend', {}, t('settings.notifications')),
        h('p', { class: 'hint' }, t('settings.notifications.hint')),
        NOTIFICATIONS.map((n) =>
          field({
            name: `notify.${n}`,
            label: tk('notify', n),
            type: 'checkbox',
            value: s.notification_defaults?.[n] !== false,
          }),
        ),
      ),
    ],
    submit: t('common.save'),
    onSubmit: async (v) => {
      const lines = (x: FormValues[string]) =>
        str(x)
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
      const days = Number(str(v.invitation_validity_days));
      await call(
        state.api.PATCH('/orgs/{org_id}/settings', {
          params: { path: { org_id: orgId } },
          body: {
            auto_invite: v.auto_invite === true,
            require_security_keys: v.require_security_keys === true,
            activation_emails: str(v.activation_emails) === 'two' ? 'two' : 'one',
            invitation_validity_days: Number.isInteger(days) ? days : -1,
            locale: str(v.locale) === 'en' ? 'en' : 'fr',
            replacement_functions: lines(v.replacement_functions),
            age_groups: lines(v.age_groups),
            features: Object.fromEntries(FEATURES.map(({ feature }) => [feature, v[`feature.${feature}`] === true])),
            editable_profile_fields: PROFILE_FIELDS.filter(([f]) => v[`editable.${f}`] === true).map(([f]) => f),
            working_day_minutes: Number.isInteger(Number(str(v.working_day_minutes)))
              ? Number(str(v.working_day_minutes))
              : -1,
            offer_wave_minutes: Number.isInteger(Number(str(v.offer_wave_minutes)))
              ? Number(str(v.offer_wave_minutes))
              : 0,
            banks_may_go_negative: v.banks_may_go_negative === true,
            mfa_policy: MFA_POLICIES.find((p) => p === str(v.mfa_policy)) ?? 'nobody',
            notification_defaults: Object.fromEntries(NOTIFICATIONS.map((n) => [n, v[`notify.${n}`] === true])),
          },
        }),
        net,
      );
      // The menus follow the features switched on.
      await loadMe();
      return t('common.saved');
    },
  });
  return page(t('settings.title'), form);
}

/**
 * The mail security key (seed 003): a first key takes the question and the
 * answer; then either may be changed alone (the answer left empty is kept).
 */
async function securityKey(): Promise<HTMLElement> {
  const orgId = org();
  const o = await call(state.api.GET('/orgs/{org_id}', { params: { path: { org_id: orgId } } }), net);
  const current = o.security_question ?? null;
  const form = makeForm({
    id: 'security-key',
    fields: [
      { name: 'question', label: t('key.question'), required: true, value: current ?? '' },
      {
        name: 'answer',
        label: t('key.answer'),
        required: current === null,
        autocomplete: 'off',
        hint: current === null ? undefined : t('key.answer.keep'),
      },
    ],
    submit: t('common.save'),
    onSubmit: async (v, ctx) => {
      const r = await call(
        state.api.PUT('/orgs/{org_id}/security-key', {
          params: { path: { org_id: orgId } },
          body: { question: opt(v.question), answer: opt(v.answer) },
        }),
        net,
      );
      const field = ctx.form.querySelector<HTMLInputElement>('input[name="answer"]');
      if (field) field.value = '';
      return t('key.done', { n: r.notified });
    },
  });
  return page(t('key.title'), form);
}

type AuditEntry = Schemas['AuditEntry'];

/** The actions a manager can filter on, in the order of the dictionary. */
const AUDIT_ACTIONS = Object.keys(dictionaries.fr)
  .filter((k) => k.startsWith('audit.act.'))
  .map((k) => k.slice('audit.act.'.length));

/** Kinds of action whose target is a person. */
const PERSON_KINDS = new Set(['user', 'invitation', 'manager', 'account', 'profile', 'bank_details', 'activation']);

function auditAction(action: string): string {
  const key = `audit.act.${action}` as Key;
  return key in dictionaries.fr ? t(key) : action;
}

function auditActor(e: AuditEntry): string {
  if (e.actor_name) return e.actor_name;
  if (e.actor === 'system') return t('audit.system');
  if (e.actor === 'anonymous') return t('audit.anonymous');
  return t('audit.gone');
}

function auditTarget(e: AuditEntry): string {
  if (e.target_name) return e.target_name;
  if (!e.target) return '—';
  return PERSON_KINDS.has(actionParts(e.action).kind) ? t('audit.gone') : '—';
}

/** How the log names fields and values: statuses and permissions in words. */
function auditWords(estName: Map<string, string>): Words {
  return {
    field: (f) => {
      const key = `audit.field.${f}` as Key;
      // Grants are kept per establishment id: the establishment's name.
      if (key in dictionaries.fr) return t(key);
      if (`feature.${f}` in dictionaries.fr) return tk('feature', f);
      return estName.get(f) ?? null;
    },
    value: (f, v) => {
      if (f === 'status' && `status.${v}` in dictionaries.fr) return tk('status', v);
      if (`perm.${v}` in dictionaries.fr) return tk('perm', v);
      if (`preset.${v}` in dictionaries.fr) return tk('preset', v);
      return estName.get(v) ?? null;
    },
    yes: t('common.yes'),
    no: t('common.no'),
    empty: '—',
    sep: locale() === 'fr' ? ' : ' : ': ',
  };
}

function auditChanges(e: AuditEntry, words: Words): string[] {
  return changeLines(e.changes).map((l) => formatChange(l, words));
}

async function audit(match: Match): Promise<HTMLElement> {
  const orgId = org();
  const q = hashQuery(location.hash);
  const query = {
    person: q.get('person') || undefined,
    user: q.get('user') || undefined,
    action: q.get('action') || undefined,
    from: q.get('from') || undefined,
    to: q.get('to') || undefined,
  };
  const [list, ests, info] = await Promise.all([
    call(
      state.api.GET('/orgs/{org_id}/audit', {
        params: { path: { org_id: orgId }, query: { ...query, cursor: q.get('cursor') || undefined } },
      }),
      net,
    ),
    establishments(orgId),
    call(state.api.GET('/orgs/{org_id}', { params: { path: { org_id: orgId } } }), net),
  ]);
  // Times in the organisation's time zone, the one the period filter's days are in.
  const zone = info.settings.time_zone;
  const words = auditWords(new Map(ests.map((e) => [e.id, e.name])));
  const base = hashOf('audit', { org: match.params.org });
  const filters = h(
    'form',
    { class: 'filters', role: 'search', id: 'audit-filters' },
    field({ name: 'person', label: t('audit.filterPerson'), value: query.person ?? '', autocomplete: 'off' }),
    field({
      name: 'action',
      label: t('audit.filterAction'),
      type: 'select',
      value: query.action ?? '',
      options: [
        ['', t('audit.allActions')],
        ...AUDIT_ACTIONS.map((a): [string, string] => [a, auditAction(a)]).sort((x, y) => x[1].localeCompare(y[1])),
      ],
    }),
    field({ name: 'from', label: t('audit.filterFrom'), type: 'date', value: query.from ?? '' }),
    field({ name: 'to', label: t('audit.filterTo'), type: 'date', value: query.to ?? '' }),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit', class: 'primary' }, t('users.filter.apply')),
      h('a', { href: base, class: 'button' }, t('audit.reset')),
    ),
  );
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = readValues(filters);
    const next = new URLSearchParams();
    for (const k of ['person', 'action', 'from', 'to']) if (str(v[k]).trim()) next.set(k, str(v[k]).trim());
    location.hash = `${base}?${next}`;
  });
  const exportOut = h('div', { 'aria-live': 'polite' });
  const exportButton = actionButton(t('audit.export'), async () => {
    clear(exportOut);
    exportOut.append(h('p', {}, t('audit.exporting')));
    try {
      const all: AuditEntry[] = [];
      let cursor: string | undefined;
      do {
        const page_: Schemas['AuditPage'] = await call(
          state.api.GET('/orgs/{org_id}/audit', {
            params: { path: { org_id: orgId }, query: { ...query, limit: '100', cursor } },
          }),
          net,
        );
        all.push(...page_.items);
        cursor = page_.next_cursor ?? undefined;
      } while (cursor);
      const rows = [
        ['date', 'actor', 'action', 'target', 'establishment', 'changes'].map((c) => t(`audit.csv.${c}` as Key)),
        ...all.map((e) => [
          formatDateTime(e.at, zone),
          auditActor(e),
          auditAction(e.action),
          auditTarget(e),
          e.establishment_name ?? '',
          auditChanges(e, words).join(' | '),
        ]),
      ];
      const blob = new Blob([csv(rows, locale() === 'fr' ? ';' : ',')], { type: 'text/csv;charset=utf-8' });
      const a = h('a', {
        href: URL.createObjectURL(blob),
        download: `journal-${todayIn(zone)}.csv`,
      });
      document.body.append(a);
      a.click();
      a.remove();
      clear(exportOut);
      announce(t('audit.exported', { n: all.length }));
    } catch (e) {
      clear(exportOut);
      exportOut.append(notice(e instanceof Error ? e.message : t('common.network'), 'error'));
    }
  });
  const headers = [t('common.date'), t('audit.actor'), t('audit.action'), t('audit.target'), t('audit.changes')];
  const rows = list.items.map((e) => {
    const lines = auditChanges(e, words);
    const target = auditTarget(e);
    const targetCell =
      e.target_name && e.target && PERSON_KINDS.has(actionParts(e.action).kind)
        ? h('a', { href: hashOf('user', { org: orgId, user: e.target }) }, target)
        : text(target);
    return [
      h('time', { datetime: e.at }, formatDateTime(e.at, zone)),
      text(auditActor(e)),
      text(auditAction(e.action)),
      h(
        'span',
        { class: 'audit-who' },
        targetCell,
        e.establishment_name ? h('small', {}, h('br'), `${t('audit.where')} : ${e.establishment_name}`) : null,
      ),
      lines.length
        ? h(
            'ul',
            { class: 'audit-changes' },
            lines.map((l) => h('li', {}, l)),
          )
        : text(null),
    ];
  });
  const log = table(headers, rows);
  log.classList.add('audit-log');
  log
    .querySelectorAll('tbody tr')
    .forEach((tr) => tr.querySelectorAll('td').forEach((td, i) => td.setAttribute('data-label', headers[i])));
  const more = list.next_cursor
    ? h(
        'a',
        {
          class: 'button',
          href: hashOf('audit', { org: match.params.org }, { ...Object.fromEntries(q), cursor: list.next_cursor }),
        },
        t('common.more'),
      )
    : null;
  return page(
    t('audit.title'),
    filters,
    h('div', { class: 'toolbar' }, exportButton),
    exportOut,
    list.items.length ? log : h('p', { id: 'audit-none' }, t('audit.none')),
    more,
  );
}

export const consoleScreens = {
  users,
  'user-new': userNew,
  user: userPage,
  requests,
  establishments: establishmentsPage,
  managers,
  organisation,
  settings,
  'security-key': securityKey,
  audit,
} satisfies Partial<Record<ScreenId, Screen>>;
