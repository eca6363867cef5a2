// The manager's users list and the permissions' guide, in headless Chromium
// against the local runner: the search as you type (the URL follows, the
// focus and the text stay, the other filters still apply), the row menu
// (disable a named person after confirmation, then undo), the bulk bar
// (confirm whom it reaches, then one outcome per person), the guide's rows
// generated from GET /permissions; axe-core on both screens and
// screenshots at 1280 and 375 px (e2e/artifacts/users/).
// Run: `scripts/portal.sh e2e` (all files) or, after `scripts/portal.sh build`,
// `cd portal && node --test e2e/users.e2e.mjs`.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import {
  artifacts,
  base,
  call,
  chrome,
  DEMO,
  emailedLink,
  grantEmployeeAt,
  signIn,
  snap,
  withRunner,
} from './harness.mjs';

let token;
let matrix;

withRunner(async () => {
  token = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
  matrix = await call('GET', '/permissions');
});

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };
const users = `/org/${DEMO.org}/users`;

async function newPage(viewport = DESKTOP) {
  const context = await chrome.browser.newContext({ locale: 'fr-CA', viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

/** A member at Rosemont with the employee preset: `draft`, `invited`, or `active` (activated from the emailed link). */
async function person(first, last, state = 'active') {
  // A realistic address (the runner is this file's own; the suffix keeps a shared runner's apart).
  const local = `${first}.${last}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z.]/g, '');
  const email = `${local}.${Math.random().toString(36).slice(2, 5)}@cpe-exemple.ca`;
  const user = await call(
    'POST',
    `/orgs/${DEMO.org}/users`,
    {
      civility: 'mme',
      last_name: last,
      first_name: first,
      email,
      phone: '514 555-0123',
      function: 'Éducatrice',
      establishments: [{ establishment_id: DEMO.rosemont, presets: ['employee'] }],
    },
    token,
  );
  if (state !== 'draft') await call('POST', `/orgs/${DEMO.org}/users/${user.id}/activation`, undefined, token);
  if (state === 'active') {
    const link = await emailedLink(base, email, 'activate');
    const password = 'Utilisateurs-2026';
    await call('POST', '/activation', {
      token: new URL(link).hash.replace('#token=', ''),
      password,
      password_confirmation: password,
    });
  }
  return { ...user, email, name: `${first} ${last}` };
}

async function managerOn(page, path) {
  await signIn(page, base, DEMO.manager, DEMO.password);
  await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
  await page.goto(`${base}/#${path}`);
  await page.getByRole('heading', { level: 1, name: 'Mes utilisateurs' }).waitFor();
}

const status = async (id) => (await call('GET', `/orgs/${DEMO.org}/users/${id}`, undefined, token)).status;
const row = (page, id) => page.locator(`#users-list tr[data-user="${id}"]`);
const flash = (page) => page.locator('#flash');
/** The ids of the rows shown. */
const shown = (page) => page.locator('#users-list tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.user));

const axeFindings = {};
/** axe-core's serious and critical findings on the page (WCAG 2.2 A/AA and best practices). */
async function axe(page, where) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  axeFindings[where] = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
  writeFileSync(join(artifacts, 'axe.json'), JSON.stringify(axeFindings, null, 2));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The targets under 24 × 24 px among the list's controls (links inside a sentence aside). */
async function smallTargets(page, scope) {
  return page.locator(scope).evaluate((root) =>
    Array.from(root.querySelectorAll('a, button, input, select, label[for]'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) return false;
        if (el.tagName === 'LABEL') return false;
        return r.width < 24 || r.height < 24;
      })
      .map(
        (el) =>
          `${el.tagName.toLowerCase()} ${el.className} ${Math.round(el.getBoundingClientRect().width)}×${Math.round(el.getBoundingClientRect().height)}`,
      ),
  );
}

test('search as you type narrows the rows, keeps the focus and the text, puts the name in the URL; the other filters still apply', async () => {
  const aurelie = await person('Aurélie', 'Quenneville', 'active');
  const bastien = await person('Bastien', 'Quenneville', 'invited');
  const other = await person('Chloé', 'Quesnel', 'active');
  const page = await newPage();
  await managerOn(page, users);
  // A mark on the screen's heading: a redraw of the whole screen would lose it.
  await page.locator('h1').evaluate((h) => (h.dataset.mark = 'kept'));
  const search = page.getByLabel('Nom / Prénom');
  await search.click();
  await search.pressSequentially('Que', { delay: 40 });
  await page.waitForFunction(() => new URLSearchParams(window.location.hash.split('?')[1]).get('name') === 'Que');
  await page.locator(`#users-list tr[data-user="${other.id}"]`).waitFor();
  await search.pressSequentially('nnev', { delay: 40 });
  await page.locator(`#users-list tr[data-user="${other.id}"]`).waitFor({ state: 'detached' });
  assert.deepEqual((await shown(page)).sort(), [aurelie.id, bastien.id].sort(), 'only the two Quenneville');
  assert.equal(await search.inputValue(), 'Quennev', 'what was typed stays');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'name', 'the focus stays');
  assert.equal(await page.locator('h1').getAttribute('data-mark'), 'kept', 'the screen was not redrawn');
  assert.match(page.url(), /[?&]name=Quennev(&|$)/);
  assert.equal(await page.locator('#users-total').textContent(), 'Nombre total : 2');
  await snap(page, 'users-search-1280');

  // The other filters still apply, with the name: invited ones only (under
  // "Plus d'options de filtre", folded while none is used).
  assert.equal(await page.locator('#more-filters').getAttribute('open'), null);
  await page.getByText('Plus d’options de filtre', { exact: true }).click();
  await page.getByLabel('Statut', { exact: true }).selectOption('invited');
  await page.locator(`#users-list tr[data-user="${aurelie.id}"]`).waitFor({ state: 'detached' });
  assert.deepEqual(await shown(page), [bastien.id]);
  assert.match(page.url(), /status=invited/);
  assert.equal(await search.inputValue(), 'Quennev');
  // Keyboard users are not trapped: Tab leaves the search box for the next filter ("Actif").
  await search.focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'active');
  // A filter chosen is a step of the history: Back returns to the list before it, Forward to it again.
  await page.goBack();
  await row(page, aurelie.id).waitFor();
  assert.equal(await page.getByLabel('Statut', { exact: true }).inputValue(), '');
  assert.equal(await page.getByLabel('Nom / Prénom').inputValue(), 'Quennev');
  await page.goForward();
  await page
    .getByLabel('Statut', { exact: true })
    .and(page.locator('select:has(option[value="invited"]:checked)'))
    .waitFor();
  await row(page, bastien.id).waitFor();
  assert.deepEqual(await shown(page), [bastien.id]);
  // The URL opens the same list (a link shared, a reload).
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Mes utilisateurs' }).waitFor();
  await row(page, bastien.id).waitFor();
  assert.deepEqual(await shown(page), [bastien.id]);
  assert.equal(await page.getByLabel('Nom / Prénom').inputValue(), 'Quennev');
  // Emptied, the box lists everyone again (with the status kept).
  await page.getByLabel('Nom / Prénom').fill('');
  await page.waitForFunction(() => !window.location.hash.includes('name='));
  await page.getByLabel('Statut', { exact: true }).selectOption('');
  await row(page, other.id).waitFor();
  await page.context().close();
});

test('the row menu: disabling a named person asks first, says it is done, and the undo enables her again', async () => {
  const marie = await person('Marie', 'Tremblay', 'active');
  const page = await newPage();
  await managerOn(page, `${users}?name=Marie`);
  const r = row(page, marie.id);
  await r.getByText('Actif', { exact: true }).waitFor();
  await r.getByText(marie.email).waitFor();
  await r.getByRole('button', { name: 'Actions pour Marie Tremblay' }).click();
  const menu = page.getByRole('group', { name: 'Actions pour Marie Tremblay' });
  await menu.getByRole('button', { name: 'Désactiver le compte' }).waitFor();
  assert.equal(await menu.getByRole('button', { name: 'Réactiver le compte' }).count(), 0, 'active: no "enable"');
  await snap(page, 'users-row-menu-1280');
  await menu.getByRole('button', { name: 'Désactiver le compte' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Désactiver le compte de Marie Tremblay ?' });
  await dialog.getByText(/Marie Tremblay ne pourra plus se connecter/).waitFor();
  await snap(page, 'users-confirm-disable-1280');
  // Keeping changes nothing.
  await dialog.getByRole('button', { name: 'Ne rien changer' }).click();
  assert.equal(await status(marie.id), 'active');
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
    'Actions pour Marie Tremblay',
    'the focus is back on the row’s menu',
  );
  await r.getByRole('button', { name: 'Actions pour Marie Tremblay' }).click();
  await menu.getByRole('button', { name: 'Désactiver le compte' }).click();
  await dialog.getByRole('button', { name: 'Désactiver le compte' }).click();
  await flash(page).getByText('Compte de Marie Tremblay désactivé').waitFor();
  await row(page, marie.id).getByText('Désactivé', { exact: true }).waitFor();
  assert.equal(await status(marie.id), 'disabled');
  await snap(page, 'users-disabled-undo-1280');
  await flash(page).getByRole('button', { name: 'Réactiver' }).click();
  await flash(page).getByText('Compte de Marie Tremblay réactivé.').waitFor();
  await row(page, marie.id).getByText('Actif', { exact: true }).waitFor();
  assert.equal(await status(marie.id), 'active');
  // Escape closes the menu and gives the focus back to its button.
  const toggle = row(page, marie.id).getByRole('button', { name: 'Actions pour Marie Tremblay' });
  await toggle.click();
  await menu.getByRole('link', { name: 'Ouvrir la fiche' }).waitFor();
  await menu.getByRole('link', { name: 'Ouvrir la fiche' }).focus();
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
    'Actions pour Marie Tremblay',
  );
  await page.context().close();
});

test('multi-select: a bulk disable lists whom it reaches, shows its progress, then each person’s outcome (done, refused with the API’s reason, left out); the undo enables them again', async () => {
  const julie = await person('Julie', 'Bouchard', 'active');
  const luc = await person('Luc', 'Roy', 'active');
  const nina = await person('Nina', 'Pelletier', 'invited');
  const me = (await call('GET', '/me', undefined, token)).account_id;
  const page = await newPage();
  await managerOn(page, users);
  await page.getByText('Aucune personne sélectionnée').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Désactiver', exact: true }).isDisabled(), true);
  await row(page, julie.id).getByLabel('Sélectionner Julie Bouchard').check();
  await row(page, luc.id).getByLabel('Sélectionner Luc Roy').check();
  await row(page, nina.id).getByLabel('Sélectionner Nina Pelletier').check();
  // The manager herself: the API keeps the last manager (refused, with its reason).
  await row(page, me).getByLabel('Sélectionner Sophie Gagnon').check();
  await page.getByText('4 personnes sélectionnées').waitFor();
  await snap(page, 'users-selected-1280');
  await page.getByRole('button', { name: 'Désactiver', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Désactiver 3 compte(s) ?' });
  await dialog.getByText(`Julie Bouchard (${julie.email})`).waitFor();
  await dialog.getByText(`Luc Roy (${luc.email})`).waitFor();
  await dialog.getByText('Nina Pelletier — compte pas encore activé').waitFor();
  await snap(page, 'users-confirm-bulk-1280');
  await dialog.getByRole('button', { name: 'Désactiver 3 compte(s)' }).click();
  const outcome = page.locator('#bulk-outcome');
  await outcome.getByRole('heading', { name: 'Désactivation des comptes' }).waitFor();
  await outcome.getByText('Julie Bouchard : compte désactivé').waitFor();
  await outcome.getByText('Luc Roy : compte désactivé').waitFor();
  await outcome.getByText('Sophie Gagnon : refusé — Dernier gestionnaire').waitFor();
  await outcome.getByText('Nina Pelletier : non concerné·e — compte pas encore activé').waitFor();
  await flash(page).getByText('Comptes désactivés : 2 sur 3.').waitFor();
  assert.equal(await status(julie.id), 'disabled');
  assert.equal(await status(luc.id), 'disabled');
  assert.equal(await status(me), 'active');
  assert.equal(await status(nina.id), 'invited');
  await row(page, julie.id).getByText('Désactivé', { exact: true }).waitFor();
  await page.getByText('Aucune personne sélectionnée').waitFor();
  await snap(page, 'users-bulk-outcome-1280');
  await flash(page).getByRole('button', { name: 'Réactiver ces comptes' }).click();
  await flash(page).getByText('Comptes réactivés : 2.').waitFor();
  assert.equal(await status(julie.id), 'active');
  assert.equal(await status(luc.id), 'active');

  // Select all on the page, then none.
  await page.getByLabel('Tout sélectionner sur cette page').check();
  const rows = (await shown(page)).length;
  await page.getByText(`${rows} personnes sélectionnées`).waitFor();
  await page.getByLabel('Tout sélectionner sur cette page').uncheck();
  await page.getByText('Aucune personne sélectionnée').waitFor();
  await page.context().close();
});

test('the permissions’ guide lists every permission of the catalogue with what it allows, its screens and its presets; linked from the menu, the list and the access tab', async () => {
  const page = await newPage();
  await managerOn(page, users);
  await page.getByRole('link', { name: 'Quelles habilitations pour quoi ?' }).click();
  await page.getByRole('heading', { level: 1, name: 'Quelles habilitations pour quoi ?' }).waitFor();
  const listed = await page
    .locator('.perm-guide tbody tr')
    .evaluateAll((trs) => trs.map((tr) => tr.dataset.permission));
  assert.deepEqual(listed, matrix.permissions, 'one row per permission of GET /permissions, in its order');
  for (const p of matrix.permissions) {
    const cells = await page
      .locator(`.perm-guide tr[data-permission="${p}"] td`)
      .evaluateAll((tds) => tds.map((td) => td.textContent.trim()));
    assert.equal(cells.length, 4, p);
    assert.ok(cells[0] && cells[0] !== p, `${p} has its name in words`);
    assert.ok(cells[1].length > 20 && cells[1] !== 'Description à venir.', `${p} says what it allows`);
    for (const preset of matrix.presets.filter((x) => x.permissions.includes(p))) {
      const name = {
        employee: 'Employé',
        client: 'Client',
        replacement_worker: 'Personne remplaçante',
        dispatcher: 'Répartiteur',
      }[preset.id];
      assert.ok(cells[3].includes(name ?? preset.id), `${p}: the ${preset.id} preset includes it`);
    }
  }
  const dispatch = page.locator('.perm-guide tr[data-permission="dispatch"] td');
  await dispatch.nth(2).getByText('Répartition, Profils des remplaçantes', { exact: true }).waitFor();
  await page
    .locator('.perm-guide tr[data-permission="sensitive_data"]')
    .getByText('Avec « Gestion des utilisateurs » : Coordonnées bancaires des employés')
    .waitFor();
  assert.deepEqual(await axe(page, 'guide-1280'), [], 'the guide at 1280 px: no serious or critical finding');
  await snap(page, 'guide-1280');
  // The menu's link.
  assert.equal(
    await page.locator('#site-nav a[data-screen="permissions"]').getAttribute('aria-current'),
    'page',
    'the menu links to it',
  );
  // The access tab links to it too.
  await page.goto(`${base}/#/org/${DEMO.org}/users/${DEMO.employeeId}?tab=access`);
  await page.locator('#panel-access').getByRole('link', { name: 'Quelles habilitations pour quoi ?' }).waitFor();

  // A phone: each permission a card, nothing sideways.
  await page.setViewportSize(PHONE);
  await page.goto(`${base}/#/org/${DEMO.org}/permissions`);
  await page.getByRole('heading', { level: 1, name: 'Quelles habilitations pour quoi ?' }).waitFor();
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 375, 'nothing scrolls sideways');
  const labels = await page
    .locator('.perm-guide tr[data-permission="leave"] td')
    .evaluateAll((tds) => tds.map((td) => window.getComputedStyle(td, '::before').content));
  assert.deepEqual(labels, [
    '"Habilitation"',
    '"Ce qu’elle permet"',
    '"Écrans ouverts"',
    '"Préréglages qui l’incluent"',
  ]);
  assert.deepEqual(await axe(page, 'guide-375'), [], 'the guide at 375 px');
  await snap(page, 'guide-375');
  // In English too.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Which permissions for what?' }).waitFor();
  await page
    .locator('.perm-guide tr[data-permission="dispatch"]')
    .getByText(/assign an active replacement worker/)
    .waitFor();
  await snap(page, 'guide-375-en');
  await page.context().close();
});

test('the users list at 1280 and 375 px: badges in words, an email column, the menu and the checkbox usable on a phone (≥ 24 px), no serious axe finding', async () => {
  const draft = await person('Dominique', 'Lavoie', 'draft');
  const page = await newPage();
  await managerOn(page, users);
  const r = row(page, draft.id);
  await r.getByText('Brouillon', { exact: true }).waitFor();
  const problems = await axe(page, 'users-1280');
  await snap(page, 'users-list-1280');
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 1280, 'nothing sideways at 1280');
  const wrap = await page.locator('#users-list .table-wrap').evaluate((w) => [w.scrollWidth, w.clientWidth]);
  assert.ok(wrap[0] <= wrap[1] + 1, `the table fits at 1280 px (${wrap[0]} > ${wrap[1]})`);
  // A draft's menu offers the invitation.
  await r.getByRole('button', { name: 'Actions pour Dominique Lavoie' }).click();
  const menu = page.getByRole('group', { name: 'Actions pour Dominique Lavoie' });
  await menu.getByRole('button', { name: 'Envoyer l’email d’activation' }).waitFor();
  problems.push(...(await axe(page, 'users-menu-1280')));
  await menu.getByRole('button', { name: 'Envoyer l’email d’activation' }).click();
  await flash(page).getByText(`Courriel d’activation envoyé à Dominique Lavoie (${draft.email}).`).waitFor();
  await row(page, draft.id).getByText('Invité', { exact: true }).waitFor();
  assert.equal(await status(draft.id), 'invited');

  await page.setViewportSize(PHONE);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Mes utilisateurs' }).waitFor();
  await row(page, draft.id).waitFor();
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 375, 'nothing sideways at 375');
  assert.deepEqual(await smallTargets(page, '#main'), [], 'every target of the list ≥ 24 × 24 px');
  // The checkbox's label is shown on the card.
  assert.ok(await row(page, draft.id).getByText('Sélectionner Dominique Lavoie').isVisible());
  problems.push(...(await axe(page, 'users-375')));
  await snap(page, 'users-list-375');
  const card = row(page, draft.id);
  await card.scrollIntoViewIfNeeded();
  await card.getByRole('button', { name: 'Actions pour Dominique Lavoie' }).click();
  const phoneMenu = page.getByRole('group', { name: 'Actions pour Dominique Lavoie' });
  await phoneMenu.getByRole('button', { name: 'Renvoyer l’email d’activation' }).waitFor();
  const box = await phoneMenu.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 375, 'the menu is on screen');
  assert.deepEqual(await smallTargets(page, '.row-menu:popover-open'), [], 'the menu’s items ≥ 24 px');
  problems.push(...(await axe(page, 'users-menu-375')));
  await page.screenshot({ path: join(artifacts, 'users-row-menu-375.png') });
  await page.keyboard.press('Escape');
  // The bulk outcome on a phone.
  await card.getByLabel('Sélectionner Dominique Lavoie').check();
  await page.getByRole('button', { name: 'Envoyer l’invitation', exact: true }).click();
  await page
    .getByRole('alertdialog', { name: 'Envoyer l’invitation à 1 personne(s) ?' })
    .getByRole('button', { name: 'Envoyer 1 invitation(s)' })
    .click();
  await page.locator('#bulk-outcome').getByText('Dominique Lavoie : invitation envoyée').waitFor();
  problems.push(...(await axe(page, 'users-bulk-375')));
  await snap(page, 'users-bulk-outcome-375');
  assert.deepEqual(problems, [], 'no serious or critical finding (details in e2e/artifacts/users/axe.json)');
  await page.context().close();
});

test('seed 000/002: a record kept before her email, then the email entered from the row menu and the activation sent (1280, then 375 px)', async () => {
  const page = await newPage();
  await managerOn(page, users);
  await page.getByRole('link', { name: 'Ajouter +' }).click();
  const form = page.locator('#user-new');
  await form.waitFor();
  await form
    .locator('[data-field="email"]')
    .getByText(/Facultatif pour une fiche d’employé/)
    .waitFor();
  await page.getByLabel('Mme').check();
  const last = `Sanscourriel${Math.random().toString(36).slice(2, 6)}`;
  await page.getByLabel('Nom', { exact: true }).fill(last);
  await page.getByLabel('Prénom').fill('Noémie');
  await page.getByLabel('Téléphone').fill('514 555-0177');
  await grantEmployeeAt(page, DEMO.rosemont);
  await page.getByRole('button', { name: 'Confirmer' }).click();
  // Created, a draft: the access tab says what is missing and asks for it.
  await page.locator('#no-email').getByText('Cette fiche n’a pas encore de courriel.').waitFor();
  const found = await call('GET', `/orgs/${DEMO.org}/users?name=${last}`, undefined, token);
  assert.equal(found.total, 1);
  const user = found.items[0];
  assert.equal(user.email, null);
  assert.equal(user.status, 'draft');
  await snap(page, 'no-email-record-1280');

  // The list says "Aucun courriel"; on a phone, the row menu leads to entering it.
  await page.setViewportSize(PHONE);
  await page.goto(`${base}/#${users}?q=${last}`);
  const card = row(page, user.id);
  await card.getByText('Aucun courriel').waitFor();
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 375, 'nothing sideways at 375');
  await card.getByRole('button', { name: `Actions pour Noémie ${last}` }).click();
  await snap(page, 'no-email-menu-375');
  await page
    .getByRole('group', { name: `Actions pour Noémie ${last}` })
    .getByRole('link', { name: 'Saisir son courriel pour l’activation' })
    .click();
  const email = `noemie.${Math.random().toString(36).slice(2, 6)}@cpe-exemple.ca`;
  const emailForm = page.locator('#change-email');
  await emailForm.getByLabel('Courriel').fill(email);
  await emailForm.getByRole('button', { name: 'Enregistrer et envoyer l’email d’activation' }).click();
  await page.getByText(`Courriel d’activation envoyé à Noémie ${last} (${email}).`).first().waitFor();
  assert.equal(await status(user.id), 'invited');
  const link = await emailedLink(base, email, 'activate');
  assert.match(link, /#token=/);
  await snap(page, 'no-email-sent-375');
  await page.context().close();
});
