// The banks of hours kept by managers (issue 20, seed 000), in headless
// Chromium against the local runner: the manager enters a person's opening
// balance and an adjustment (its note required, nothing typed lost), sees her
// history; renames a bank and archives it after a confirmation naming it; the
// employee, on her phone, sees her balances' history with her timesheet and
// her schedule of approved hours and leave. Screenshots at 1280 and 375 px
// (e2e/artifacts/banks/).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeMember, call, base, DEMO, fromHome, newPage, signIn, snap, withRunner } from './harness.mjs';

const VACATION_BANK = '019a0000-0000-7000-8000-00000000b0b2';
let manager;

withRunner(async () => {
  manager = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
});

/** The Monday of this week (YYYY-MM-DD), as the hours screen opens it. */
function thisMonday() {
  // Today in Montréal, then back to its Monday (the machine's own zone plays no part).
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Toronto' });
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

function addDays(date, n) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

for (const width of [1280, 375]) {
  test(`a manager enters an opening balance and an adjustment with its note, then renames and archives a bank (${width} px)`, async () => {
    const lea = await activeMember(manager, { first: 'Léa', last: `Solde${width}` });
    const page = await newPage(width);
    await signIn(page, base, DEMO.manager, DEMO.password);
    await fromHome(page, 'hour-banks');
    await page.getByRole('heading', { name: 'Banques d’heures', level: 1 }).waitFor();
    await page
      .locator('#bank-list')
      .getByRole('row')
      .filter({ hasText: 'Heures supplémentaires au-delà de 40,00 h par semaine' })
      .waitFor();

    // Her balances.
    await page.getByLabel('Personne', { exact: true }).selectOption(lea.id);
    await page.getByRole('button', { name: 'Voir ses soldes' }).click();
    await page.getByRole('heading', { name: `Banques d’heures de ${lea.name}` }).waitFor();
    const form = page.locator('#bank-movement');
    await form.getByLabel('Banque', { exact: true }).selectOption(VACATION_BANK);
    // Nothing entered yet: the opening is offered first.
    assert.equal(await form.getByLabel('Solde d’ouverture').isChecked(), true);
    await form.getByLabel('Heures', { exact: true }).fill('12');
    await form.getByRole('button', { name: 'Enregistrer le mouvement' }).click();
    await page.getByText(`Solde d’ouverture de +12,00 h enregistré pour ${lea.name} dans « Vacances ».`).waitFor();

    // An adjustment without its note: said next to the note, the hours kept.
    await form.getByLabel('Banque', { exact: true }).selectOption(VACATION_BANK);
    await form.getByLabel('Ajustement').check();
    await form.getByLabel('Heures', { exact: true }).fill('-1,5');
    await form.getByRole('button', { name: 'Enregistrer le mouvement' }).click();
    await form.locator('[data-field="note"]').getByText('Dites pourquoi vous ajustez ce solde.').waitFor();
    assert.equal(await form.getByLabel('Heures', { exact: true }).inputValue(), '-1,5');
    await snap(page, `01-note-required-${width}`);
    const note = 'Demi-journée comptée deux fois le 23 novembre';
    await form.getByLabel('Note').fill(note);
    await form.getByRole('button', { name: 'Enregistrer le mouvement' }).click();
    await page.getByText(`Ajustement de -1,50 h enregistré pour ${lea.name} dans « Vacances ».`).waitFor();
    const history = page.locator('#person-banks');
    await history.getByRole('row').filter({ hasText: note }).filter({ hasText: '10,50 h' }).waitFor();
    await history.getByRole('row').filter({ hasText: 'Solde d’ouverture' }).filter({ hasText: '+12,00 h' }).waitFor();
    await snap(page, `02-history-${width}`);
    const kept = await call('GET', `/orgs/${DEMO.org}/users/${lea.id}/hour-banks`, undefined, manager);
    assert.equal(kept.banks.find((b) => b.id === VACATION_BANK).balance_minutes, 630);

    // A bank of its own, renamed then archived after a confirmation naming it.
    const name = `Banque ${width} ${Date.now()}`;
    await call('POST', `/orgs/${DEMO.org}/hour-banks`, { name, rule: { type: 'none' } }, manager);
    await page.reload();
    await page.getByRole('link', { name: `Modifier « ${name} »` }).click();
    const editor = page.locator('#bank-edit');
    await editor.getByLabel('Nom de la banque').fill(`${name} bis`);
    await editor.getByRole('button', { name: 'Enregistrer le nom' }).click();
    await page.getByText(`La banque « ${name} » s’appelle maintenant « ${name} bis ».`).waitFor();
    await page.locator('#bank-edit').getByRole('button', { name: 'Archiver la banque' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Archiver la banque « ${name} bis » ?` });
    await dialog.waitFor();
    await snap(page, `03-archive-asked-${width}`);
    await dialog.getByRole('button', { name: 'Archiver la banque' }).click();
    await page.getByText(`La banque « ${name} bis » est archivée.`).first().waitFor();
    await page
      .locator('#bank-list')
      .getByRole('row')
      .filter({ hasText: `${name} bis` })
      .getByText('Archivée')
      .waitFor();
    await snap(page, `04-archived-${width}`);
    await page.context().close();
  });
}

test('an employee, on her phone, sees her banks’ history with her timesheet and her week’s schedule of approved hours and leave', async () => {
  const zoe = await activeMember(manager, { first: 'Zoé', last: 'Horaire', signIn: true });
  const monday = thisMonday();
  const friday = addDays(monday, 4);
  // Her opening in the vacation bank, her week approved, a day of vacation approved.
  await call(
    'POST',
    `/orgs/${DEMO.org}/users/${zoe.id}/hour-banks/${VACATION_BANK}/movements`,
    { movement: 'opening', minutes: 2100, note: 'Report de l’an dernier' },
    manager,
  );
  const days = [0, 1, 2, 3].map((i) => ({ date: addDays(monday, i), minutes: 510 }));
  await call('PUT', `/orgs/${DEMO.org}/weeks/${monday}`, { days }, zoe.token);
  await call(
    'POST',
    `/orgs/${DEMO.org}/users/${zoe.id}/weeks/${monday}/decision`,
    { decision: 'approve', version: 1 },
    manager,
  );
  const leave = await call(
    'POST',
    `/orgs/${DEMO.org}/leave`,
    { leave_type: 'vacation', start_date: friday, end_date: friday },
    zoe.token,
  );
  await call(
    'POST',
    `/orgs/${DEMO.org}/leave/${leave.request.id}/decision`,
    { decision: 'approve', version: 1 },
    manager,
  );

  const phone = await newPage(375);
  await signIn(phone, base, zoe.email, zoe.password);
  await fromHome(phone, 'space');
  await phone
    .getByRole('navigation', { name: 'Mon espace employé' })
    .getByRole('link', { name: 'Heures de travail' })
    .click();
  await phone.getByRole('heading', { name: 'Mon horaire de la semaine' }).waitFor();
  const schedule = phone.locator('#schedule');
  await schedule.locator(`li[data-date="${monday}"]`).getByText('8,50 h').waitFor();
  await schedule.locator(`li[data-date="${friday}"]`).getByText('Vacances (journée)').waitFor();
  await schedule.getByText('Total approuvé : 34,00 h').waitFor();
  await schedule.scrollIntoViewIfNeeded();
  await snap(phone, '05-schedule-375');
  const history = phone.locator('#bank-history');
  await history.getByRole('row').filter({ hasText: 'Absence approuvée' }).filter({ hasText: '-7,00 h' }).waitFor();
  await history.getByRole('row').filter({ hasText: 'Report de l’an dernier' }).filter({ hasText: '35,00 h' }).waitFor();
  await history.scrollIntoViewIfNeeded();
  await snap(phone, '06-history-375');
  // Nothing overflows the phone's width.
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow} px wider than the phone`);
  await phone.context().close();
});
