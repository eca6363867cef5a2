// The navigation, the homes, the phone layout and accessibility, in headless
// Chromium against the local runner. Run: `npm run e2e` (after `npm run build`).
// The presets' test is generated from the API's own catalogue (GET
// /permissions): for each role preset, the screens its permissions imply are
// worked out from the matrix (the operations each screen loads) and must be
// exactly the menu's, each rendering its heading with no serious or critical
// axe-core finding.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { activeMember, artifacts, base, call, chrome, DEMO, signIn, snap, withRunner } from './harness.mjs';

let matrix;
let managerToken;

withRunner(async () => {
  matrix = await call('GET', '/permissions');
  managerToken = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
});

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };

async function newPage(viewport = DESKTOP) {
  const context = await chrome.browser.newContext({ locale: 'fr-CA', viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

/** A member of the demo organisation at Rosemont with `presets`, activated through the emailed link. */
const member = (presets, first) => activeMember(managerToken, { first, last: 'Navigation', presets, signIn: true });

// Each screen of the menu: its heading, the operations it loads (all needed),
// the feature it belongs to. `unless`: operations whose holder is not this
// screen's persona (an employee — who may list her leave — keeps her hours in
// her space and sees no "Mes remplacements"). `anyOf`: alternatives.
const SCREENS = {
  home: { heading: 'Accueil', ops: [] },
  users: { heading: 'Mes utilisateurs', ops: ['list_users'] },
  requests: { heading: 'Demandes de création de compte', ops: ['list_access_requests'] },
  managers: { heading: 'Gestionnaires', ops: ['list_managers'] },
  // The permissions' guide, beside the people: for those who give roles.
  permissions: { heading: 'Quelles habilitations pour quoi ?', ops: ['list_users'] },
  // Among the people screens (a client reads her installations' names, elsewhere).
  establishments: { heading: 'Établissements', ops: ['list_establishments', 'list_users'] },
  // The client's screens: she asks for replacements (a dispatcher lists them too, on hers).
  replacements: { heading: 'Liste des remplacements', ops: ['list_replacements', 'submit_replacement'] },
  approvals: { heading: 'Approbation des heures', ops: ['list_replacements', 'submit_replacement', 'approve_hours'] },
  dispatch: { heading: 'Répartition', ops: ['list_replacements', 'list_workers', 'assign_worker'] },
  reports: { heading: 'Rapports', ops: ['get_reports', 'payroll_export'] },
  'worker-profiles': {
    heading: 'Profils des remplaçantes',
    ops: ['list_workers', 'get_worker_profile', 'set_worker_profile'],
  },
  worker: {
    heading: 'Mes remplacements',
    ops: ['list_assignments', 'submit_timesheet'],
    unless: ['list_leave', 'list_expenses', 'list_advances', 'get_bank_details'],
  },
  // The requests offered to her, to accept or decline.
  offers: {
    heading: 'Mes offres',
    ops: ['list_my_offers', 'answer_offer'],
    unless: ['list_leave', 'list_expenses', 'list_advances', 'get_bank_details'],
  },
  // Her availability, beside her assignments (a replacement worker's, not an employee's).
  availability: {
    heading: 'Mes disponibilités',
    ops: ['my_worker_profile', 'set_my_availability'],
    unless: ['list_leave', 'list_expenses', 'list_advances', 'get_bank_details'],
  },
  decisions: {
    heading: 'Décisions',
    anyOf: [
      { ops: ['decide_leave'], feature: 'absences' },
      { ops: ['decide_expense'], feature: 'expense_notes' },
      { ops: ['decide_advance'], feature: 'advances' },
      // A client approves her replacements' hours, not the employees' weeks.
      { ops: ['decide_week'], feature: 'working_hours', unless: ['submit_replacement'], unlessManager: false },
    ],
  },
  'hour-banks': {
    heading: 'Banques d’heures',
    ops: ['create_hour_bank', 'list_hour_banks', 'adjust_hour_bank'],
    feature: 'working_hours',
  },
  'share-document': { heading: 'Partager un document', ops: ['share_document'], feature: 'documents' },
  'bank-reveal': {
    heading: 'Coordonnées bancaires des employés',
    ops: ['reveal_bank_details', 'list_users'],
    feature: 'bank_details',
  },
  organisation: { heading: 'Informations de l’organisation', ops: ['get_organisation'] },
  settings: { heading: 'Paramètres', ops: ['update_settings'] },
  'security-key': { heading: 'Clé de sécurité courrier', ops: ['set_security_key'] },
  audit: { heading: 'Journal des modifications', ops: ['list_audit'] },
  space: { heading: 'Mon espace', ops: [] },
  leave: { heading: 'Absences', ops: ['list_leave'], feature: 'absences' },
  expenses: { heading: 'Notes de frais', ops: ['list_expenses'], feature: 'expense_notes' },
  hours: { heading: 'Heures de travail', ops: ['list_weeks'], feature: 'working_hours' },
  advances: { heading: 'Demandes d’acompte', ops: ['list_advances'], feature: 'advances' },
  profile: { heading: 'Informations personnelles', ops: ['update_profile'], feature: 'personal_info' },
  bank: { heading: 'Coordonnées bancaires', ops: ['get_bank_details'], feature: 'bank_details' },
  documents: { heading: 'Mes documents', ops: ['list_documents'], feature: 'documents' },
};

/** Whether the matrix lets a holder of `held` (or a manager) call `op`. */
function allows(op, held, manager) {
  const row = matrix.operations.find((o) => o.operation === op);
  assert.ok(row, `the matrix lists ${op}`);
  if (row.requires === 'public' || row.requires === 'signed_in') return true;
  if (manager) return row.requires !== 'operator';
  // A member: one permission she holds opens it (an operation may admit several).
  return [...held].some((p) => row.allowed[p] === true);
}

function implied(spec, held, manager, features) {
  const ok = (s) =>
    s.ops.every((op) => allows(op, held, manager)) &&
    (!s.feature || features.includes(s.feature)) &&
    !(s.unless ?? []).some((op) => (manager && s.unlessManager === false ? false : allows(op, held, manager)));
  return spec.anyOf ? spec.anyOf.some(ok) : ok(spec);
}

/** The screens a person's permissions imply, from the matrix. */
function expectedScreens(held, manager, features) {
  return Object.keys(SCREENS).filter((s) => implied(SCREENS[s], held, manager, features));
}

const axeFindings = {};
/** axe-core on the page: the serious and critical findings (WCAG 2.2 A/AA rules). */
async function axe(page, where) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  axeFindings[where] = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
  writeFileSync(join(artifacts, 'axe.json'), JSON.stringify(axeFindings, null, 2));
  return bad.map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The screens the menu links to, in order. */
async function menuScreens(page) {
  return page.locator('#site-nav a[data-screen]').evaluateAll((as) => as.map((a) => a.dataset.screen));
}

/** Walks every screen of the menu: each link opens its screen, which shows its heading; axe on each. */
async function walk(page, who, want) {
  const problems = [];
  for (const screen of want) {
    await page.locator(`#site-nav a[data-screen="${screen}"]`).click();
    await page.getByRole('heading', { level: 1, name: SCREENS[screen].heading, exact: true }).waitFor();
    // The current link says so.
    assert.equal(
      await page.locator(`#site-nav a[data-screen="${screen}"]`).getAttribute('aria-current'),
      'page',
      `${who}: ${screen} is the current link`,
    );
    problems.push(...(await axe(page, `${who}/${screen}`)));
  }
  return problems;
}

async function personaMenu(page, who, held, manager) {
  const me = await page.evaluate(async () => {
    const raw = localStorage.getItem('sesame.session');
    const { token } = JSON.parse(raw);
    return (await fetch('/me', { headers: { authorization: `Bearer ${token}` } })).json();
  });
  const m = me.memberships.find((x) => x.org_id === DEMO.org);
  const want = expectedScreens(held, manager, m.features);
  assert.deepEqual(
    [...(await menuScreens(page))].sort(),
    [...want].sort(),
    `${who}: the menu shows exactly the screens the permissions imply`,
  );
  return want;
}

test('presets and screens agree: for every preset of GET /permissions, the menu shows exactly the screens its permissions imply, each renders its heading, with no serious or critical axe finding', async () => {
  assert.deepEqual(
    matrix.presets.map((p) => p.id),
    ['employee', 'client', 'replacement_worker', 'dispatcher'],
    'the catalogue’s presets (a new one is walked here too)',
  );
  const problems = [];
  for (const preset of matrix.presets) {
    const person = await member([preset.id], `Nav${preset.id.replace(/_/g, '')}`);
    const page = await newPage();
    await signIn(page, base, person.email, person.password);
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    const want = await personaMenu(page, preset.id, new Set(preset.permissions), false);
    assert.ok(want.length >= 2, `${preset.id}: a home and at least one screen`);
    problems.push(...(await walk(page, preset.id, want)));
    await page.context().close();
  }
  // The manager: every screen, worker's aside.
  const page = await newPage();
  await signIn(page, base, DEMO.manager, DEMO.password);
  await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
  const want = await personaMenu(page, 'manager', new Set(), true);
  assert.ok(want.includes('users') && want.includes('audit') && !want.includes('worker'));
  problems.push(...(await walk(page, 'manager', want)));
  assert.deepEqual(
    problems,
    [],
    'no serious or critical accessibility finding (details in e2e/artifacts/navigation/axe.json)',
  );
});

test('the dispatcher preset reaches the dispatch screen', async () => {
  const dispatcher = matrix.presets.find((p) => p.id === 'dispatcher');
  const held = new Set(dispatcher.permissions);
  assert.ok(implied(SCREENS.dispatch, held, false, []), 'dispatch implied by the dispatcher preset');
});

test('employees see no "Mes remplacements", clients no "Décisions"; each persona’s home says what waits for her (1280 and 375 px)', async () => {
  const client = await member(['client'], 'Clemence');
  const worker = await member(['replacement_worker'], 'Wanda');
  const employee = await member(['employee'], 'Emilie');
  // A request assigned to the worker, for her home's next assignment and the client's list.
  const rep = await call(
    'POST',
    `/orgs/${DEMO.org}/replacements`,
    {
      establishment_id: DEMO.rosemont,
      function: 'Éducatrice qualifiée',
      age_group: '18 mois - 5 ans',
      task: `Groupe des Lucioles ${Date.now()}`,
      qualified: true,
      schedule: {
        start_date: '2030-05-06',
        end_date: '2030-05-07',
        start_time: '07:30',
        end_time: '16:00',
        unpaid_break_minutes: 30,
      },
    },
    client.token,
  );
  await call('POST', `/orgs/${DEMO.org}/replacements/${rep.id}/assignment`, { worker_id: worker.id }, managerToken);
  const people = [
    ['manager', DEMO.manager, DEMO.password],
    ['employee', employee.email, employee.password],
    ['client', client.email, client.password],
    ['worker', worker.email, worker.password],
  ];
  const menus = {};
  for (const [who, email, password] of people) {
    const page = await newPage();
    await signIn(page, base, email, password);
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    await page.locator('.hello').waitFor();
    menus[who] = await menuScreens(page);
    await snap(page, `nav-${who}-home-1280`);
    await page.setViewportSize(PHONE);
    await snap(page, `nav-${who}-home-375`);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.locator('#site-nav.open').waitFor();
    await snap(page, `nav-${who}-menu-375`);
    if (who === 'manager') {
      await page.getByRole('link', { name: /invitations? en attente d’activation/ }).waitFor();
      await page.getByRole('link', { name: /demandes? d’accès à traiter/ }).waitFor();
    }
    if (who === 'worker') {
      await page
        .getByRole('link', { name: `Prochaine affectation : ${rep.task} (Éducatrice qualifiée), 2030-05-06 7 h 30` })
        .waitFor();
    }
    await page.context().close();
  }
  assert.ok(!menus.employee.includes('worker'), 'an employee has no "Mes remplacements"');
  assert.ok(!menus.client.includes('decisions'), 'a client has no "Décisions"');
  assert.ok(menus.client.includes('approvals') && menus.worker.includes('worker'));
  assert.ok(menus.manager.includes('decisions') && !menus.manager.includes('worker'));
});

test('the phone menu: a small header at 375 px, a "Menu" button that opens and closes it (aria-expanded), Escape closes it, targets ≥ 24 px', async () => {
  const page = await newPage(PHONE);
  await signIn(page, base, DEMO.manager, DEMO.password);
  await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
  const header = await page.locator('header').boundingBox();
  assert.ok(header.height <= 72, `the header is one bar at 375 px (${header.height} px)`);
  const nav = page.getByRole('navigation', { name: 'Menu principal' });
  assert.equal(await nav.isVisible(), false, 'the menu is folded');
  const button = page.getByRole('button', { name: 'Menu' });
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.equal(await button.getAttribute('aria-controls'), 'site-nav');
  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  await nav.getByRole('link', { name: 'Utilisateurs' }).waitFor();
  await nav.getByRole('button', { name: 'Se déconnecter', exact: true }).waitFor();
  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.equal(await nav.isVisible(), false, 'the button closes it');
  await button.click();
  await nav.getByRole('link', { name: 'Paramètres' }).focus();
  await page.keyboard.press('Escape');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.equal(await nav.isVisible(), false, 'Escape closes it');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('menu-button')), true);
  // A link followed: the screen opens, the menu folds.
  await button.click();
  await nav.getByRole('link', { name: 'Utilisateurs' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mes utilisateurs' }).waitFor();
  assert.equal(await nav.isVisible(), false);

  // Every target of the header, the menu and the screens walked: 24 × 24 px at least.
  const small = [];
  const measure = async (where) => {
    const found = await page.evaluate(() =>
      Array.from(document.querySelectorAll('a, button, input, select, textarea, summary'))
        .filter((el) => {
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) return false;
          // Off screen (the skip link until focused).
          if (r.right <= 0 || r.bottom <= 0) return false;
          // Links inside a sentence are exempt (WCAG 2.5.8 "inline").
          const parent = el.parentElement;
          return !(
            el.tagName === 'A' &&
            parent &&
            ['P', 'LI', 'SPAN', 'TD', 'DD'].includes(parent.tagName) &&
            parent.textContent.trim() !== el.textContent.trim() &&
            !el.closest('nav')
          );
        })
        .map((el) => {
          const r = el.getBoundingClientRect();
          return {
            what: `${el.tagName.toLowerCase()} “${(el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 30)}”`,
            w: r.width,
            h: r.height,
          };
        })
        .filter((x) => x.w < 24 || x.h < 24),
    );
    small.push(...found.map((x) => `${where}: ${x.what} ${Math.round(x.w)}×${Math.round(x.h)}`));
  };
  await measure('users');
  await button.click();
  await measure('menu');
  await nav.getByRole('link', { name: 'Mon espace', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Mon espace' }).waitFor();
  await measure('space');
  assert.deepEqual(small, [], 'no target under 24 × 24 px');
});

test('phones: tables become cards whose every cell shows its column’s name; the worker’s timesheet labels every input', async () => {
  const client = await member(['client'], 'Carla');
  const worker = await member(['replacement_worker'], 'Wilma');
  const rep = await call(
    'POST',
    `/orgs/${DEMO.org}/replacements`,
    {
      establishment_id: DEMO.rosemont,
      function: 'Éducatrice qualifiée',
      age_group: '18 mois - 5 ans',
      task: `Groupe des Abeilles ${Date.now()}`,
      qualified: true,
      schedule: {
        start_date: '2026-06-03',
        end_date: '2026-06-03',
        start_time: '08:00',
        end_time: '15:00',
        unpaid_break_minutes: 30,
      },
    },
    client.token,
  );
  await call('POST', `/orgs/${DEMO.org}/replacements/${rep.id}/assignment`, { worker_id: worker.id }, managerToken);

  const page = await newPage(PHONE);
  await signIn(page, base, worker.email, worker.password);
  await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
  await page.goto(`${base}/#/org/${DEMO.org}/worker`);
  const sheet = page.locator(`[data-replacement="${rep.id}"]`);
  await sheet.getByLabel('Début 2026-06-03').waitFor();
  // Each input's cell shows its column's name on screen (the ::before of data-label).
  const labels = await sheet.locator('td:has(input)').evaluateAll((tds) =>
    tds.map((td) => ({
      label: td.dataset.label ?? '',
      shown: window.getComputedStyle(td, '::before').content,
      display: window.getComputedStyle(td, '::before').display,
    })),
  );
  assert.deepEqual(
    labels.map((l) => l.label),
    ['Début', 'Fin', 'Pause (min)', 'Repas'],
  );
  for (const l of labels) {
    assert.equal(l.shown, `"${l.label}"`, `the label ${l.label} is drawn`);
    assert.notEqual(l.display, 'none');
  }
  await snap(page, 'nav-worker-timesheet-375');
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 375, 'nothing scrolls sideways');

  // The manager's users list: one card per user, its status visible without scrolling.
  const boss = await newPage(PHONE);
  await signIn(boss, base, DEMO.manager, DEMO.password);
  await boss.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
  await boss.goto(`${base}/#/org/${DEMO.org}/users`);
  await boss.getByRole('heading', { level: 1, name: 'Mes utilisateurs' }).waitFor();
  const firstRow = boss.locator('table tbody tr').first();
  await firstRow.waitFor();
  const cells = await firstRow
    .locator('td')
    .evaluateAll((tds) => tds.map((td) => ({ label: td.dataset.label, right: td.getBoundingClientRect().right })));
  assert.ok(cells.length > 3);
  for (const c of cells) {
    assert.ok(c.label, 'every cell has its column’s name');
    assert.ok(c.right <= 375, `${c.label} is on screen`);
  }
  assert.ok(
    (await boss.evaluate(() => document.documentElement.scrollWidth)) <= 375,
    'the list does not scroll sideways',
  );
  await snap(boss, 'nav-users-cards-375');

  // The client's approval once the timesheet is in: every field labelled on screen.
  await call(
    'PUT',
    `/orgs/${DEMO.org}/replacements/${rep.id}/timesheet`,
    { entries: [{ date: '2026-06-03', start_time: '08:00', end_time: '15:00', break_minutes: 30, meal_taken: false }] },
    worker.token,
  );
  const c = await newPage(PHONE);
  await signIn(c, base, client.email, client.password);
  await c.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
  await c.getByRole('link', { name: /feuilles? de temps à approuver/ }).click();
  const card = c.locator(`[data-replacement="${rep.id}"]`);
  await card.getByLabel('Ajustement 2026-06-03').waitFor();
  const unlabeled = await card.locator('input:not([type=hidden]), select, textarea').evaluateAll((els) =>
    els
      .filter((el) => {
        const td = el.closest('td');
        if (td) return !td.dataset.label || window.getComputedStyle(td, '::before').content === 'none';
        return !(el.id && document.querySelector(`label[for="${el.id}"]`)) && !el.closest('label');
      })
      .map((el) => el.name || el.id),
  );
  assert.deepEqual(unlabeled, [], 'every input of the approval has a visible label');
  await snap(c, 'nav-client-approval-375');
});

test('a link opened in a new tab stays signed in; signing out in one tab signs the other out', async () => {
  const page = await newPage();
  await signIn(page, base, DEMO.manager, DEMO.password);
  await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
  const tab = await page.context().newPage();
  await tab.goto(`${base}/#/org/${DEMO.org}/users`);
  await tab.getByRole('heading', { level: 1, name: 'Mes utilisateurs' }).waitFor();
  await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  await tab.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  // An expired session counts as none.
  await tab.evaluate(() =>
    localStorage.setItem('sesame.session', JSON.stringify({ token: 'x.y.z', expires: Date.now() - 1000 })),
  );
  await tab.goto(`${base}/#/org/${DEMO.org}/users`);
  await tab.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
});
