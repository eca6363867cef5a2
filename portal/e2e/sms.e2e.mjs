// Codes by SMS in headless Chromium against the local runner (whose
// emulator texts a random code for each challenge and phone check, shown
// on the runner's /_outbox page as the person's phone would): a manager
// requires SMS on the user page and types the person's mobile number; at
// her next sign-in, on her phone, the person is taken to her space, where
// the banner says what to set up and her number is offered; she confirms
// it with the texted code and keeps her recovery codes; every sign-in then
// texts a code: a wrong one is refused, "Renvoyer le code" texts another,
// the right one admits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { activeMember, base, call, chrome, DEMO, signIn, snap, withRunner } from './harness.mjs';

let managerToken;
withRunner(async () => {
  managerToken = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
});

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const ACCESS_TAB = 'Accès';

async function newPage(viewport) {
  const context = await chrome.browser.newContext({ locale: 'fr-CA', viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}

async function noSeriousAxe(page) {
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? ''));
  assert.deepEqual(
    serious.map((v) => v.id),
    [],
  );
}

/** The codes texted to `phone` (E.164) so far, oldest first, from the runner's /_outbox page. */
async function texts(phone) {
  const html = await (await fetch(`${base}/_outbox`)).text();
  const codes = [...html.matchAll(/<li data-to="([^"]*)"><b>[^<]*<\/b> : [^<]*?(\d{6})<\/li>/g)]
    .filter((m) => m[1] === phone)
    .map((m) => m[2]);
  return codes.reverse();
}

/** The last code texted to `phone` once there are `count`. */
async function texted(phone, count) {
  for (let i = 0; i < 100; i++) {
    const codes = await texts(phone);
    if (codes.length >= count) return codes[codes.length - 1];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no text number ${count} to ${phone}`);
}

const another = (code) => (code === '000000' ? '111111' : '000000');

const member = (first) => activeMember(managerToken, { first, last: 'Texto' });

test('a manager requires codes by SMS; at her next sign-in the person confirms her phone with the texted code, then each sign-in texts one', async () => {
  const sophie = await member('Sophie');
  const digits = String(Date.now()).slice(-7);
  const typed = `514 ${digits.slice(0, 3)}-${digits.slice(3)}`;
  const e164 = `+1514${digits}`;

  // The manager, at her desk: the user page's "Double authentification".
  const desk = await newPage(DESKTOP);
  await signIn(desk, base, DEMO.manager, DEMO.password);
  await desk.locator('#site-nav').waitFor({ state: 'attached' });
  await desk.goto(`${base}/#/org/${DEMO.org}/users/${sophie.id}`);
  await desk.getByRole('tab', { name: ACCESS_TAB }).click();
  const section = desk.locator('#user-twofa');
  await section.getByLabel('Mode d’authentification').selectOption('sms');
  await section.getByLabel('Téléphone d’authentification').fill(typed);
  await section.getByRole('button', { name: 'Enregistrer' }).click();
  await desk.getByText(`Mode d’authentification enregistré ; ${sophie.name} en est avisée par courriel.`).waitFor();
  await desk.locator('#twofa-phone', { hasText: typed }).waitFor();
  await desk.locator('#twofa-required', { hasText: 'Oui : code par SMS' }).waitFor();
  await noSeriousAxe(desk);
  await snap(desk, 'manager-requires-sms-1280');
  await desk.setViewportSize(PHONE);
  await snap(desk, 'manager-requires-sms-375');

  // Sophie, on her phone: signed in, she lands on what she must set up.
  const page = await newPage(PHONE);
  await signIn(page, base, sophie.email, sophie.password);
  await page.locator('#mfa-enrol').waitFor();
  assert.match(await page.locator('#mfa-enrol').innerText(), /code par SMS/);
  // Only SMS is offered (the app is not what is required), her number typed in.
  assert.equal(await page.getByRole('button', { name: 'Configurer une application d’authentification' }).count(), 0);
  assert.equal(await page.getByLabel('Numéro de cellulaire').inputValue(), typed);
  await noSeriousAxe(page);
  await snap(page, 'enrolment-required-375');
  await page.setViewportSize(DESKTOP);
  await snap(page, 'enrolment-required-1280');
  await page.setViewportSize(PHONE);

  await page.getByRole('button', { name: 'Envoyer le code' }).click();
  await page.getByText(`Code envoyé par SMS au numéro se terminant par ${digits.slice(-4)}.`).waitFor();
  const code = await texted(e164, 1);
  await page.getByLabel('Code de vérification').fill(another(code));
  await page.getByRole('button', { name: 'Activer' }).click();
  await page.locator('#sms-confirm [aria-invalid="true"]').waitFor();
  await snap(page, 'enrolment-wrong-code');
  await page.getByLabel('Code de vérification').fill(code);
  await page.getByRole('button', { name: 'Activer' }).click();
  await page.locator('#mfa-codes').waitFor();
  assert.equal((await page.locator('#mfa-codes .recovery-codes code').allInnerTexts()).length, 10);
  // The banner that asked for it is gone; the organisation opens.
  assert.equal(await page.locator('#mfa-enrol').count(), 0);
  await snap(page, 'sms-on-recovery-codes');

  // Signed out and in again: the code is texted, said where.
  await page.goto(`${base}/#/signin`);
  await page.evaluate(() => sessionStorage.clear());
  await signIn(page, base, sophie.email, sophie.password);
  await page
    .getByText(`Nous avons envoyé un code à six chiffres par SMS au numéro se terminant par ${digits.slice(-4)}`)
    .waitFor();
  const first = await texted(e164, 2);
  await noSeriousAxe(page);
  await snap(page, 'signin-code-texted-375');
  await page.getByLabel('Code de vérification').fill(another(first));
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByText('Ce code n’est pas le bon').or(page.getByText("Ce code n'est pas le bon")).first().waitFor();
  // No second text for a wrong code: the same one is still awaited.
  assert.equal((await texts(e164)).length, 2);
  await page.getByRole('button', { name: 'Renvoyer le code' }).click();
  await page.getByText('Un nouveau code vous a été envoyé par SMS').waitFor();
  const second = await texted(e164, 3);
  assert.notEqual(second, undefined);
  await page.getByLabel('Code de vérification').fill(second);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('#site-nav').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#mfa-enrol').count(), 0);
  await snap(page, 'signed-in-with-texted-code');
  await page.context().close();
  await desk.context().close();
});
