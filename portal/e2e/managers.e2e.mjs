// Seed 003's "Gestionnaires" in headless Chromium: with one manager the
// screen advises several; "Ajouter gestionnaire" appoints several active
// users at once, after a confirmation naming them; "Retirer" removes one,
// asked first; each action says what it did (1280 and 375 px).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { activeMember, base, call, chrome, DEMO, signIn, snap, withRunner } from './harness.mjs';

let managerToken;
withRunner(async () => {
  managerToken = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
});

const member = (first) => activeMember(managerToken, { first, last: 'Gestion' });

test('one manager is advised to have several; several users are appointed at once and one removed, each asked first', async () => {
  const [alice, berthe] = [await member('Alice'), await member('Berthe')];
  const context = await chrome.browser.newContext({ locale: 'fr-CA', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await signIn(page, base, DEMO.manager, DEMO.password);
  await page.locator('#site-nav').waitFor({ state: 'attached' });
  await page.getByRole('link', { name: 'Gestionnaires', exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Gestionnaires' }).waitFor();
  await page.locator('#managers-advice').waitFor();
  const axe = await new AxeBuilder({ page }).analyze();
  assert.deepEqual(
    axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? '')).map((v) => v.id),
    [],
  );
  await snap(page, 'one-manager-advised');

  // Nothing ticked: said, nothing sent.
  await page.getByRole('button', { name: 'Nommer gestionnaires' }).click();
  await page.getByText('Cochez d’abord au moins un utilisateur.').waitFor();
  await page.getByLabel(new RegExp(`${alice.name} \\(`)).check();
  await page.getByLabel(new RegExp(`${berthe.name} \\(`)).check();
  await page.getByRole('button', { name: 'Nommer gestionnaires' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByText('Nommer 2 gestionnaire(s) ?').waitFor();
  await dialog.getByText(`${alice.name}, ${berthe.name}`).waitFor();
  await snap(page, 'appoint-asked');
  await dialog.getByRole('button', { name: 'Nommer gestionnaires' }).click();
  await page.getByText(`Nommés gestionnaires : ${alice.name}, ${berthe.name}.`).waitFor();
  await page.getByText('Gestionnaires actifs : 3').waitFor();
  assert.equal(await page.locator('#managers-advice').count(), 0);
  await snap(page, 'three-managers');

  // "Retirer", asked first naming her; "Ne rien changer" changes nothing.
  const row = page.getByRole('row').filter({ hasText: alice.email });
  await row.getByRole('button', { name: 'Retirer' }).click();
  await page.getByRole('alertdialog').getByText(`Retirer le statut de gestionnaire à ${alice.name} ?`).waitFor();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Ne rien changer' }).click();
  await page.getByText('Gestionnaires actifs : 3').waitFor();
  await row.getByRole('button', { name: 'Retirer' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Retirer le statut de gestionnaire' }).click();
  await page.getByText(`${alice.name} n’est plus gestionnaire.`).waitFor();
  await page.getByText('Gestionnaires actifs : 2').waitFor();
  await page.setViewportSize({ width: 375, height: 812 });
  await snap(page, 'after-removal-375');
  await context.close();
});

test('the mail security key: a first one takes both, then the question alone changes and the answer is kept', async () => {
  const context = await chrome.browser.newContext({ locale: 'fr-CA', viewport: { width: 375, height: 812 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await signIn(page, base, DEMO.manager, DEMO.password);
  await page.locator('#site-nav').waitFor({ state: 'attached' });
  await page.goto(`${base}/#/org/${DEMO.org}/security-key`);
  await page.getByRole('heading', { level: 1, name: 'Clé de sécurité courrier' }).waitFor();
  const form = page.locator('#security-key');
  const question = form.getByLabel('Question');
  const answer = form.getByLabel('Réponse');
  // A first key: the answer is required.
  await question.fill('Ville du premier CPE ?');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await form.locator('[data-field="answer"].invalid').waitFor();
  await answer.fill('Laval');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await page
    .getByText(/Clé changée ; gestionnaires informés/)
    .first()
    .waitFor();
  // Opened again: the question shown, the answer empty and optional.
  await page.goto(`${base}/#/org/${DEMO.org}/home`);
  await page.goto(`${base}/#/org/${DEMO.org}/security-key`);
  await page.getByText('Laissez vide pour garder la réponse actuelle').waitFor();
  assert.equal(await form.getByLabel('Question').inputValue(), 'Ville du premier CPE ?');
  assert.equal(await form.getByLabel('Réponse').inputValue(), '');
  await form.getByLabel('Question').fill('Ville de votre premier CPE ?');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await page
    .getByText(/Clé changée ; gestionnaires informés/)
    .first()
    .waitFor();
  const org = await call('GET', `/orgs/${DEMO.org}`, undefined, managerToken);
  assert.equal(org.security_question, 'Ville de votre premier CPE ?');
  await snap(page, 'security-key-question-changed-375');
  await context.close();
});
