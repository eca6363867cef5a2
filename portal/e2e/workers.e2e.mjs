// Replacement workers' profiles and availability (issue 21), in headless
// Chromium against the local runner: the dispatcher keeps a worker's
// profile; the worker, on her phone, enters her usual week, a day off and
// the installation she prefers, a refused time range said next to it with
// nothing typed lost; the dispatcher then sees under a request who can take
// it and why the others cannot. Screenshots at 1280 and 375 px
// (e2e/artifacts/workers/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { activeMember, base, call, DEMO, fromHome, newPage, signIn, snap, withRunner } from './harness.mjs';

let manager;
let wendy;
/** Wendy's mobile on file: her offers come by text there too once she chooses it. */
const WENDY_PHONE = '438 555-0177';

/** The next Monday after today, and the day after (YYYY-MM-DD). */
function nextMonday() {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7));
  const monday = d.toISOString().slice(0, 10);
  d.setUTCDate(d.getUTCDate() + 1);
  return [monday, d.toISOString().slice(0, 10)];
}

withRunner(async () => {
  manager = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
  wendy = await activeMember(manager, {
    first: 'Wendy',
    last: 'Dispo',
    presets: ['replacement_worker'],
    phone: WENDY_PHONE,
  });
});

test('the dispatcher keeps a worker’s profile (1280 px)', async () => {
  const page = await newPage(1280);
  await signIn(page, base, DEMO.manager, DEMO.password);
  await fromHome(page, 'worker-profiles');
  await page.getByRole('heading', { level: 1, name: 'Profils des remplaçantes' }).waitFor();
  await page.getByRole('link', { name: `Profil de ${wendy.name}` }).click();
  await page.getByRole('heading', { level: 2, name: `Profil de ${wendy.name}` }).waitFor();
  const form = page.locator('#worker-profile');
  await form.locator('#wp-functions').getByLabel('Éducatrice qualifiée', { exact: true }).check();
  await form.locator('#wp-age_groups').getByLabel('Poupons (0-18 mois)', { exact: true }).check();
  await form.getByLabel('Qualifiée (peut prendre', { exact: false }).check();
  await form.getByLabel('Maximum d’heures par semaine').fill('40');
  await form.getByRole('button', { name: `Enregistrer le profil de ${wendy.name}` }).click();
  await page.getByText(`Profil de ${wendy.name} enregistré.`).waitFor();
  await snap(page, 'profile-1280');
  const kept = await call('GET', `/orgs/${DEMO.org}/workers/${wendy.id}/profile`, undefined, manager);
  assert.deepEqual(kept.functions, ['Éducatrice qualifiée']);
  assert.equal(kept.qualified, true);
  assert.equal(kept.max_weekly_minutes, 2400);
  await page.context().close();
});

test('the worker enters her week on her phone, a refusal keeps what she typed, then the dispatcher sees who can take a request (375 px)', async () => {
  const [monday, tuesday] = nextMonday();
  const page = await newPage(375);
  await signIn(page, base, wendy.email, wendy.password);
  await fromHome(page, 'availability');
  await page.getByRole('heading', { level: 1, name: 'Mes disponibilités' }).waitFor();
  // What the service noted, read only.
  assert.match(await page.locator('#service-notes').innerText(), /Éducatrice qualifiée/);
  for (const day of ['monday', 'tuesday']) {
    const block = page.locator(`fieldset[data-day="${day}"]`);
    await block.getByRole('button', { name: '+ Ajouter une plage' }).click();
    await block.locator('input[type="time"]').nth(0).fill('07:00');
    await block.locator('input[type="time"]').nth(1).fill('17:00');
  }
  // A range that ends before it starts, on Wednesday.
  const wednesday = page.locator('fieldset[data-day="wednesday"]');
  await wednesday.getByRole('button', { name: '+ Ajouter une plage' }).click();
  await wednesday.locator('input[type="time"]').nth(0).fill('17:00');
  await wednesday.locator('input[type="time"]').nth(1).fill('08:00');
  // Tuesday off, as an exception.
  await page.getByRole('button', { name: '+ Ajouter une date' }).click();
  await page.locator('#exceptions input[type="date"]').fill(tuesday);
  await page.locator('#preferred-installations').getByLabel('Installation Rosemont').check();
  // Her offers by text too, at the number on file.
  await page.getByLabel(`Recevoir aussi mes offres par texto au ${WENDY_PHONE}`).check();
  await page.getByRole('button', { name: 'Enregistrer mes disponibilités' }).click();
  const error = page.locator('[data-field="week.wednesday[0].end"] .field-error');
  await error.waitFor();
  assert.notEqual((await error.innerText()).trim(), '', 'the refusal is said next to the field');
  assert.equal(await wednesday.locator('input[type="time"]').nth(0).inputValue(), '17:00', 'nothing typed is lost');
  assert.equal(await page.getByLabel(/offres par texto/).isChecked(), true, 'her choice of texts kept too');
  await snap(page, 'availability-refused-375');
  await wednesday.getByRole('button', { name: 'Retirer' }).click();
  await page.getByRole('button', { name: 'Enregistrer mes disponibilités' }).click();
  await page.getByText('Disponibilités enregistrées', { exact: false }).waitFor();
  await page.locator('fieldset[data-day="monday"] input[type="time"]').first().waitFor();
  assert.equal(await page.locator('fieldset[data-day="monday"] input[type="time"]').first().inputValue(), '07:00');
  assert.equal(await page.getByLabel(/offres par texto/).isChecked(), true, 'her choice of texts saved');
  await snap(page, 'availability-saved-375');
  await page.context().close();

  // Two requests at Rosemont: Monday (she can) and Tuesday (her day off).
  const made = [];
  for (const day of [monday, tuesday]) {
    made.push(
      await call(
        'POST',
        `/orgs/${DEMO.org}/replacements`,
        {
          establishment_id: DEMO.rosemont,
          function: 'Éducatrice qualifiée',
          age_group: 'Poupons (0-18 mois)',
          task: `Groupe ${day}`,
          qualified: true,
          schedule: {
            start_date: day,
            end_date: day,
            start_time: '07:30',
            end_time: '16:00',
            unpaid_break_minutes: 30,
          },
        },
        manager,
      ),
    );
  }
  for (const width of [1280, 375]) {
    const desk = await newPage(width);
    await signIn(desk, base, DEMO.manager, DEMO.password);
    await fromHome(desk, 'dispatch');
    await desk.getByRole('heading', { level: 1, name: 'Répartition' }).waitFor();
    const rowOf = (task) => desk.locator('tr', { hasText: task });
    await rowOf(`Groupe ${monday}`).getByText('Qui peut la prendre ?').click();
    const can = rowOf(`Groupe ${monday}`).locator(`ul.matching li[data-worker="${wendy.id}"]`);
    await can.waitFor();
    assert.match(await can.innerText(), /préfère cette installation/);
    await rowOf(`Groupe ${tuesday}`).getByText('Qui peut la prendre ?').click();
    const cannot = rowOf(`Groupe ${tuesday}`).locator(`ul.not-matching li[data-worker="${wendy.id}"]`);
    await cannot.waitFor();
    assert.match(await cannot.innerText(), new RegExp(`pas disponible le .*${tuesday}`));
    await snap(desk, `dispatch-matches-${width}`);
    await desk.context().close();
  }
  assert.equal(made.length, 2);
});

test('a worker receives an offer on her phone, accepts it after a confirmation naming it, and finds it in her replacements with the address; the client sees it assigned (375 px)', async () => {
  const [monday] = nextMonday();
  // Her profile matches and she is available every weekday (the tests above).
  const made = await call(
    'POST',
    `/orgs/${DEMO.org}/replacements`,
    {
      establishment_id: DEMO.rosemont,
      function: 'Éducatrice qualifiée',
      age_group: 'Poupons (0-18 mois)',
      task: 'Groupe des Lucioles (offre)',
      qualified: true,
      schedule: {
        start_date: monday,
        end_date: monday,
        start_time: '07:30',
        end_time: '16:00',
        unpaid_break_minutes: 30,
      },
    },
    manager,
  );
  // The dispatcher offers it from the dispatch screen.
  const desk = await newPage(1280);
  await signIn(desk, base, DEMO.manager, DEMO.password);
  await fromHome(desk, 'dispatch');
  const row = desk.locator('tr', { hasText: 'Groupe des Lucioles (offre)' });
  await row.getByRole('button', { name: 'Offrir aux remplaçantes' }).click();
  await desk.getByText(/Offert à \d+ personne/).waitFor();
  await snap(desk, 'offer-sent-1280');
  await desk.context().close();
  // She chose texts: the offer reaches her phone by SMS too, with where and when.
  let text = '';
  for (let i = 0; i < 50 && !text.includes('Groupe des Lucioles (offre)'); i++) {
    const html = await (await fetch(`${base}/_outbox`)).text();
    const m = /<li data-to="\+14385550177">([\s\S]*?)<\/li>/.exec(html);
    text = m ? m[1] : '';
    if (!text.includes('Groupe des Lucioles (offre)')) await new Promise((r) => setTimeout(r, 200));
  }
  assert.match(text, /remplacement offert, « Groupe des Lucioles \(offre\) »/);
  assert.match(text, /Où : Installation Rosemont/);

  const page = await newPage(375);
  await signIn(page, base, wendy.email, wendy.password);
  await fromHome(page, 'offers');
  await page.getByRole('heading', { level: 1, name: 'Mes offres' }).waitFor();
  const card = page.locator(`article[data-offer="${made.id}"]`);
  await card.waitFor();
  assert.match(await card.innerText(), /Installation Rosemont/);
  await snap(page, 'offer-open-375');
  await card.getByRole('button', { name: 'Accepter' }).click();
  const dialog = page.getByRole('alertdialog');
  assert.match(await dialog.innerText(), /Groupe des Lucioles \(offre\)/);
  await dialog.getByRole('button', { name: 'Oui, j’accepte' }).click();
  await page.getByText('Remplacement « Groupe des Lucioles (offre) » accepté', { exact: false }).waitFor();
  assert.equal((await page.locator('#offer-history li[data-status="accepted"]').count()) >= 1, true);
  await snap(page, 'offer-accepted-375');
  // In her replacements, with where to go (from the menu).
  const link = page.locator('#site-nav a[data-screen="worker"]');
  if (!(await link.isVisible())) await page.getByRole('button', { name: 'Menu' }).click();
  await link.click();
  await page.getByRole('heading', { level: 1, name: 'Mes remplacements' }).waitFor();
  await page.getByText('Groupe des Lucioles (offre)').first().waitFor();
  await snap(page, 'offer-in-assignments-375');
  await page.context().close();
  // The request is assigned to her.
  const assigned = await call('GET', `/orgs/${DEMO.org}/replacements?status=assigned`, undefined, manager);
  const it = assigned.items.find((r) => r.id === made.id);
  assert.equal(it?.worker_first_name, 'Wendy');
});

test('a dispatcher on her phone sees the week’s fill rate where she holds reports and downloads it as CSV (375 and 1280 px)', async () => {
  const [monday] = nextMonday();
  const rita = await activeMember(manager, { first: 'Rita', last: 'Repartition', presets: ['dispatcher'] });
  const page = await newPage(375, { acceptDownloads: true });
  await signIn(page, base, rita.email, rita.password);
  await fromHome(page, 'reports');
  await page.getByRole('heading', { level: 1, name: 'Rapports' }).waitFor();
  await page.getByLabel('Du').fill(monday);
  await page.getByLabel('Au').fill(monday);
  await page.getByRole('button', { name: 'Afficher les chiffres' }).click();
  await page.getByRole('heading', { name: 'Comblement des remplacements' }).waitFor();
  // Wendy's acceptance above: at least one filled by an offer, this week, at Rosemont.
  const line = page.locator('tr', { hasText: 'Installation Rosemont' }).last();
  await line.waitFor();
  const said = await line.innerText();
  assert.match(said, /\b\d+ \([1-9]\d*\)/, said);
  assert.match(said, /\b\d+ %/, said);
  await page.locator('tr', { hasText: 'Toute la période' }).waitFor();
  await snap(page, 'fill-375');
  await page.setViewportSize({ width: 1280, height: 800 });
  await snap(page, 'fill-1280');
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger le comblement (CSV)' }).click(),
  ]);
  assert.equal(csv.suggestedFilename(), `comblement-${monday}-${monday}.csv`);
  const rows = readFileSync(await csv.path(), 'utf8')
    .trim()
    .split('\r\n');
  assert.match(rows[0], /^establishment,week,requests,filled,filled_by_offer,/);
  assert.match(rows.at(-1), /^total,,/);
  await page.getByText(/Comblement du .* téléchargé : \d+ ligne\(s\)\./).waitFor();
  await page.context().close();
});

test('the worker puts her replacements in her phone’s calendar by a private address, then revokes it after a confirmation (375 px)', async () => {
  const page = await newPage(375);
  await signIn(page, base, wendy.email, wendy.password);
  const link = page.locator('#site-nav a[data-screen="worker"]');
  await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
  if (!(await link.isVisible())) await page.getByRole('button', { name: 'Menu' }).click();
  await link.click();
  await page.getByRole('heading', { name: 'Mon agenda' }).waitFor();
  await page.getByRole('button', { name: 'Créer l’adresse de mon agenda' }).click();
  await page.getByText('Adresse créée : copiez-la dans votre agenda.').waitFor();
  const url = await page.getByLabel('Adresse privée de votre agenda').inputValue();
  assert.match(url, /\/calendars\/[A-Za-z0-9_-]{43}\.ics$/);
  assert.match(await page.getByRole('link', { name: 'Ouvrir dans mon agenda' }).getAttribute('href'), /^webcal:\/\//);
  await snap(page, 'calendar-made-375');
  // Her accepted replacement is in the feed, where she goes included.
  const path = url.slice(url.indexOf('/calendars/'));
  const feed = await fetch(`${base}${path}`);
  assert.equal(feed.status, 200);
  const ics = await feed.text();
  assert.match(ics, /SUMMARY:Remplacement : Groupe des Lucioles \(offre\)/);
  assert.match(ics, /LOCATION:Installation Rosemont/);
  // Revoked after a confirmation naming what stops: the address stops working.
  await page.getByRole('button', { name: 'Révoquer l’adresse' }).click();
  const dialog = page.getByRole('alertdialog');
  assert.match(await dialog.innerText(), /Révoquer l’adresse de votre agenda/);
  await snap(page, 'calendar-revoke-confirm-375');
  await dialog.getByRole('button', { name: 'Révoquer l’adresse' }).click();
  await page.getByText('Adresse révoquée : elle ne fonctionne plus.').waitFor();
  await page.getByRole('button', { name: 'Créer l’adresse de mon agenda' }).waitFor();
  assert.equal((await fetch(`${base}${path}`)).status, 404);
  await page.context().close();
});
