// Sessions that last and can be ended, in headless Chromium against a local
// runner whose access tokens last 20 seconds (SESAME_LOCAL_TOKEN_SECONDS;
// 15 minutes in AWS): a second tab is signed in too; past the first token's
// lifetime both tabs are still signed in, through the silent refresh (the
// refresh token in an HttpOnly, Secure, SameSite=Strict cookie on
// /sessions, never readable by the page); "Se déconnecter partout" ends
// both tabs at once, and another browser's session at its next refresh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { base, chrome, DEMO, signIn, snap, withRunner } from './harness.mjs';

const LIFETIME_S = 20;
process.env.SESAME_LOCAL_TOKEN_SECONDS = String(LIFETIME_S);
withRunner();

const signedInMenu = (page) => page.locator('#site-nav a[data-screen="users"]');
const signInForm = (page) => page.getByRole('button', { name: 'Se connecter' });

/** The access token the page keeps, and its expiry (ms). */
async function stored(page) {
  const raw = await page.evaluate(() => localStorage.getItem('sesame.session'));
  return raw ? JSON.parse(raw) : null;
}

test('a second tab is signed in, the refresh keeps both past the token’s lifetime, signing out everywhere ends both', async () => {
  const context = await chrome.browser.newContext({ locale: 'fr-CA', viewport: { width: 1280, height: 800 } });
  const first = await context.newPage();
  first.setDefaultTimeout(30_000);
  const refreshes = [];
  context.on('response', (r) => {
    if (new URL(r.url()).pathname === '/sessions/refresh') refreshes.push(r.status());
  });
  await signIn(first, base, DEMO.manager, DEMO.password);
  await signedInMenu(first).waitFor({ state: 'attached' });
  const initial = await stored(first);
  assert.ok(initial?.token, 'the access token is kept');
  assert.ok(initial.expires - Date.now() <= LIFETIME_S * 1000 + 2000, 'a short token locally');

  // The refresh cookie: HttpOnly, Secure, SameSite=Strict, on /sessions only; the page cannot read it.
  const cookie = (await context.cookies()).find((c) => c.name === 'sesame_refresh');
  assert.ok(cookie, 'the refresh cookie is set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.secure, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(cookie.path, '/sessions');
  assert.equal(await first.evaluate(() => document.cookie.includes('sesame_refresh')), false);
  assert.equal(await first.evaluate((value) => JSON.stringify(localStorage).includes(value), cookie.value), false);

  // A second tab: signed in at once.
  const second = await context.newPage();
  second.setDefaultTimeout(30_000);
  await second.goto(`${base}/#/org/${DEMO.org}/users`);
  await signedInMenu(second).waitFor({ state: 'attached' });
  await snap(second, 'second-tab-signed-in');

  // Past the first token's lifetime: renewed silently, both tabs still signed in.
  const wait = initial.expires - Date.now() + 2000;
  await new Promise((r) => setTimeout(r, Math.max(0, wait)));
  assert.ok(Date.now() > initial.expires, 'the first token has lapsed');
  assert.ok(refreshes.includes(200), `refreshed: ${refreshes}`);
  const renewed = await stored(second);
  assert.notEqual(renewed.token, initial.token);
  assert.ok(renewed.expires > Date.now());
  // Both tabs work with it: the second reloads, the first navigates.
  await second.reload();
  await signedInMenu(second).waitFor({ state: 'attached' });
  await second.getByRole('heading', { level: 1 }).waitFor();
  await first.locator('#site-nav a[data-screen="users"]').click();
  await first.getByRole('heading', { level: 1, name: 'Mes utilisateurs' }).waitFor();
  assert.equal(await signInForm(first).count(), 0);
  await snap(first, 'still-signed-in-after-the-token-lapsed');

  // Another browser (a phone): its own session.
  const phone = await chrome.browser.newContext({ locale: 'fr-CA', viewport: { width: 375, height: 812 } });
  const other = await phone.newPage();
  other.setDefaultTimeout(30_000);
  await signIn(other, base, DEMO.manager, DEMO.password);
  await signedInMenu(other).waitFor({ state: 'attached' });

  // "Se déconnecter partout": confirmed, both tabs end at once.
  await first.getByRole('button', { name: 'Se déconnecter partout' }).first().click();
  const dialog = first.getByRole('alertdialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), new RegExp(DEMO.manager.replace(/\./g, '\\.')));
  const axe = await new AxeBuilder({ page: first }).analyze();
  const serious = axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? ''));
  assert.deepEqual(
    serious.map((v) => v.id),
    [],
  );
  await snap(first, 'sign-out-everywhere-confirm');
  await dialog.getByRole('button', { name: 'Se déconnecter partout' }).click();
  await signInForm(first).waitFor();
  await first.getByText('Toutes vos sessions ont pris fin').waitFor();
  await signInForm(second).waitFor();
  await snap(first, 'signed-out-everywhere');
  assert.equal(await stored(second), null);
  // A reload does not bring the session back: the refresh is refused.
  await second.reload();
  await signInForm(second).waitFor();

  // The phone's refresh token was revoked too: once its access token lapses, it is signed out.
  const phoneToken = await stored(other);
  await new Promise((r) => setTimeout(r, Math.max(0, phoneToken.expires - Date.now() + 1000)));
  await other.reload();
  await signInForm(other).waitFor();
  await snap(other, 'other-browser-signed-out');
  await phone.close();
  await context.close();
});
