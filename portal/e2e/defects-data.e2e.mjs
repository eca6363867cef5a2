// Issue 18, the defects whose cause was in the API (or in what the portal
// sent it), as the people who met them walk through them: a client's
// approval, the "Répartiteur" preset, the worker's assignment card, the
// installations' names, what is shown against what is saved. In headless
// Chromium against the local runner. Run: `npm run e2e` (after the build).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeMember, base, call, chrome, DEMO, emailed, fromHome, signIn, snap, withRunner } from './harness.mjs';

let manager;

withRunner(async () => {
  manager = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
});

/** Signed in, from her home: opens `screen` from the menu (the phone's menu opened first). */
async function newPage(width = 1280) {
  const context = await chrome.browser.newContext({
    locale: 'fr-CA',
    viewport: { width, height: width < 600 ? 812 : 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

/** An active member with these presets at `establishment`, signed in: { id, email, token, password }. */
const member = (presets, first, establishment = DEMO.rosemont) =>
  activeMember(manager, { first, presets, establishment, signIn: true });

/** A request by `client` at `establishment` for these days, assigned to `worker` by the manager: its id. */
async function assigned(client, worker, { task, establishment = DEMO.rosemont, start, end, skipped = [], notes }) {
  const created = await call(
    'POST',
    `/orgs/${DEMO.org}/replacements`,
    {
      establishment_id: establishment,
      function: 'Éducatrice qualifiée',
      age_group: '18 mois - 5 ans',
      task,
      qualified: true,
      notes: notes ?? null,
      schedule: {
        start_date: start,
        end_date: end,
        start_time: '07:30',
        end_time: '16:00',
        unpaid_break_minutes: 30,
        skipped_days: skipped,
      },
    },
    client.token,
  );
  await call('POST', `/orgs/${DEMO.org}/replacements/${created.id}/assignment`, { worker_id: worker.id }, manager);
  return created.id;
}

/** The worker submits her hours for `days` (meal not taken). */
async function submitted(worker, id, days) {
  return call(
    'PUT',
    `/orgs/${DEMO.org}/replacements/${id}/timesheet`,
    {
      entries: days.map((date) => ({
        date,
        start_time: '07:30',
        end_time: '16:00',
        break_minutes: 30,
        meal_taken: false,
      })),
    },
    worker.token,
  );
}

async function replacement(token, id) {
  const list = await call('GET', `/orgs/${DEMO.org}/replacements?limit=100`, undefined, token);
  return list.items.find((r) => r.id === id);
}

test('"Approuver" sends the adjustment and the note the client typed, and the detail shows the meal she chose', async () => {
  const client = await member(['client'], 'Claire');
  const worker = await member(['replacement_worker'], 'Wendy');
  const task = `Groupe des Hiboux ${Date.now()}`;
  const id = await assigned(client, worker, { task, start: '2026-11-02', end: '2026-11-03' });
  await submitted(worker, id, ['2026-11-02', '2026-11-03']);

  for (const width of [375, 1280]) {
    const page = await newPage(width);
    await signIn(page, base, client.email, client.password);
    await fromHome(page, 'replacements');
    await page.getByRole('heading', { name: 'Liste des remplacements' }).waitFor();
    await page.goto(`${base}/#/org/${DEMO.org}/approvals`);
    const card = page.locator(`[data-replacement="${id}"]`);
    await card.getByLabel('Ajustement 2026-11-02').fill('-2,00');
    await card.getByLabel('Repas 2026-11-02').selectOption('yes');
    await card.getByLabel('Note justificative 2026-11-02').fill('Départ deux heures plus tôt.');
    await snap(page, `data-approval-typed-${width}`);
    if (width === 375) continue; // the phone's screenshot; approving happens once, below
    await card.getByRole('button', { name: 'Approuver', exact: true }).click();
    await page.getByText('Heures approuvées.').waitFor();

    const done = await replacement(client.token, id);
    assert.equal(done.status, 'approved');
    const first = done.hours.find((s) => s.date === '2026-11-02');
    assert.equal(first.adjustments.length, 1, 'the typed adjustment is not silently dropped');
    assert.equal(first.adjustments[0].delta_minutes, -120);
    assert.equal(first.adjustments[0].note, 'Départ deux heures plus tôt.');
    assert.equal(first.payable_minutes, 360);

    // Shown = saved: the detail's "Repas" is the client's "Oui".
    await page.goto(`${base}/#/org/${DEMO.org}/replacements/${id}`);
    const row = page.getByRole('row').filter({ hasText: '2026-11-02' });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    assert.equal(cells[6], 'Oui', `Repas as approved: ${cells.join(' | ')}`);
    assert.equal(cells[7], '6,00');
    await snap(page, 'data-approved-detail');
  }
});

test('the "Répartiteur" preset lands on the dispatch view, sees the installation and assigns a worker', async () => {
  const client = await member(['client'], 'Chloé');
  const worker = await member(['replacement_worker'], 'Wanda');
  const dispatcher = await member(['dispatcher'], 'Rita');
  const task = `Groupe des Castors ${Date.now()}`;
  await call(
    'POST',
    `/orgs/${DEMO.org}/replacements`,
    {
      establishment_id: DEMO.rosemont,
      function: 'Éducatrice',
      age_group: 'Scolaire',
      task,
      qualified: false,
      schedule: {
        start_date: '2027-05-03',
        end_date: '2027-05-05',
        start_time: '08:00',
        end_time: '15:00',
        unpaid_break_minutes: 30,
        skipped_days: ['2027-05-04'],
      },
    },
    client.token,
  );

  const page = await newPage();
  await signIn(page, base, dispatcher.email, dispatcher.password);
  // Her home says what waits; the menu leads to the dispatch view.
  await fromHome(page, 'dispatch');
  await page.getByRole('heading', { name: 'Répartition' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: task });
  await row.getByText('Installation Rosemont').waitFor();
  await row.getByText('2027-05-03, 2027-05-05 (8 h à 15 h)').waitFor();
  await row.getByLabel('Remplaçante à assigner').selectOption(worker.id);
  await snap(page, 'data-dispatcher');
  await row.getByRole('button', { name: 'Assigner' }).click();
  await page.getByRole('row').filter({ hasText: task }).waitFor({ state: 'detached' });
  const mine = await call('GET', `/orgs/${DEMO.org}/assignments`, undefined, worker.token);
  assert.equal(mine.items.find((r) => r.task === task)?.status, 'assigned');
});

test('the worker’s card and email say where to go, which days and the client’s notes; no timesheet before the shifts', async () => {
  const stamp = Date.now();
  const lutins = await call(
    'POST',
    `/orgs/${DEMO.org}/establishments`,
    { name: `CPE Les Lutins ${stamp}`, address: '1200, rue Beaubien Est, Montréal' },
    manager,
  );
  const client = await member(['client'], 'Camille', lutins.id);
  const worker = await member(['replacement_worker'], 'Wendy');
  const done = await assigned(client, worker, {
    task: `Groupe des Lutins ${stamp}`,
    establishment: lutins.id,
    start: '2026-11-09',
    end: '2026-11-13',
    skipped: ['2026-11-11'],
    notes: 'Code de la porte : 4521. Demandez Julie à l’accueil.',
  });
  const later = await assigned(client, worker, {
    task: `Groupe des Fourmis ${stamp}`,
    establishment: lutins.id,
    start: '2027-06-07',
    end: '2027-06-08',
  });

  const mail = await emailed(base, worker.email, new RegExp(`Groupe des Lutins ${stamp}`));
  assert.match(mail, new RegExp(`CPE Les Lutins ${stamp}, 1200, rue Beaubien Est, Montréal`));
  assert.match(mail, /Code de la porte : 4521/);
  assert.match(mail, /mardi 2026-11-10 et jeudi 2026-11-12|mardi 2026-11-10, jeudi 2026-11-12/);
  assert.doesNotMatch(mail, /2026-11-11/);

  for (const width of [1280, 375]) {
    const page = await newPage(width);
    await signIn(page, base, worker.email, worker.password);
    await fromHome(page, 'worker');
    const card = page.locator(`[data-replacement="${done}"]`);
    await card.locator('.where').getByText(`CPE Les Lutins ${stamp}, 1200, rue Beaubien Est, Montréal`).waitFor();
    await card.locator('.notes').getByText('Code de la porte : 4521').waitFor();
    const days = await card.locator('.shift-days li').allTextContents();
    assert.deepEqual(days, [
      'lundi 2026-11-09, 7 h 30 à 16 h',
      'mardi 2026-11-10, 7 h 30 à 16 h',
      'jeudi 2026-11-12, 7 h 30 à 16 h',
      'vendredi 2026-11-13, 7 h 30 à 16 h',
    ]);
    await card.getByLabel('Début 2026-11-09').waitFor();
    // The shifts to come: no timesheet yet, and it says from when.
    const soon = page.locator(`[data-replacement="${later}"]`);
    await soon
      .getByText('Vous pourrez remplir vos heures une fois le dernier quart terminé, le 2027-06-08 à 16 h.')
      .waitFor();
    assert.equal(await soon.getByRole('button', { name: 'Soumettre ma feuille de temps' }).count(), 0);
    await snap(page, `data-worker-card-${width}`);
  }
  // The API refuses it too, saying when.
  await assert.rejects(submitted(worker, later, ['2027-06-07']), /409/);
});

test('a client sees her installations by name, only hers; the dispatch view has an installation column', async () => {
  const client = await member(['client'], 'Céline');
  const page = await newPage();
  await signIn(page, base, client.email, client.password);
  await fromHome(page, 'replacements');
  await page.getByRole('heading', { name: 'Liste des remplacements' }).waitFor();
  await page.getByRole('link', { name: '+ Nouveau remplacement' }).first().click();
  await page.getByRole('heading', { name: 'Nouveau remplacement' }).waitFor();
  await page
    .getByLabel('Installation')
    .locator('option', { hasText: 'Installation Rosemont' })
    .waitFor({ state: 'attached' });
  const options = await page.getByLabel('Installation').locator('option').allTextContents();
  assert.ok(options.includes('Installation Rosemont'), options.join(' | '));
  assert.ok(!options.some((o) => /^Installation \d+$/.test(o)), options.join(' | '));
  const listed = await call('GET', `/orgs/${DEMO.org}/establishments`, undefined, client.token);
  assert.deepEqual(
    listed.items.map((e) => e.id),
    [DEMO.rosemont],
  );
  await assert.rejects(
    call('GET', '/orgs/019a0000-0000-7000-8000-0000000000ff/establishments', undefined, client.token),
    /404/,
  );
  await snap(page, 'data-client-installations');
});

test('a client on a phone set to another time zone sees the days worked, the day left out named, and times on the organisation’s clock', async () => {
  const stamp = Date.now();
  const client = await member(['client'], 'Chloé');
  const worker = await member(['replacement_worker'], 'Willa');
  const task = `Groupe des Hiboux ${stamp}`;
  const id = await assigned(client, worker, { task, start: '2027-03-01', end: '2027-03-05', skipped: ['2027-03-03'] });
  const created = (await replacement(client.token, id)).created_at;
  // Montréal's clock (the demo organisation's zone), whatever the phone says.
  const montreal = new Date(created).toLocaleString('fr-CA', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'America/Toronto',
  });
  for (const width of [1280, 375]) {
    const context = await chrome.browser.newContext({
      locale: 'fr-CA',
      timezoneId: 'Asia/Tokyo',
      viewport: { width, height: width < 600 ? 812 : 900 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, base, client.email, client.password);
    await fromHome(page, 'replacements');
    const row = page.getByRole('row', { name: new RegExp(task) });
    const link = row.getByRole('link', { name: montreal });
    await link.waitFor();
    assert.match(await link.textContent(), /\(HNE\)$/);
    await row.getByText('Jours exclus : mercredi 2027-03-03').waitFor();
    await link.click();
    const days = page.locator('.schedule-days');
    await days.locator('.left-out').getByText('Jours exclus : mercredi 2027-03-03').waitFor();
    assert.deepEqual(await days.locator('.shift-days li').allTextContents(), [
      'lundi 2027-03-01',
      'mardi 2027-03-02',
      'jeudi 2027-03-04',
      'vendredi 2027-03-05',
    ]);
    await snap(page, `data-client-schedule-${width}`);
    await context.close();
  }
});
