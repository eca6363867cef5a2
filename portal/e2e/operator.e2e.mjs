// Seed 003's recovery of an organisation left with no manager, in headless
// Chromium: the operator reads what the paper form must give, finds the
// organisation by its identifier, names the person on the form after a
// question naming her and the organisation, and is told the invitation left;
// an organisation that still has a manager cannot be taken over (1280 and
// 375 px). The managers' screen explains the paper form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { base, call, DEMO, emailedLink, signIn, snap, unique, withRunner, newPage } from './harness.mjs';

const OPERATOR = 'operateur@demo.sesame.ca';
let operatorToken;
withRunner(async () => {
  operatorToken = (await call('POST', '/sessions', { email: OPERATOR, password: DEMO.password })).access_token;
});

/** An organisation whose only manager is invited, not active: none is left to manage it. */
async function orphan() {
  const identifier = `REPRISE-${Date.now().toString(36).toUpperCase()}`;
  await call(
    'POST',
    '/operator/organisations',
    {
      name: `Garderie La Relève ${identifier.slice(-4)}`,
      category: 'Service de garde',
      identifier,
      establishments: ['Installation Centre'],
      manager: {
        civility: 'm',
        last_name: 'Parti',
        first_name: 'Paul',
        email: unique('parti'),
        phone: '514 555-0190',
      },
    },
    operatorToken,
  );
  return identifier;
}

for (const width of [1280, 375]) {
  test(`the operator gives a manager back to an organisation with none, asked first (${width} px)`, async () => {
    const identifier = await orphan();
    const page = await newPage(width);
    await signIn(page, base, OPERATOR, DEMO.password);
    await page.locator('#site-nav').waitFor({ state: 'attached' });
    if (width < 600) await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Reprise d’une organisation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reprise d’une organisation sans gestionnaire' }).waitFor();
    await page.getByText('formulaire papier', { exact: false }).first().waitFor();

    // An organisation that still has its manager: no takeover.
    await page.getByLabel('Identifiant de l’organisation').fill(DEMO.identifier.toLowerCase());
    await page.getByRole('button', { name: 'Retrouver l’organisation' }).click();
    await page.getByText('Cette organisation a encore 1 gestionnaire(s) actif(s)', { exact: false }).waitFor();
    assert.equal(await page.locator('#operator-restore').count(), 0);

    await page.getByLabel('Identifiant de l’organisation').fill(identifier);
    await page.getByRole('button', { name: 'Retrouver l’organisation' }).click();
    await page.getByText('Gestionnaires actifs : 0').waitFor();
    const email = unique('reprise');
    const form = page.locator('#operator-restore');
    await form.getByLabel('Mme').check();
    await form.getByLabel('Nom', { exact: true }).fill('Reprise');
    await form.getByLabel('Prénom').fill('Hélène');
    await form.getByLabel('Courriel').fill(email);
    await form.getByLabel('Téléphone').fill('514 555-0191');
    const axe = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(
      axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? '')).map((v) => v.id),
      [],
    );
    await snap(page, `operator-form-${width}`);
    await form.getByRole('button', { name: 'Nommer gestionnaire' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(/Nommer Hélène Reprise gestionnaire de Garderie La Relève/).waitFor();
    // Kept: nothing sent.
    await dialog.getByRole('button', { name: 'Ne rien changer' }).click();
    await dialog.waitFor({ state: 'detached' });
    await form.getByRole('button', { name: 'Nommer gestionnaire' }).click();
    await dialog.getByRole('button', { name: 'Nommer gestionnaire' }).click();
    await page
      .locator('#operator-result')
      .getByText(`Hélène Reprise est nommé·e gestionnaire de Garderie La Relève`, { exact: false })
      .waitFor();
    await snap(page, `operator-done-${width}`);
    assert.match(await emailedLink(base, email, 'activate'), /activate#token=/);
  });
}

test('the managers screen explains the paper form for an organisation left with no manager', async () => {
  const page = await newPage(1280);
  await signIn(page, base, DEMO.manager, DEMO.password);
  await page.locator('#site-nav').waitFor({ state: 'attached' });
  await page.goto(`${base}/#/org/${DEMO.org}/managers`);
  await page.locator('#managers-paper').getByText('formulaire papier de reprise', { exact: false }).waitFor();
  // A manager is not an operator: no recovery screen in her menu.
  assert.equal(await page.getByRole('link', { name: 'Reprise d’une organisation' }).count(), 0);
});
