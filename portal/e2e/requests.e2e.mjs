// Seed 004's "Demandes de création de compte" in headless Chromium: someone
// asks from her phone, saying the type of request and her company; the
// manager sees the seed's columns (Raison sociale, Type de demande), sorts
// them; "✓ Valider" opens the user form pre-filled (her information and
// the first establishment) for the manager to complete; a member asking for
// one more establishment gets it added to her access (1280 and 375 px).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { activeMember, base, call, DEMO, emailedLink, signIn, snap, unique, withRunner, newPage } from './harness.mjs';

const VILLERAY = '019a0000-0000-7000-8000-00000000e002';
let managerToken;
withRunner(async () => {
  managerToken = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
});

/** The manager's pending requests, once `n` more than `before` are stored (the outbox sender stores them). */
async function pendingCount(atLeast) {
  for (let i = 0; i < 100; i++) {
    const list = await call('GET', `/orgs/${DEMO.org}/access-requests`, undefined, managerToken);
    if (list.items.length >= atLeast) return list.items;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${atLeast} pending requests`);
}

async function seriousViolations(page) {
  const axe = await new AxeBuilder({ page }).analyze();
  return axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? '')).map((v) => v.id);
}

test('a request sent from a phone says its type and company; the manager sorts the list and validates through the pre-filled user form', async () => {
  const before = (await call('GET', `/orgs/${DEMO.org}/access-requests`, undefined, managerToken)).items.length;
  const asker = unique('aline');
  // The requester, on her phone.
  const phone = await newPage(375);
  await phone.goto(`${base}/#/access-request`);
  await phone.getByRole('heading', { level: 1, name: 'Demander un accès' }).waitFor();
  await phone.getByLabel('Mme', { exact: true }).check();
  await phone.getByLabel('Nom', { exact: true }).fill('Bélanger');
  await phone.getByLabel('Prénom').fill('Aline');
  await phone.getByLabel('Fonction').fill('Éducatrice');
  await phone.getByLabel('Courriel').fill(asker);
  await phone.getByLabel('Téléphone').fill('514 555-0133');
  await phone.getByLabel("Identifiant de l'organisation").fill(DEMO.identifier);
  await phone.getByLabel('Raison sociale').fill('CPE Les Petits Pas');
  // "Ouverture" is the default; she names where she works.
  assert.ok(await phone.getByLabel(/^Ouverture/).isChecked());
  await phone.getByLabel('Établissement souhaité').fill('villeray');
  assert.deepEqual(await seriousViolations(phone), []);
  await snap(phone, 'request-on-a-phone');
  await phone.getByRole('button', { name: 'Envoyer la demande' }).click();
  await phone.getByText('Demande reçue.', { exact: false }).waitFor();
  // A second one, to sort: "Ajout d'un établissement" by someone without a record is an opening.
  await call('POST', '/access-requests', {
    last_name: 'Aubin',
    first_name: 'Zélie',
    email: unique('zelie'),
    phone: '514 555-0134',
    org_identifier: DEMO.identifier,
    company_name: 'Garderie Arc-en-ciel',
    request_type: 'establishment',
  });
  await pendingCount(before + 2);

  const page = await newPage(1280);
  await signIn(page, base, DEMO.manager, DEMO.password);
  await page.locator('#site-nav').waitFor({ state: 'attached' });
  await page.goto(`${base}/#/org/${DEMO.org}/requests`);
  await page.getByRole('heading', { level: 1, name: 'Demandes de création de compte' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: asker });
  await row.getByRole('cell', { name: 'CPE Les Petits Pas' }).waitFor();
  await row.getByRole('cell', { name: 'Ouverture' }).waitFor();
  // Sorted by name, A to Z, then Z to A.
  await page.getByRole('link', { name: /Trier par Nom/ }).click();
  await page.locator('th[aria-sort="ascending"]').filter({ hasText: 'Nom' }).waitFor();
  const names = async () => page.locator('tbody tr td:first-child').allInnerTexts();
  const asc = await names();
  assert.deepEqual(
    asc,
    [...asc].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base' })),
  );
  await page.getByRole('link', { name: /Trier par Nom/ }).click();
  await page.locator('th[aria-sort="descending"]').filter({ hasText: 'Nom' }).waitFor();
  assert.deepEqual(await names(), [...asc].reverse());
  assert.deepEqual(await seriousViolations(page), []);
  await snap(page, 'requests-sorted');

  // "✓ Valider": the user form, pre-filled, her first establishment added.
  await row.getByRole('link', { name: 'Valider la demande de Aline Bélanger' }).click();
  await page.getByRole('heading', { level: 1, name: 'Valider la demande de Aline Bélanger' }).waitFor();
  assert.equal(await page.getByLabel('Nom', { exact: true }).inputValue(), 'Bélanger');
  assert.equal(await page.getByLabel('Courriel').inputValue(), asker);
  assert.ok(await page.getByLabel('Courriel').evaluate((el) => el.readOnly));
  assert.equal(await page.getByLabel('Fonction').inputValue(), 'Éducatrice');
  const villeray = page.locator(`.grant-block[data-est="${VILLERAY}"]`);
  await villeray.waitFor();
  await snap(page, 'request-prefilled-form');
  // The manager completes it: the first name corrected, her role ticked.
  await page.getByLabel('Prénom').fill('Aline-Marie');
  await villeray
    .getByLabel(/Employé/)
    .first()
    .check();
  await page.getByRole('button', { name: '✓ Valider' }).click();
  await page.getByText('Demande de Aline-Marie Bélanger validée : compte créé et invitation envoyée.').waitFor();
  await snap(page, 'request-validated');
  assert.match(await emailedLink(base, asker, 'activate'), /activate#token=/);
  const left = await call('GET', `/orgs/${DEMO.org}/access-requests`, undefined, managerToken);
  assert.ok(!left.items.some((r) => r.email === asker));

  // On a phone, the list is cards, each labelled by its column.
  const small = await newPage(375);
  await signIn(small, base, DEMO.manager, DEMO.password);
  await small.locator('#site-nav').waitFor({ state: 'attached' });
  await small.goto(`${base}/#/org/${DEMO.org}/requests`);
  await small.getByRole('heading', { level: 1, name: 'Demandes de création de compte' }).waitFor();
  await small.locator('td[data-label="Raison sociale"]').filter({ hasText: 'Garderie Arc-en-ciel' }).waitFor();
  await snap(small, 'requests-on-a-phone');
});

test('a member asking for one more establishment gets it added to her access, said by name', async () => {
  const rose = await activeMember(managerToken, { first: 'Rose', last: 'Établie' });
  const before = (await call('GET', `/orgs/${DEMO.org}/access-requests`, undefined, managerToken)).items.length;
  await call('POST', '/access-requests', {
    last_name: 'Établie',
    first_name: 'Rose',
    email: rose.email,
    phone: '514 555-0100',
    org_identifier: DEMO.identifier,
    request_type: 'establishment',
    establishment_wanted: 'Villeray',
  });
  await pendingCount(before + 1);
  for (const width of [375, 1280]) {
    const page = await newPage(width);
    await signIn(page, base, DEMO.manager, DEMO.password);
    await page.locator('#site-nav').waitFor({ state: 'attached' });
    await page.goto(`${base}/#/org/${DEMO.org}/requests`);
    const row = page.getByRole('row').filter({ hasText: rose.email });
    await row.getByText('Ajout d’un établissement').waitFor();
    await row.getByRole('link', { name: 'Déjà dans l’organisation : voir sa fiche' }).waitFor();
    assert.equal(await row.getByLabel('Établissement à ajouter').inputValue(), VILLERAY);
    await snap(page, `added-establishment-${width}`);
    if (width === 375) continue;
    await row.getByLabel('Rôles (préréglages)').selectOption('employee');
    await row.getByRole('button', { name: '✓ Valider' }).click();
    await page.getByText('Demande de Rose Établie validée : Installation Villeray ajouté à ses accès.').waitFor();
  }
  const user = await call('GET', `/orgs/${DEMO.org}/users/${rose.id}`, undefined, managerToken);
  assert.deepEqual(Object.keys(user.grants).sort(), [DEMO.rosemont, VILLERAY].sort());
});
