// The authenticator app in headless Chromium against the local runner
// (whose emulator checks real TOTP codes from its fixed secret): the demo
// employee sets it up from "Mon espace" (QR code, a wrong first code
// refused, the recovery codes shown once), signs out, and signing in then
// asks for the code: a wrong one is refused, the right one admits; a
// recovery code admits once.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { base, chrome, DEMO, signIn, snap, withRunner } from './harness.mjs';

withRunner();

function base32(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const out = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(out);
}

/** The app's code now (RFC 6238), past the last seconds of a step. */
async function codeNow(secret) {
  if (Math.floor(Date.now() / 1000) % 30 >= 26) await new Promise((r) => setTimeout(r, 5000));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000)));
  const digest = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = digest[19] & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}
const wrong = (code) => (code === '000000' ? '111111' : '000000');

async function noSeriousAxe(page) {
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? ''));
  assert.deepEqual(
    serious.map((v) => v.id),
    [],
  );
}

test('the employee sets up an authenticator app; signing in then asks its code; a recovery code works once', async () => {
  const context = await chrome.browser.newContext({ locale: 'fr-CA', viewport: { width: 375, height: 812 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await signIn(page, base, DEMO.employee, DEMO.password);
  await page.locator('#site-nav').waitFor({ state: 'attached' });
  await page.goto(`${base}/#/space`);
  await page.getByRole('heading', { name: 'Application d’authentification' }).waitFor();
  await page.getByRole('button', { name: 'Configurer une application d’authentification' }).click();
  const qr = page.getByRole('img', { name: 'Code QR de configuration de l’application d’authentification' });
  await qr.waitFor();
  const secret = /: ([A-Za-z2-7]+)$/.exec(await page.locator('#mfa-setup .hint').first().innerText())[1];
  await noSeriousAxe(page);
  await snap(page, 'setup-qr');

  // A wrong first code: refused next to the field.
  const field = page.getByLabel('Code de vérification');
  await field.fill(wrong(await codeNow(secret)));
  await page.getByRole('button', { name: 'Activer' }).click();
  await page.locator('#mfa-confirm [aria-invalid="true"]').waitFor();
  await snap(page, 'setup-wrong-code');
  await field.fill(await codeNow(secret));
  await page.getByRole('button', { name: 'Activer' }).click();
  await page.locator('#mfa-codes').waitFor();
  const codes = await page.locator('#mfa-codes .recovery-codes code').allInnerTexts();
  assert.equal(codes.length, 10);
  assert.ok(
    codes.every((c) => /^[A-Z2-9]{5}-[A-Z2-9]{5}$/.test(c)),
    codes.join(' '),
  );
  await snap(page, 'recovery-codes-shown-once');

  // Signed out (the wide layout shows the menu's buttons), signing in asks for the code.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'Se déconnecter', exact: true }).first().click();
  await signIn(page, base, DEMO.employee, DEMO.password);
  await page.getByText('Votre compte est protégé par une application d’authentification').waitFor();
  await noSeriousAxe(page);
  await snap(page, 'signin-asks-code');
  await page.getByLabel('Code de vérification').fill(wrong(await codeNow(secret)));
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByText('Ce code n’est pas le bon').or(page.getByText("Ce code n'est pas le bon")).first().waitFor();
  await snap(page, 'signin-wrong-code');
  await page.getByLabel('Code de vérification').fill(await codeNow(secret));
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('#site-nav').waitFor({ state: 'attached' });

  // A recovery code: once.
  for (const expectAdmitted of [true, false]) {
    await page.getByRole('button', { name: 'Se déconnecter', exact: true }).first().click();
    await signIn(page, base, DEMO.employee, DEMO.password);
    await page.getByRole('button', { name: 'Utiliser un code de récupération' }).click();
    await page.getByLabel('Code de récupération').fill(codes[0]);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    if (expectAdmitted) {
      await page.locator('#site-nav').waitFor({ state: 'attached' });
    } else {
      await page.getByText("Ce code n'est pas le bon").or(page.getByText('Ce code n’est pas le bon')).first().waitFor();
      await snap(page, 'recovery-code-used-twice');
    }
  }
  await context.close();
});
