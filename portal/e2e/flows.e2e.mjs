// Issue 18's flows, one test per defect, in headless Chromium against the
// local runner: a confirmation naming the person or request before every
// risky action, a message after each action (with its undo), a loading
// state, a readable audit log, and the wording fixes.
// Run: `node --test e2e/flows.e2e.mjs` (after `npm run build`).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import {
  base,
  call,
  DEMO,
  emailed,
  emailedLink,
  grantEmployeeAt,
  newPage as openPage,
  signIn,
  snap,
  unique,
  withRunner,
} from './harness.mjs';

withRunner();

const newPage = (width = 1280) => openPage(width, { timeout: 20_000, acceptDownloads: true });

async function managerToken() {
  return (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
}

/** A user of the demo organisation, created by the manager: draft, invited or active. */
async function person(token, first, last, state = 'draft', preset = 'employee') {
  const email = unique(
    first
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, ''),
  );
  const user = await call(
    'POST',
    `/orgs/${DEMO.org}/users`,
    {
      civility: 'mme',
      last_name: last,
      first_name: first,
      email,
      phone: '514 555-0100',
      establishments: [{ establishment_id: DEMO.rosemont, presets: [preset] }],
    },
    token,
  );
  if (state !== 'draft') await call('POST', `/orgs/${DEMO.org}/users/${user.id}/activation`, undefined, token);
  if (state === 'active') {
    const link = await emailedLink(base, email, 'activate');
    await call('POST', '/activation', {
      token: new URL(link).hash.replace('#token=', ''),
      password: 'Essai-Flux-2026',
      password_confirmation: 'Essai-Flux-2026',
    });
  }
  return { id: user.id, email, name: `${first} ${last}` };
}

async function managerOn(page, hashPath) {
  await signIn(page, base, DEMO.manager, DEMO.password);
  // Signed in: the home, with the manager's menu.
  await page.locator('#site-nav a[data-screen="users"]').waitFor({ state: 'attached' });
  await page.goto(`${base}/#${hashPath}`);
}

const accessTab = (id) => `/org/${DEMO.org}/users/${id}?tab=access`;
const flash = (page) => page.locator('#flash');

test('disabling a user asks first, naming her (Esc keeps her, focus stays in the dialog), then says so and offers to enable her again', async () => {
  const token = await managerToken();
  const noemie = await person(token, 'Noémie', 'Ouellet', 'active');
  for (const width of [1280, 375]) {
    const page = await newPage(width);
    await managerOn(page, accessTab(noemie.id));
    await page.locator('#user-status').getByText('Actif').waitFor();
    await page.getByRole('button', { name: 'Désactiver', exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Désactiver le compte de Noémie Ouellet ?' });
    await dialog.waitFor();
    await dialog.getByText('Noémie Ouellet ne pourra plus se connecter').waitFor();
    await dialog.getByRole('button', { name: 'Désactiver le compte' }).waitFor();
    // The safe choice has the focus; Tab and Shift+Tab stay inside.
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Ne rien changer');
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      assert.ok(
        await page.evaluate(() => Boolean(document.activeElement?.closest('dialog'))),
        `focus left the dialog after ${key}`,
      );
    }
    if (width === 1280) {
      await snap(page, 'flows-confirm-disable-1280');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await page.locator('#user-status').textContent(), 'Actif', 'Esc changed nothing');
      const still = await call('GET', `/orgs/${DEMO.org}/users/${noemie.id}`, undefined, token);
      assert.equal(still.status, 'active');
      await page.getByRole('button', { name: 'Désactiver', exact: true }).click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Désactiver le compte' }).click();
      await flash(page).getByText('Compte de Noémie Ouellet désactivé').waitFor();
      assert.equal(await flash(page).getAttribute('role'), 'status');
      await page.locator('#user-status').getByText('Désactivé').waitFor();
      await snap(page, 'flows-message-disabled-undo-1280');
      await flash(page).getByRole('button', { name: 'Réactiver' }).click();
      await flash(page).getByText('Compte de Noémie Ouellet réactivé.').waitFor();
      await page.locator('#user-status').getByText('Actif').waitFor();
    } else {
      await snap(page, 'flows-confirm-disable-375');
      await dialog.getByRole('button', { name: 'Désactiver le compte' }).click();
      await flash(page).getByText('Compte de Noémie Ouellet désactivé').waitFor();
      await snap(page, 'flows-message-disabled-undo-375');
      await flash(page).getByRole('button', { name: 'Réactiver' }).click();
      await page.locator('#user-status').getByText('Actif').waitFor();
    }
    await page.context().close();
  }
});

test('deleting a user names her in the question and, on the list, says she was deleted', async () => {
  const token = await managerToken();
  const leon = await person(token, 'Léonie', 'Bérubé');
  const page = await newPage();
  await managerOn(page, accessTab(leon.id));
  await page.getByRole('button', { name: 'Supprimer', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Supprimer Léonie Bérubé ?' });
  await dialog.getByText(leon.email).waitFor();
  await dialog.getByRole('button', { name: 'Supprimer Léonie Bérubé' }).click();
  await page.getByRole('heading', { name: 'Mes utilisateurs' }).waitFor();
  await flash(page).getByText('Léonie Bérubé a été supprimé·e de l’organisation.').waitFor();
  await snap(page, 'flows-message-deleted');
});

test('cancelling an invitation asks first, then offers to send it again', async () => {
  const token = await managerToken();
  const ines = await person(token, 'Inès', 'Caron', 'invited');
  const page = await newPage();
  await managerOn(page, accessTab(ines.id));
  await page.locator('#user-status').getByText('Invité').waitFor();
  await page.getByRole('button', { name: 'Annuler l’invitation' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Annuler l’invitation de Inès Caron ?' });
  await dialog.getByText(ines.email).waitFor();
  await dialog.getByRole('button', { name: 'Annuler l’invitation' }).click();
  await flash(page).getByText('Invitation de Inès Caron annulée').waitFor();
  await page.locator('#user-status').getByText('Brouillon').waitFor();
  await flash(page).getByRole('button', { name: 'Renvoyer l’invitation' }).click();
  await flash(page).getByText(`Courriel d’activation envoyé à Inès Caron (${ines.email}).`).waitFor();
  await page.locator('#user-status').getByText('Invité').waitFor();
});

test('"resend all" lists the people it will reach before it sends, then says how many', async () => {
  const token = await managerToken();
  const ada = await person(token, 'Ada', 'Abadie', 'invited');
  const page = await newPage();
  await managerOn(page, `/org/${DEMO.org}/users`);
  await page.getByRole('button', { name: 'Relancer les invitations' }).click();
  const dialog = page.getByRole('alertdialog', { name: /^Relancer \d+ invitation\(s\) en attente \?$/ });
  await dialog.getByText(`Ada Abadie (${ada.email})`).waitFor();
  await snap(page, 'flows-confirm-resend-all');
  await dialog.getByRole('button', { name: /^Relancer \d+ invitation\(s\)$/ }).click();
  await flash(page)
    .getByText(/Invitations relancées : \d+\./)
    .waitFor();
});

/** A requested replacement (the manager holds every permission). */
async function requested(token, task) {
  return call(
    'POST',
    `/orgs/${DEMO.org}/replacements`,
    {
      establishment_id: DEMO.rosemont,
      function: 'Éducatrice qualifiée',
      age_group: '18 mois - 5 ans',
      task,
      qualified: true,
      schedule: {
        start_date: '2027-04-05',
        end_date: '2027-04-05',
        start_time: '08:00',
        end_time: '16:00',
        unpaid_break_minutes: 30,
      },
    },
    token,
  );
}

test('marking a replacement unfilled asks first, naming the request', async () => {
  const token = await managerToken();
  const task = `Groupe des Lucioles ${Date.now()}`;
  await requested(token, task);
  const page = await newPage();
  await managerOn(page, `/org/${DEMO.org}/dispatch`);
  const row = page.getByRole('row').filter({ hasText: task });
  await row.getByRole('button', { name: 'Non comblé' }).click();
  const dialog = page.getByRole('alertdialog', { name: `Marquer « ${task} » comme non comblé ?` });
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await row.waitFor();
  await row.getByRole('button', { name: 'Non comblé' }).click();
  await dialog.getByRole('button', { name: 'Marquer non comblé' }).click();
  await flash(page).getByText(`Remplacement « ${task} » marqué non comblé.`).waitFor();
  await page.getByRole('row').filter({ hasText: task }).waitFor({ state: 'detached' });
});

test('assigning a replacement worker says who was assigned to which request', async () => {
  const token = await managerToken();
  const task = `Groupe des Coccinelles ${Date.now()}`;
  await requested(token, task);
  const wendy = await person(token, 'Wendy', 'Paquette', 'active', 'replacement_worker');
  const page = await newPage();
  await managerOn(page, `/org/${DEMO.org}/dispatch`);
  const row = page.getByRole('row').filter({ hasText: task });
  await row.getByLabel(/remplaçante à assigner/i).selectOption(wendy.id);
  await row.getByRole('button', { name: 'Assigner' }).click();
  await flash(page).getByText(`Wendy Paquette est assigné·e au remplacement « ${task} ».`).waitFor();
});

test('validating an account request says whose request was validated', async () => {
  const asker = unique('gaby');
  await call('POST', '/access-requests', {
    last_name: 'Lavoie',
    first_name: 'Gabrielle',
    function: 'Aide-éducatrice',
    email: asker,
    phone: '514 555-0112',
    org_identifier: DEMO.identifier,
    message: 'Nouvelle à Rosemont',
  });
  const page = await newPage();
  await managerOn(page, `/org/${DEMO.org}/requests`);
  const row = page.getByRole('row').filter({ hasText: asker });
  // "✓ Valider" opens the user form pre-filled; the manager adds the establishment.
  await row.getByRole('link', { name: 'Valider la demande de Gabrielle Lavoie' }).click();
  await grantEmployeeAt(page, DEMO.rosemont);
  await page.getByRole('button', { name: '✓ Valider' }).click();
  await flash(page).getByText('Demande de Gabrielle Lavoie validée : compte créé et invitation envoyée.').waitFor();
});

test('a screen says it is loading instead of going blank', async () => {
  const page = await newPage();
  await signIn(page, base, DEMO.manager, DEMO.password);
  // Signed in: the home, with the manager's menu.
  await page.locator('#site-nav a[data-screen="users"]').waitFor({ state: 'attached' });
  let release;
  const held = new Promise((r) => (release = r));
  await page.route('**/orgs/*/managers', async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('link', { name: 'Gestionnaires' }).click();
  const loading = page.getByRole('status').filter({ hasText: 'Chargement de la page…' });
  await loading.waitFor();
  await snap(page, 'flows-loading');
  release();
  await page.getByRole('heading', { name: 'Gestionnaires' }).waitFor();
  assert.equal(await loading.count(), 0);
});

/** Today in the organisation's time zone (Montréal), as YYYY-MM-DD. */
function today(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(d);
}

test('the audit log names people, says actions and changes in words, filters by name and period, and exports CSV', async () => {
  const token = await managerToken();
  const agathe = await person(token, 'Agathe', 'Fortin', 'active');
  await call('POST', `/orgs/${DEMO.org}/users/${agathe.id}/disable`, undefined, token);
  for (const width of [1280, 375]) {
    const page = await newPage(width);
    await managerOn(page, `/org/${DEMO.org}/audit`);
    await page.getByRole('heading', { name: 'Journal des modifications' }).waitFor();
    await page.getByLabel('Personne (nom)').fill('agathe FORTIN');
    await page.getByLabel('Du').fill(today());
    await page.getByLabel('Au').fill(today());
    await page.getByRole('button', { name: 'Filtrer' }).click();
    // Filtered: no event of anyone else stays (the unfiltered page may show
    // for a moment).
    const rows = page.locator('.audit-log').getByRole('row');
    await rows
      .filter({ hasNotText: 'Agathe Fortin' })
      .filter({ has: page.locator('td') })
      .first()
      .waitFor({ state: 'detached' });
    const row = rows.filter({ hasText: 'Compte désactivé' });
    await row.waitFor();
    await row.getByText('Sophie Gagnon').waitFor();
    await row.getByRole('link', { name: 'Agathe Fortin' }).waitFor();
    await row.getByText('Statut : Actif → Désactivé').waitFor();
    const body = await page.locator('.audit-log').innerText();
    assert.doesNotMatch(body, /[{}]|user\.disabled|019[0-9a-f]{5}-/, 'no JSON, action code or id is shown');
    await snap(page, `flows-audit-log-${width}`);
    if (width === 1280) {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Exporter en CSV' }).click();
      const file = await readFile(await (await download).path(), 'utf8');
      assert.match(file, /^\uFEFFDate;Auteur;Action;Cible;Établissement;Changements\r\n/);
      assert.match(file, /Sophie Gagnon;Compte désactivé;Agathe Fortin;[^;]*;Statut : Actif → Désactivé/);
      await flash(page)
        .getByText(/Fichier CSV prêt : \d+ événement\(s\)\./)
        .waitFor();
      // A period without the event shows none.
      await page.getByLabel('Du').fill(today(-3));
      await page.getByLabel('Au').fill(today(-2));
      await page.getByRole('button', { name: 'Filtrer' }).click();
      await page.getByText('Aucun événement pour ces filtres.').waitFor();
      // In English too.
      await page.getByLabel('Du').fill(today());
      await page.getByLabel('Au').fill(today());
      await page.getByRole('button', { name: 'Filtrer' }).click();
      await row.waitFor();
      await page.getByRole('button', { name: 'Switch to English' }).click();
      const en = page.getByRole('row').filter({ hasText: 'Account disabled' });
      await en.getByText('Status: Active → Disabled').waitFor();
    }
    await page.context().close();
  }
});

test('the access tab agrees "Dernière livraison" with "envoyée"', async () => {
  const token = await managerToken();
  const eve = await person(token, 'Ève', 'Martel', 'invited');
  const page = await newPage();
  await managerOn(page, accessTab(eve.id));
  const facts = page.locator('#invitation-state');
  for (let i = 0; i < 20 && !(await facts.innerText()).includes('envoy'); i++) {
    await page.waitForTimeout(300);
    await page.reload();
    await facts.waitFor();
  }
  const text = await facts.innerText();
  assert.match(text, /Dernière livraison\s+envoyée/);
});

test('the replacement-worker role is named inclusively', async () => {
  const page = await newPage();
  await managerOn(page, `/org/${DEMO.org}/users/new`);
  await page.locator('#add-establishment').selectOption(DEMO.rosemont);
  await page.locator('#add-establishment-button').click();
  const presets = page.locator(`.grant-block[data-est="${DEMO.rosemont}"] .presets`);
  await presets.getByText('Personne remplaçante').waitFor();
  assert.doesNotMatch(await presets.innerText(), /(^|\s)Remplaçante/);
});

test('the activation email gives its expiry in Montréal time, not UTC', async () => {
  const token = await managerToken();
  const zoe = await person(token, 'Zélie', 'Gauthier', 'invited');
  const mail = await emailed(base, zoe.email, /expire le/);
  assert.match(mail, /expire le \d{4}-\d{2}-\d{2} à \d{2} h \d{2} \(heure de l(&#39;|&#x27;|')Est\)/);
  assert.doesNotMatch(mail, /\(UTC\)/);
});
