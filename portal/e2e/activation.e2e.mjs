// Two activation emails (issue 20, seed 004), in headless Chromium against the
// local runner: the manager chooses "Deux courriels" in the organisation's
// settings; the person, on her phone or her computer, opens the first email's
// /verify-email link, confirms her address, is told a second email is on its
// way, and the second email's /activate link lets her choose her password. The
// first link opened again says the address is confirmed already. Screenshots
// at 1280 and 375 px (e2e/artifacts/activation/).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { base, call, DEMO, emailedLink, fromHome, newPage, signIn, snap, unique, withRunner } from './harness.mjs';

let manager;

// The demo organisation goes back to one email for the other files' tests
// (before the runner stops: hooks run in the order they are declared).
after(async () => {
  if (manager) await call('PATCH', `/orgs/${DEMO.org}/settings`, { activation_emails: 'one' }, manager);
});

withRunner(async () => {
  manager = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
});

test('the manager chooses two activation emails in the settings, and it is kept', async () => {
  const page = await newPage(1280);
  await signIn(page, base, DEMO.manager, DEMO.password);
  await fromHome(page, 'settings');
  const two = page.getByLabel(
    'Deux courriels : le premier confirme l’adresse, le second permet de choisir le mot de passe',
  );
  await two.check();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Enregistré.', { exact: true }).waitFor();
  await snap(page, 'settings-two-emails-1280');
  const org = await call('GET', `/orgs/${DEMO.org}`, undefined, manager);
  assert.equal(org.settings.activation_emails, 'two');
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await two.isChecked(), true, 'the choice is shown again');
  await page.context().close();
});

for (const width of [1280, 375]) {
  test(`the first email confirms the address, the second lets her choose her password (${width} px)`, async () => {
    await call('PATCH', `/orgs/${DEMO.org}/settings`, { activation_emails: 'two' }, manager);
    const email = unique(`adresse${width}`);
    const user = await call(
      'POST',
      `/orgs/${DEMO.org}/users`,
      {
        civility: 'mme',
        last_name: `Deuxcourriels${width}`,
        first_name: 'Inès',
        email,
        phone: '514 555-0100',
        establishments: [{ establishment_id: DEMO.rosemont, presets: ['employee'] }],
      },
      manager,
    );
    await call('POST', `/orgs/${DEMO.org}/users/${user.id}/activation`, undefined, manager);
    const first = await emailedLink(base, email, 'verify-email');
    assert.ok(first.startsWith(`${base}/verify-email#token=`), first);

    const page = await newPage(width);
    await page.goto(first);
    await page.getByRole('heading', { level: 1, name: 'Confirmer votre adresse courriel' }).waitFor();
    await snap(page, `verify-email-${width}`);
    await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Adresse confirmée' });
    await done.waitFor();
    assert.match(await done.innerText(), new RegExp(email.replace(/[.]/g, '\\.')));
    await snap(page, `verify-email-done-${width}`);

    // The same link again (a second tap from the inbox): said as such.
    await page.goto('about:blank');
    await page.goto(first);
    await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
    await page.getByRole('alert').filter({ hasText: 'déjà confirmée' }).waitFor();
    await snap(page, `verify-email-again-${width}`);

    // The second email: the person chooses her password.
    const second = await emailedLink(base, email, 'activate');
    await page.goto(second);
    await page.getByRole('heading', { level: 1, name: 'Activer mon compte' }).waitFor();
    const password = 'Deux-Courriels-2026';
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await page.getByLabel('Confirmer le mot de passe').fill(password);
    await page.getByRole('button', { name: 'Activer' }).click();
    await page.getByText(`Compte activé : connectez-vous avec ${email}.`).waitFor();
    await snap(page, `activated-${width}`);
    const session = await call('POST', '/sessions', { email, password });
    assert.ok(session.access_token);
    await page.context().close();
  });
}
