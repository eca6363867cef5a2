// Seed 002's notification choices in headless Chromium: in "Mon espace" a
// person unticks an email she does not want, is told what she will no
// longer receive, and it is no longer sent; security emails are said to
// always go; the manager sets the organisation's defaults (375 and 1280 px).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { activeMember, base, call, DEMO, signIn, snap, withRunner, newPage } from './harness.mjs';

let managerToken;
withRunner(async () => {
  managerToken = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
});

/** The emails the runner's outbox holds for `to` whose text matches `pattern`. */
async function mailsTo(to, pattern) {
  const html = await (await fetch(`${base}/_outbox`)).text();
  return html
    .split('<section')
    .slice(1)
    .filter((s) => s.includes(to) && pattern.test(s)).length;
}

const share = (recipient, title) =>
  call(
    'POST',
    `/orgs/${DEMO.org}/documents`,
    { title, recipient_id: recipient, file_name: 'releve.pdf', content_type: 'application/pdf', size_bytes: 10 },
    managerToken,
  );

test('on her phone she unticks an email, is told what she will no longer receive, and it is not sent', async () => {
  const noemie = await activeMember(managerToken, { first: 'Noémie', last: 'Courriel' });
  const page = await newPage(375);
  await signIn(page, base, noemie.email, noemie.password);
  await page.locator('#site-nav').waitFor({ state: 'attached' });
  await page.goto(`${base}/#/space`);
  const box = page.getByRole('region', { name: /Mes notifications par courriel/ });
  await box.getByText('Les courriels de sécurité', { exact: false }).waitFor();
  const documents = box.getByLabel('Un document m’est partagé');
  assert.ok(await documents.isChecked());
  await documents.uncheck();
  const axe = await new AxeBuilder({ page }).analyze();
  assert.deepEqual(
    axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? '')).map((v) => v.id),
    [],
  );
  await box.getByRole('button', { name: 'Enregistrer mes notifications' }).click();
  await page
    .getByRole('status')
    .getByText('Notifications enregistrées. Vous ne recevrez plus : Un document m’est partagé.')
    .waitFor();
  await box.getByText('Votre choix (par défaut, l’organisation l’envoie).').waitFor();
  await snap(page, 'notifications-on-a-phone');
  await share(noemie.id, 'Relevé sans courriel');
  await new Promise((r) => setTimeout(r, 800));
  assert.equal(await mailsTo(noemie.email, /Relevé sans courriel|document vous est partagé/), 0);

  // Ticked again: the next document is emailed.
  await documents.check();
  await box.getByRole('button', { name: 'Enregistrer mes notifications' }).click();
  await page.getByRole('status').getByText('Notifications enregistrées : vous recevrez tous ces courriels.').waitFor();
  await share(noemie.id, 'Relevé avec courriel');
  for (let i = 0; i < 50 && (await mailsTo(noemie.email, /document vous est partagé/)) === 0; i++)
    await new Promise((r) => setTimeout(r, 200));
  assert.equal(await mailsTo(noemie.email, /document vous est partagé/), 1);
});

test('the manager sets which emails go by default, and the settings say security emails always go', async () => {
  const page = await newPage(1280);
  await signIn(page, base, DEMO.manager, DEMO.password);
  await page.locator('#site-nav').waitFor({ state: 'attached' });
  await page.goto(`${base}/#/org/${DEMO.org}/settings`);
  const defaults = page.locator('#notification-defaults');
  await defaults.getByText('Les courriels de sécurité partent toujours', { exact: false }).waitFor();
  await defaults.getByLabel('Un utilisateur a activé son compte (gestionnaires)').uncheck();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Enregistré', { exact: false }).first().waitFor();
  await snap(page, 'notification-defaults');
  const o = await call('GET', `/orgs/${DEMO.org}`, undefined, managerToken);
  assert.equal(o.settings.notification_defaults.member_activated, false);
  // Put back for the other tests.
  await call(
    'PATCH',
    `/orgs/${DEMO.org}/settings`,
    { notification_defaults: { member_activated: null } },
    managerToken,
  );
});
