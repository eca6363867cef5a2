// Several companies in one users list (issue 20, seed 004), in headless
// Chromium against the local runner: a manager of two organisations sees
// their users together with an "Entreprise" column, narrows the list with
// "Plus d'options de filtre" → Entreprise and "Actif Oui/Non", and adds a
// user by choosing the company first. A manager of one organisation keeps
// her list without the company column. Screenshots at 1280 and 375 px
// (e2e/artifacts/companies/).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  activeMember,
  base,
  call,
  DEMO,
  emailedLink,
  fromHome,
  newPage,
  signIn,
  snap,
  unique,
  withRunner,
} from './harness.mjs';

const OPERATOR = 'operateur@demo.sesame.ca';
const HIBOUX = 'CPE Les Hiboux';
let paule;
let remi;

withRunner(async () => {
  const manager = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
  const operator = (await call('POST', '/sessions', { email: OPERATOR, password: DEMO.password })).access_token;
  // Paule manages the demo organisation…
  paule = await activeMember(manager, { first: 'Paule', last: 'Deuxentreprises', presets: ['employee'] });
  await call('POST', `/orgs/${DEMO.org}/users/${paule.id}/manager`, undefined, manager);
  // …and a second company, whose first manager she is.
  const created = await call(
    'POST',
    '/operator/organisations',
    {
      name: HIBOUX,
      category: 'CPE',
      identifier: `HIBOUX-${Date.now().toString(36)}`,
      establishments: ['Hiboux Centre'],
      manager: {
        civility: 'mme',
        last_name: 'Deuxentreprises',
        first_name: 'Paule',
        email: paule.email,
        phone: '514 555-0199',
      },
    },
    operator,
  );
  const hiboux = created.organisation.id;
  const link = await emailedLink(base, paule.email, 'activate');
  await call('POST', '/activation', {
    token: new URL(link).hash.replace('#token=', ''),
    password: paule.password,
    password_confirmation: paule.password,
  });
  const her = (await call('POST', '/sessions', { email: paule.email, password: paule.password })).access_token;
  // In the second company, a record not yet invited.
  remi = unique('remi.hiboux');
  await call(
    'POST',
    `/orgs/${hiboux}/users`,
    {
      civility: 'm',
      last_name: 'Hibou',
      first_name: 'Rémi',
      email: remi,
      phone: '514 555-0198',
      establishments: [{ establishment_id: created.establishments[0].id, presets: ['employee'] }],
    },
    her,
  );
});

for (const width of [1280, 375]) {
  test(`a manager of two companies lists their users together and narrows by company and "Actif" (${width} px)`, async () => {
    const page = await newPage(width);
    await signIn(page, base, paule.email, paule.password);
    await fromHome(page, 'users');
    await page.getByRole('heading', { level: 1, name: 'Mes utilisateurs' }).waitFor();
    const rows = page.locator('#users-list tbody tr');
    await rows.first().waitFor();
    // Both companies in one list, the company named on each row.
    const orgs = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-org')));
    assert.ok(new Set(orgs).size >= 2, `rows of both companies: ${orgs}`);
    assert.ok(await page.locator('#users-list').getByText(HIBOUX).first().isVisible());
    await snap(page, `companies-all-${width}`);

    // "Plus d'options de filtre" → Entreprise: CPE Les Hiboux.
    await page.getByText('Plus d’options de filtre', { exact: true }).click();
    await page.getByLabel('Entreprise', { exact: true }).selectOption({ label: HIBOUX });
    await page.locator('#users-list tbody tr').first().waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('#users-list tbody tr').length === n, 2);
    const names = await page.locator('#users-list tbody tr').allInnerTexts();
    assert.ok(
      names.some((r) => r.includes('Hibou, Rémi')),
      names.join('\n'),
    );
    assert.ok(
      names.some((r) => r.includes('Deuxentreprises, Paule')),
      names.join('\n'),
    );
    assert.match(page.url(), /company=/);

    // "Actif Non": only the record not yet active.
    await page.getByRole('radio', { name: 'Non', exact: true }).check();
    await page.waitForFunction(() => document.querySelectorAll('#users-list tbody tr').length === 1);
    assert.match(await page.locator('#users-list tbody tr').innerText(), /Hibou, Rémi/);
    await snap(page, `companies-hiboux-inactive-${width}`);

    // Adding a user: the company first, then its form.
    await page.getByRole('button', { name: 'Ajouter un utilisateur : choisissez d’abord l’entreprise' }).click();
    await page.getByRole('link', { name: `Dans ${HIBOUX}` }).click();
    await page.getByRole('heading', { level: 1, name: 'Ajouter un utilisateur' }).waitFor();
    assert.equal(await page.locator('#user-new-company').innerText(), `Entreprise : ${HIBOUX}`);
    await snap(page, `companies-add-in-hiboux-${width}`);
    await page.context().close();
  });
}

test('a manager of one organisation has "Actif Oui/Non" and the folded filters, without a company column', async () => {
  const page = await newPage(1280);
  await signIn(page, base, DEMO.manager, DEMO.password);
  await fromHome(page, 'users');
  await page.locator('#users-list tbody tr').first().waitFor();
  assert.equal(await page.locator('#more-filters').getAttribute('open'), null, 'folded while unused');
  assert.equal(await page.getByLabel('Entreprise', { exact: true }).count(), 0);
  await page.getByRole('radio', { name: 'Oui', exact: true }).check();
  await page.waitForFunction(() => /active=yes/.test(window.location.hash));
  await page.locator('#users-list tbody tr').first().waitFor();
  const statuses = await page.locator('#users-list tbody tr .status-cell').allInnerTexts();
  assert.ok(statuses.length > 0 && statuses.every((s) => s.startsWith('Actif')), statuses.join(' | '));
  await snap(page, 'one-company-active-1280');
  await page.context().close();
});
