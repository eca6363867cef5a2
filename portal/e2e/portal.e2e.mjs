// The seed walk-throughs and the form guarantees, in headless Chromium
// against the local runner. Run: `npm run e2e` (after `npm run build`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  base,
  call,
  chrome,
  DEMO,
  emailed,
  emailedLink,
  grantEmployeeAt,
  signIn,
  snap,
  unique,
  withRunner,
} from './harness.mjs';

withRunner();

async function newPage() {
  const context = await chrome.browser.newContext({ locale: 'fr-CA' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

test('seed 000/004: a manager creates an employee with roles and sends activation; she activates from the email, signs in and sees her space', async () => {
  const page = await newPage();
  const email = unique('zoe');
  await signIn(page, base, DEMO.manager, DEMO.password);
  await page.locator('#site-nav a[data-screen="users"]').click();
  await page.getByRole('heading', { name: 'Mes utilisateurs' }).waitFor();
  await snap(page, 'a-users-list');

  await page.getByRole('link', { name: 'Ajouter +' }).click();
  await page.getByRole('heading', { name: 'Ajouter un utilisateur' }).waitFor();
  await page.getByLabel('Mme').check();
  await page.getByLabel('Nom', { exact: true }).fill('Tremblay');
  await page.getByLabel('Prénom').fill('Zoé');
  await page.getByLabel('Courriel').fill(email);
  await page.getByLabel('Téléphone').fill('514 555-0199');
  await page.getByLabel('Fonction').fill('Éducatrice');
  await page.locator('#add-establishment').selectOption(DEMO.rosemont);
  await page.locator('#add-establishment-button').click();
  await page
    .locator(`.grant-block[data-est="${DEMO.rosemont}"] input[name="presets:${DEMO.rosemont}"][value="employee"]`)
    .check();
  await snap(page, 'a-user-form');
  await page.getByRole('button', { name: 'Confirmer' }).click();

  await page.getByText('Utilisateur créé.').waitFor();
  await page.getByRole('tab', { name: 'Accès' }).waitFor();
  assert.equal(await page.locator('#user-status').textContent(), 'Brouillon');
  await page.getByRole('button', { name: 'Envoyer le courriel d’activation' }).click();
  await page.getByText('Courriel d’activation envoyé.').waitFor();
  assert.equal(await page.locator('#user-status').textContent(), 'Invité');
  await snap(page, 'a-access-tab-invited');

  const link = await emailedLink(base, email, 'activate');
  assert.ok(link.startsWith(`${base}/activate#token=`), `the emailed link opens the local portal: ${link}`);
  const zoe = await newPage();
  await zoe.goto(link);
  await zoe.getByRole('heading', { name: 'Activer mon compte' }).waitFor();
  await zoe.getByText(/Bonjour Zoé/).waitFor();
  await zoe.getByLabel('Mot de passe', { exact: true }).fill('Bonjour-Zoe-2026');
  await zoe.getByLabel('Confirmer le mot de passe').fill('Bonjour-Zoe-2026');
  await snap(zoe, 'a-activation-form');
  await zoe.getByRole('button', { name: 'Activer' }).click();
  await zoe.getByText(`Compte activé : connectez-vous avec ${email}.`).waitFor();
  await snap(zoe, 'a-activated');

  await zoe.getByRole('link', { name: 'Se connecter' }).click();
  await zoe.getByRole('heading', { name: 'Connexion' }).waitFor();
  await zoe.getByLabel('Courriel').fill(email);
  await zoe.getByLabel('Mot de passe').fill('Bonjour-Zoe-2026');
  await zoe.getByRole('button', { name: 'Se connecter' }).click();
  await zoe.locator('#site-nav a[data-screen="space"]').click();
  await zoe.getByRole('heading', { name: 'Mon espace' }).waitFor();
  assert.equal(await zoe.locator('#me-email').textContent(), email);
  await zoe.getByText('Congés', { exact: true }).waitFor();
  await zoe.getByText('Statut : Actif').waitFor();
  await snap(zoe, 'a-employee-space');

  // The manager sees her active now.
  await page.reload();
  await page.getByRole('tab', { name: 'Accès' }).waitFor();
  assert.equal(await page.locator('#user-status').textContent(), 'Actif');
});

async function member(token, preset, first) {
  const email = unique(first.toLowerCase());
  const user = await call(
    'POST',
    `/orgs/${DEMO.org}/users`,
    {
      civility: 'mme',
      last_name: 'Essai',
      first_name: first,
      email,
      phone: '514 555-0100',
      establishments: [{ establishment_id: DEMO.rosemont, presets: [preset] }],
    },
    token,
  );
  await call('POST', `/orgs/${DEMO.org}/users/${user.id}/activation`, undefined, token);
  const link = await emailedLink(base, email, 'activate');
  const linkToken = new URL(link).hash.replace('#token=', '');
  await call('POST', '/activation', {
    token: linkToken,
    password: 'Essai-Portail-2026',
    password_confirmation: 'Essai-Portail-2026',
  });
  const session = await call('POST', '/sessions', { email, password: 'Essai-Portail-2026' });
  return { id: user.id, email, token: session.access_token, password: 'Essai-Portail-2026' };
}

test('seed 001: a client requests a replacement with its schedule, then approves the hours with an adjustment of -1,00 and a note', async () => {
  const manager = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
  const client = await member(manager, 'client', 'Claire');
  const worker = await member(manager, 'replacement_worker', 'Wendy');
  const papillons = `Groupe des Papillons ${Date.now()}`;

  const page = await newPage();
  await signIn(page, base, client.email, client.password);
  await page.locator('#site-nav a[data-screen="replacements"]').click();
  await page.getByRole('heading', { name: 'Liste des remplacements' }).waitFor();
  // Seed 001: how she reaches her replacement service, on her list.
  const contact = page.locator('#service-contact');
  await contact.getByRole('heading', { name: /Votre service de remplacement : / }).waitFor();
  assert.equal(await contact.getByRole('link', { name: DEMO.manager }).getAttribute('href'), `mailto:${DEMO.manager}`);
  assert.equal(await contact.getByRole('link', { name: '514 555-0100' }).getAttribute('href'), 'tel:5145550100');
  await page.getByRole('link', { name: '+ Nouveau remplacement' }).first().click();
  await page.getByRole('heading', { name: 'Nouveau remplacement' }).waitFor();
  await page.getByLabel('Installation').selectOption(DEMO.rosemont);
  await page.getByLabel('Fonction du remplaçant').selectOption('Éducatrice qualifiée');
  await page.getByLabel('Groupe d’âge').selectOption('18 mois - 5 ans');
  await page.getByLabel('Tâche à exécuter').fill(papillons);
  await page.getByLabel('Qualifié').check();
  await page.getByLabel('Notes').fill('Arrivée par la porte arrière.');
  await page.getByLabel('Date de début').fill('2026-03-01');
  await page.getByLabel('Date de fin').fill('2026-03-03');
  await page.getByLabel('Date de fin').dispatchEvent('change');
  await page.getByLabel('Heure de début').fill('07:30');
  await page.getByLabel('Heure de fin').fill('16:00');
  await page.getByLabel('Pause non rémunérée (minutes)').fill('30');
  await page.getByLabel('Pause non rémunérée (minutes)').dispatchEvent('change');
  await page.getByLabel('2026-03-02').check();
  await page.getByText('2 quart(s)').waitFor();
  await snap(page, 'b-new-replacement');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Demande enregistrée.').waitFor();
  assert.equal(await page.locator('#replacement-status').textContent(), 'Demandé');
  await snap(page, 'b-replacement-requested');

  const listed = await call('GET', `/orgs/${DEMO.org}/replacements`, undefined, client.token);
  const rep = listed.items.find((r) => r.task === papillons);
  assert.ok(rep, 'the request is stored');
  assert.equal(rep.schedule.shifts, 2);
  assert.deepEqual(rep.schedule.skipped_days, ['2026-03-02']);

  // The dispatcher (the manager) assigns the worker in the dispatch view.
  const dispatcher = await newPage();
  await signIn(dispatcher, base, DEMO.manager, DEMO.password);
  await dispatcher.locator('#site-nav a[data-screen="users"]').click();
  await dispatcher.getByRole('heading', { name: 'Mes utilisateurs' }).waitFor();
  await dispatcher.getByRole('link', { name: 'Répartition' }).click();
  const row = dispatcher.getByRole('row').filter({ hasText: papillons });
  await row.getByLabel('Remplaçante à assigner').selectOption(worker.id);
  await snap(dispatcher, 'b-dispatch');
  await row.getByRole('button', { name: 'Assigner' }).click();
  await dispatcher.getByRole('row').filter({ hasText: papillons }).waitFor({ state: 'detached' });

  // The client refreshes her list: assigned, with the worker's first name.
  await page.getByRole('link', { name: 'Retour' }).click();
  await page.getByRole('button', { name: /Rafraîchir/ }).click();
  const listed2 = page.getByRole('row').filter({ hasText: papillons });
  await listed2.getByText('Assigné').waitFor();
  await listed2.getByText('Wendy').waitFor();
  await snap(page, 'b-list-assigned');

  // The worker fills in her timesheet in her view: one row per shift.
  const wendy = await newPage();
  await signIn(wendy, base, worker.email, worker.password);
  await wendy.locator('#site-nav a[data-screen="space"]').click();
  await wendy.getByRole('heading', { name: 'Mon espace' }).waitFor();
  await wendy.getByRole('link', { name: 'Mes remplacements' }).click();
  const sheet = wendy.locator(`[data-replacement="${rep.id}"]`);
  await sheet.getByLabel('Début 2026-03-01').waitFor();
  assert.equal(await sheet.getByLabel('Début 2026-03-02').count(), 0, 'the day left out has no shift');
  await snap(wendy, 'b-worker-timesheet');
  await sheet.getByRole('button', { name: 'Soumettre ma feuille de temps' }).click();
  await wendy.getByText('Feuille de temps soumise.').waitFor();
  await snap(wendy, 'b-worker-submitted');

  await page.getByRole('link', { name: 'Approbation des heures' }).click();
  const card = page.locator(`[data-replacement="${rep.id}"]`);
  await card.waitFor();
  await card.getByLabel('Ajustement 2026-03-01').fill('-1,00');
  await card.getByLabel('Repas 2026-03-01').selectOption('yes');
  await card.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  // No note: refused next to the field, nothing sent.
  await card.getByText('Une note justificative est obligatoire pour chaque modification.').waitFor();
  await snap(page, 'b-approval-note-required');
  await card.getByLabel('Note justificative 2026-03-01').fill('Départ une heure plus tôt.');
  await snap(page, 'b-approval-adjusted');
  await card.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await page.getByText('Heures approuvées.').waitFor();
  await snap(page, 'b-approved');

  const done = (
    await call('GET', `/orgs/${DEMO.org}/replacements?status=approved`, undefined, client.token)
  ).items.find((r) => r.id === rep.id);
  assert.equal(done.status, 'approved');
  const first = done.hours.find((s) => s.date === '2026-03-01');
  assert.equal(first.submitted_minutes, 480);
  assert.equal(first.payable_minutes, 420);
  assert.equal(first.payable_hours, '7,00');
  assert.equal(first.adjustments[0].delta_minutes, -60);
  assert.equal(first.adjustments[0].meal, true);
  assert.equal(first.adjustments[0].note, 'Départ une heure plus tôt.');
  assert.equal(done.hours.find((s) => s.date === '2026-03-03').payable_minutes, 480);
});

test('a form shows French field-level errors for bad input, and nothing is created', async () => {
  const page = await newPage();
  await signIn(page, base, DEMO.manager, DEMO.password);
  await page.locator('#site-nav a[data-screen="users"]').click();
  await page.getByRole('heading', { name: 'Mes utilisateurs' }).waitFor();
  await page.getByRole('link', { name: 'Ajouter +' }).click();
  const form = page.locator('#user-new');
  await form.waitFor();
  // Empty: each required field says so, in French, before anything is sent.
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await form.locator('[data-field="last_name"] .field-error').getByText('Ce champ est obligatoire.').waitFor();
  assert.equal((await form.locator('[aria-invalid="true"]').count()) >= 3, true);
  // The email may wait (seeds 000, 002): an empty one is not an error.
  assert.equal(await form.locator('[data-field="email"] [aria-invalid="true"]').count(), 0);
  // Bad values: the API's refusals appear next to their fields, in French.
  await page.getByLabel('Mme').check();
  await page.getByLabel('Nom', { exact: true }).fill('Lapointe');
  await page.getByLabel('Prénom').fill('Léa');
  await page.getByLabel('Courriel').fill('pas-un-courriel');
  await page.getByLabel('Téléphone').fill('abc');
  await page.getByLabel('Date de naissance').fill('2999-01-01');
  const posted = page.waitForResponse(
    (r) => r.url().endsWith(`/orgs/${DEMO.org}/users`) && r.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Confirmer' }).click();
  const response = await posted;
  assert.equal(response.status(), 422);
  const emailError = form.locator('[data-field="email"] .field-error');
  await emailError.waitFor();
  const emailText = await emailError.textContent();
  assert.match(emailText, /courriel|adresse/i, emailText);
  const phoneText = await form.locator('[data-field="phone"] .field-error').textContent();
  assert.match(phoneText, /téléphone|numéro/i, phoneText);
  assert.equal(await form.locator('[data-field="email"] input').getAttribute('aria-invalid'), 'true');
  await form.getByText('Corrigez les champs signalés.').waitFor();
  await snap(page, 'c-french-field-errors');
  const manager = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
  const found = await call('GET', `/orgs/${DEMO.org}/users?name=Lapointe`, undefined, manager);
  assert.equal(found.total, 0, 'nothing was created');
});

test('a double click sends one request, with an Idempotency-Key', async () => {
  const page = await newPage();
  await page.goto(`${base}/#/access-request`);
  await page.getByRole('heading', { name: 'Demander un accès' }).waitFor();
  await page.getByLabel('Nom', { exact: true }).fill('Double');
  await page.getByLabel('Prénom').fill('Clic');
  await page.getByLabel('Courriel').fill(unique('double'));
  await page.getByLabel('Téléphone').fill('514 555-0142');
  await page.getByLabel("Identifiant de l'organisation").fill(DEMO.identifier);
  const sent = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/access-requests')) sent.push(r);
  });
  await page.getByRole('button', { name: 'Envoyer la demande' }).dblclick();
  await page.getByText(/Demande reçue/).waitFor();
  await page.waitForTimeout(500);
  assert.equal(sent.length, 1, 'one request for a double click');
  const key = await sent[0].headerValue('idempotency-key');
  assert.match(key ?? '', /^[0-9a-f-]{36}$/);
  await snap(page, 'd-double-click-one-request');

  // Same on a signed-in creating form: "+ Nouveau remplacement" is not posted twice.
  const manager = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
  const client = await member(manager, 'client', 'Dora');
  const p2 = await newPage();
  await signIn(p2, base, client.email, client.password);
  await p2.locator('#site-nav a[data-screen="replacements"]').click();
  await p2.getByRole('heading', { name: 'Liste des remplacements' }).waitFor();
  await p2.getByRole('link', { name: '+ Nouveau remplacement' }).first().click();
  await p2.getByLabel('Installation').selectOption(DEMO.rosemont);
  await p2.getByLabel('Fonction du remplaçant').selectOption('Éducatrice');
  await p2.getByLabel('Groupe d’âge').selectOption('Scolaire');
  const task = `Double clic ${Date.now()}`;
  await p2.getByLabel('Tâche à exécuter').fill(task);
  const posts = [];
  p2.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(`/orgs/${DEMO.org}/replacements`)) posts.push(r);
  });
  await p2.getByRole('button', { name: 'Enregistrer' }).dblclick();
  await p2.getByText('Demande enregistrée.').waitFor();
  assert.equal(posts.length, 1);
  const mine = await call('GET', `/orgs/${DEMO.org}/replacements`, undefined, client.token);
  assert.equal(mine.items.filter((r) => r.task === task).length, 1, 'one request stored');
});

test('English on request, and the portal fits a phone', async () => {
  const context = await chrome.browser.newContext({
    viewport: { width: 375, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto(`${base}/#/signin`);
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px)`);
  await snap(page, 'e-phone-english');
  // Problems come back in English too.
  await page.getByLabel('Email').fill(DEMO.manager);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.form-errors .notice').waitFor();
  const text = await page.locator('.form-errors .notice').textContent();
  assert.doesNotMatch(text, /mot de passe/i, text);
  await page.getByRole('button', { name: 'Passer en français' }).click();
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  await context.close();
});

test('public pages: "Créer un compte" confirmed from the email, a forgotten password reset from the email, an access request approved by a manager', async () => {
  const manager = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
  // Seed 000: the record exists (draft), the employee creates her account herself.
  const email = unique('lea');
  await call(
    'POST',
    `/orgs/${DEMO.org}/users`,
    {
      civility: 'mme',
      last_name: 'Gagnon',
      first_name: 'Léa',
      email,
      phone: '514 555-0177',
      establishments: [{ establishment_id: DEMO.rosemont, presets: ['employee'] }],
    },
    manager,
  );
  const page = await newPage();
  await page.goto(`${base}/#/signin`);
  await page.getByRole('link', { name: 'Créer un compte' }).click();
  await page.getByRole('heading', { name: 'Créer un compte' }).waitFor();
  await page.getByLabel('Nom', { exact: true }).fill('Gagnon');
  await page.getByLabel('Prénom').fill('Léa');
  await page.getByLabel('Courriel').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill('Lea-Gagnon-2026');
  await page.getByLabel('Confirmer le mot de passe').fill('Autre-Chose-2026');
  await page.getByLabel("J'accepte les conditions d'utilisation").check();
  await page.getByRole('button', { name: 'Créer le compte maintenant' }).click();
  await page.getByText('Les deux mots de passe ne correspondent pas.').waitFor();
  await page.getByLabel('Confirmer le mot de passe').fill('Lea-Gagnon-2026');
  await page.getByRole('button', { name: 'Créer le compte maintenant' }).click();
  await page.getByText('Vérifiez vos courriels').waitFor();
  await snap(page, 'f-register');
  const confirm = await emailedLink(base, email, 'register/confirm');
  await page.goto(confirm);
  await page.getByText(`Compte confirmé : vous pouvez vous connecter avec ${email}.`).waitFor();
  await snap(page, 'f-register-confirmed');

  // Forgotten password: the emailed link sets a new one.
  await page.goto(`${base}/#/signin`);
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  // The sign-in form has a 'Courriel' field too: fill the reset form's.
  await page.getByRole('heading', { name: 'Mot de passe oublié' }).waitFor();
  await page.getByLabel('Courriel').fill(email);
  await page.getByRole('button', { name: 'Recevoir un lien' }).click();
  await page.getByText(/Si un compte existe pour cette adresse/).waitFor();
  const reset = await emailedLink(base, email, 'reset');
  await page.goto(reset);
  await page.getByRole('heading', { name: 'Nouveau mot de passe' }).waitFor();
  await page.getByLabel('Mot de passe', { exact: true }).fill('Lea-Nouveau-2026');
  await page.getByLabel('Confirmer le mot de passe').fill('Lea-Nouveau-2026');
  await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await page.getByText(`Mot de passe changé : connectez-vous avec ${email}.`).waitFor();
  await snap(page, 'f-password-reset');
  await page.getByRole('link', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  await page.getByLabel('Courriel').fill(email);
  await page.getByLabel('Mot de passe').fill('Lea-Nouveau-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('#site-nav a[data-screen="space"]').click();
  await page.getByRole('heading', { name: 'Mon espace' }).waitFor();

  // Seed 004: an access request, validated by a manager at Rosemont with a preset.
  const asker = unique('jar');
  await call('POST', '/access-requests', {
    last_name: 'Binks',
    first_name: 'Jar',
    function: 'Aide-éducatrice',
    email: asker,
    phone: '514 555-0111',
    org_identifier: DEMO.identifier,
    message: 'Nouvelle à Rosemont',
  });
  const console_ = await newPage();
  await signIn(console_, base, DEMO.manager, DEMO.password);
  await console_.locator('#site-nav a[data-screen="users"]').click();
  await console_.getByRole('heading', { name: 'Mes utilisateurs' }).waitFor();
  await console_.getByRole('link', { name: 'Demandes de création de compte' }).click();
  const row = console_.getByRole('row').filter({ hasText: asker });
  await snap(console_, 'f-access-request');
  // "✓ Valider": the user form pre-filled; the manager adds Rosemont and the employee's roles.
  await row.getByRole('link', { name: /^Valider la demande de / }).click();
  await grantEmployeeAt(console_, DEMO.rosemont);
  await console_.getByRole('button', { name: '✓ Valider' }).click();
  await console_.getByText(/validée : compte créé et invitation envoyée/).waitFor();
  const found = await call('GET', `/orgs/${DEMO.org}/users?name=Binks`, undefined, manager);
  const jar = found.items.find((u) => u.email === asker);
  assert.ok(jar, 'the approved request became a user');
  assert.equal(jar.status, 'invited');
  assert.deepEqual(jar.grants[DEMO.rosemont].includes('leave'), true);
});

test('employee space: she sees only the features switched on, asks for leave with a half day, the manager approves it and she is emailed; an invalid IBAN is refused next to its field', async () => {
  const manager = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
  const allOn = Object.fromEntries(
    ['absences', 'expense_notes', 'working_hours', 'advances', 'personal_info', 'bank_details', 'documents'].map(
      (f) => [f, true],
    ),
  );
  try {
    // The manager switches expense notes and advances off in the settings.
    const boss = await newPage();
    await signIn(boss, base, DEMO.manager, DEMO.password);
    await boss.locator('#site-nav a[data-screen="users"]').click();
    await boss.getByRole('heading', { name: 'Mes utilisateurs' }).waitFor();
    await boss.getByRole('link', { name: 'Paramètres' }).click();
    await boss.getByRole('group', { name: 'Fonctions de l’espace employé' }).waitFor();
    await boss.getByLabel('Notes de frais').uncheck();
    await boss.getByLabel('Demandes d’acompte').uncheck();
    await snap(boss, 'c-settings-features');
    await boss.getByRole('button', { name: 'Enregistrer' }).click();
    await boss.getByText('Enregistré.').waitFor();
    const settings = (await call('GET', `/orgs/${DEMO.org}`, undefined, manager)).settings;
    assert.deepEqual(settings.features.sort(), [
      'absences',
      'bank_details',
      'documents',
      'personal_info',
      'working_hours',
    ]);
    // Banks may not go negative unless she says so (and she says so on this screen).
    const negative = boss.getByLabel('Les banques d’heures peuvent devenir négatives', { exact: false });
    assert.equal(await negative.isChecked(), false, 'the default: no');
    assert.equal(settings.banks_may_go_negative, false);
    await negative.check();
    await snap(boss, 'c-settings-negative-banks');
    await boss.getByRole('button', { name: 'Enregistrer' }).click();
    await boss.getByText('Enregistré.').waitFor();
    assert.equal((await call('GET', `/orgs/${DEMO.org}`, undefined, manager)).settings.banks_may_go_negative, true);
    await negative.uncheck();
    await boss.getByRole('button', { name: 'Enregistrer' }).click();
    await boss.getByText('Enregistré.').waitFor();
    assert.equal((await call('GET', `/orgs/${DEMO.org}`, undefined, manager)).settings.banks_may_go_negative, false);

    // The employee sees only those five.
    const zoe = await newPage();
    await signIn(zoe, base, DEMO.employee, DEMO.password);
    await zoe.locator('#site-nav a[data-screen="space"]').click();
    await zoe.getByRole('heading', { name: 'Mon espace' }).waitFor();
    const menu = zoe.getByRole('navigation', { name: 'Mon espace employé' });
    assert.deepEqual(await menu.locator('li').evaluateAll((lis) => lis.map((li) => li.dataset.feature)), [
      'absences',
      'working_hours',
      'personal_info',
      'bank_details',
      'documents',
    ]);
    assert.equal(await menu.getByRole('link', { name: 'Notes de frais' }).count(), 0);
    await snap(zoe, 'c-employee-space-menu');

    // Leave: the last day before the first is refused next to the field, nothing sent.
    const before = (await call('GET', `/orgs/${DEMO.org}/leave?scope=team`, undefined, manager)).items.length;
    await menu.getByRole('link', { name: 'Absences' }).click();
    await zoe.getByRole('heading', { name: 'Absences', exact: true }).waitFor();
    await zoe.getByLabel('Type d’absence').selectOption('vacation');
    await zoe.getByLabel('Premier jour').fill('2027-04-06');
    await zoe.getByLabel('Dernier jour').fill('2027-04-05');
    await zoe.getByRole('button', { name: 'Envoyer la demande' }).click();
    const endField = zoe.locator('[data-field="end_date"]');
    await endField.getByText('Le dernier jour précède le premier.').waitFor();
    assert.equal(await endField.locator('input').getAttribute('aria-invalid'), 'true');
    await snap(zoe, 'c-leave-end-before-start');
    assert.equal((await call('GET', `/orgs/${DEMO.org}/leave?scope=team`, undefined, manager)).items.length, before);

    // Vacation is taken from her vacation bank (ten days, seeded), whose balance shows.
    const bankField = zoe.getByLabel('Banque d’heures');
    assert.deepEqual(await bankField.locator('option').allTextContents(), ['Vacances']);
    await zoe.locator('#leave-balance').getByText('Solde de la banque « Vacances » : 70,00 h.').waitFor();
    // Three weeks (105,00 h) exceed it: a warning, with what the balance would become, before sending.
    await zoe.getByLabel('Premier jour').fill('2027-04-05');
    await zoe.getByLabel('Dernier jour').fill('2027-04-23');
    await zoe.getByLabel('Commentaire').fill('Rendez-vous mardi après-midi.');
    const warning = zoe.locator('#leave-warning');
    await warning
      .getByText(
        'Attention : cette absence (105,00 h) dépasse le solde de la banque « Vacances » (70,00 h) ; il passerait à -35,00 h. Votre organisation ne permet pas de solde négatif : la demande sera refusée.',
        { exact: false },
      )
      .waitFor();
    await snap(zoe, 'c-leave-warning');
    // Sent anyway: the API refuses it (409), said at the top of the form; nothing typed is lost, nothing stored.
    await zoe.getByRole('button', { name: 'Envoyer la demande' }).click();
    await zoe
      .locator('#leave-form .form-errors')
      .getByText(/Cette absence prend 105,00 h alors que le solde de la banque choisie est de 70,00 h/)
      .waitFor();
    assert.equal(await zoe.getByLabel('Dernier jour').inputValue(), '2027-04-23');
    assert.equal(await zoe.getByLabel('Commentaire').inputValue(), 'Rendez-vous mardi après-midi.');
    assert.equal((await call('GET', `/orgs/${DEMO.org}/leave?scope=team`, undefined, manager)).items.length, before);
    await snap(zoe, 'c-leave-refused-beyond-balance');
    // Not on the overtime bank: a personal leave is offered that one, and no vacation bank.
    await zoe.getByLabel('Type d’absence').selectOption('personal');
    assert.deepEqual(await bankField.locator('option').allTextContents(), ['Heures supplémentaires']);
    await zoe.getByLabel('Type d’absence').selectOption('vacation');
    assert.deepEqual(await bankField.locator('option').allTextContents(), ['Vacances']);

    // The same at 375 px: the warning is there and nothing scrolls sideways.
    const phone = await chrome.browser.newContext({
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
      locale: 'fr-CA',
    });
    const zoePhone = await phone.newPage();
    zoePhone.setDefaultTimeout(20_000);
    await signIn(zoePhone, base, DEMO.employee, DEMO.password);
    await zoePhone.locator('#site-nav a[data-screen="space"]').waitFor({ state: 'attached' });
    await zoePhone.goto(`${base}/#/org/${DEMO.org}/space/leave`);
    await zoePhone.getByRole('heading', { name: 'Absences', exact: true }).waitFor();
    await zoePhone.getByLabel('Premier jour').fill('2027-04-05');
    await zoePhone.getByLabel('Dernier jour').fill('2027-04-23');
    await zoePhone
      .locator('#leave-warning')
      .getByText(/il passerait à -35,00 h/)
      .waitFor();
    await zoePhone.locator('#leave-warning').scrollIntoViewIfNeeded();
    const overflow = await zoePhone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the leave form fits a phone (${overflow}px)`);
    await snap(zoePhone, 'c-phone-leave-warning');

    // Monday morning to Tuesday noon: three half days, what they take shown before sending.
    await zoe.getByLabel('Dernier jour').fill('2027-04-06');
    await zoe.getByLabel('Jusqu’à midi').check();
    await zoe.getByText('Demi-journées ouvrables demandées : 3').waitFor();
    await zoe.getByText('Cette absence prend 10,50 h : solde 70,00 h → 59,50 h après acceptation.').waitFor();
    assert.equal(await warning.isHidden(), true, 'no warning within the balance');
    await snap(zoe, 'c-leave-form-half-day');
    await zoe.getByRole('button', { name: 'Envoyer la demande' }).click();
    await zoe
      .getByText('Demande envoyée : 3 demi-journée(s). Banque « Vacances » : solde 70,00 h, après acceptation 59,50 h.')
      .waitFor();
    const mine = zoe.getByRole('row').filter({ hasText: '2027-04-05' });
    await mine.getByText('En attente').waitFor();
    await snap(zoe, 'c-leave-sent');
    const stored = (
      await call('GET', `/orgs/${DEMO.org}/leave?scope=team&state=pending`, undefined, manager)
    ).items.find((r) => r.details.start_date === '2027-04-05' && r.employee_name === 'Zoé Tremblay');
    assert.ok(stored, 'the request is stored');
    assert.equal(stored.details.start_half, 'morning');
    assert.equal(stored.details.end_half, 'morning');
    assert.equal(stored.details.half_days, 3);
    assert.equal(stored.comment, 'Rendez-vous mardi après-midi.');

    // The manager approves it in her decisions; the employee is emailed.
    assert.equal(stored.details.bank_id, '019a0000-0000-7000-8000-00000000b0b2', 'from the vacation bank');
    await boss.getByRole('link', { name: 'Décisions' }).click();
    const card = boss.locator(`[data-request="${stored.id}"]`);
    await card.getByText('Zoé Tremblay').waitFor();
    // The decision card shows the bank and its balance before → after.
    await card
      .getByText('Banque « Vacances » : solde 70,00 h → 59,50 h (avant → après acceptation)', { exact: false })
      .waitFor();
    await snap(boss, 'c-decisions');
    const bossPhone = await phone.newPage();
    bossPhone.setDefaultTimeout(20_000);
    await signIn(bossPhone, base, DEMO.manager, DEMO.password);
    await bossPhone.locator('#site-nav a[data-screen="users"]').waitFor({ state: 'attached' });
    await bossPhone.goto(`${base}/#/org/${DEMO.org}/decisions`);
    const phoneCard = bossPhone.locator(`[data-request="${stored.id}"]`);
    await phoneCard.getByText(/solde 70,00 h → 59,50 h/).waitFor();
    await phoneCard.scrollIntoViewIfNeeded();
    await snap(bossPhone, 'c-phone-decision-card');
    await phone.close();
    await card.getByRole('button', { name: 'Accepter' }).click();
    await boss.getByText('Décision enregistrée.').waitFor();
    await snap(boss, 'c-decided');
    const mail = await emailed(base, DEMO.employee, /acceptée[\s\S]*du 2027-04-05 au 2027-04-06 \(3 demi-journée/);
    assert.match(mail, /Demande d(’|'|&#x27;|&#39;)absence acceptée/);
    await zoe.reload();
    await zoe.getByRole('row').filter({ hasText: '2027-04-05' }).getByText('Acceptée').waitFor();
    await snap(zoe, 'c-leave-approved');

    // Bank details: an IBAN with wrong check digits is refused next to the field, nothing stored.
    await zoe
      .getByRole('navigation', { name: 'Mon espace employé' })
      .getByRole('link', { name: 'Coordonnées bancaires' })
      .click();
    await zoe.getByRole('heading', { name: 'Coordonnées bancaires', exact: true }).waitFor();
    await zoe.getByLabel('IBAN', { exact: true }).fill('FR76 3000 6000 0112 3456 7890 188');
    await zoe.getByRole('button', { name: 'Enregistrer' }).click();
    const ibanField = zoe.locator('[data-field="iban"]');
    await ibanField.getByText('IBAN invalide : vérifiez les chiffres de contrôle.').waitFor();
    assert.equal(await ibanField.locator('input').getAttribute('aria-invalid'), 'true');
    await snap(zoe, 'c-iban-invalid');
    const employee = (await call('POST', '/sessions', { email: DEMO.employee, password: DEMO.password })).access_token;
    await assert.rejects(call('GET', `/orgs/${DEMO.org}/me/bank-details`, undefined, employee), /404/);
    // A valid one is stored and shown masked.
    await zoe.getByLabel('IBAN', { exact: true }).fill('FR14 2004 1010 0505 0001 3M02 606');
    await zoe.getByRole('button', { name: 'Enregistrer' }).click();
    await zoe.getByText('Coordonnées bancaires enregistrées.').waitFor();
    const masked = await zoe.locator('#bank-masked').textContent();
    assert.match(masked, /FR14 •••• 2606/);
    assert.ok(!masked.includes('20041010050500013M02606'), 'the full IBAN is not shown');
    await snap(zoe, 'c-iban-saved-masked');

    // The manager (sensitive data) reads the full IBAN; the read is audited.
    await boss.getByRole('link', { name: 'Coordonnées bancaires des employés' }).click();
    await boss.getByLabel('Employé').selectOption(DEMO.employeeId);
    await boss.getByRole('button', { name: 'Afficher les coordonnées complètes' }).click();
    assert.equal(await boss.locator('#bank-full').textContent(), 'FR1420041010050500013M02606');
    await snap(boss, 'c-bank-revealed');
    const audit = await call(
      'GET',
      `/orgs/${DEMO.org}/audit?user=${DEMO.employeeId}&action=bank_details.revealed`,
      undefined,
      manager,
    );
    assert.ok(audit.items.length >= 1, 'the read of the full details is audited');

    // A bank of hours for sick days, accruing 40 per mille.
    const name = `Maladie ${Date.now()}`;
    await boss.getByRole('link', { name: 'Banques d’heures' }).click();
    // The demo has its banks: the form waits, folded, under the list.
    await boss.getByText('Créer une banque d’heures').click();
    await boss.getByLabel('Nom de la banque').fill(name);
    await boss.getByLabel('Accumulation (pour mille des heures travaillées)').check();
    await boss.getByLabel('Pour mille', { exact: true }).fill('40');
    await boss.getByRole('button', { name: 'Créer la banque' }).click();
    await boss.getByText(`Banque d’heures « ${name} » créée.`).waitFor();
    await boss.getByRole('row').filter({ hasText: name }).waitFor();
    await snap(boss, 'c-hour-bank-created');
  } finally {
    await call('PATCH', `/orgs/${DEMO.org}/settings`, { features: allOn }, manager);
  }
});

test('expense note: "-5" refused next to the amount, "12,34" sent as 1234 cents with its receipt uploaded through the presigned URL', async () => {
  const manager = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
  const zoe = await newPage();
  await signIn(zoe, base, DEMO.employee, DEMO.password);
  await zoe.locator('#site-nav a[data-screen="space"]').click();
  await zoe.getByRole('heading', { name: 'Mon espace' }).waitFor();
  await zoe
    .getByRole('navigation', { name: 'Mon espace employé' })
    .getByRole('link', { name: 'Notes de frais' })
    .click();
  await zoe.getByRole('heading', { name: 'Notes de frais', exact: true }).waitFor();
  await zoe.getByLabel('Date de la dépense').fill('2027-02-10');
  await zoe.getByLabel('Catégorie').selectOption('meals');
  await zoe.getByLabel('Montant').fill('-5');
  await zoe.getByRole('button', { name: 'Envoyer la note de frais' }).click();
  await zoe.locator('[data-field="amount"]').getByText('Le montant doit être positif.').waitFor();
  await snap(zoe, 'd-expense-negative');

  const description = `Dîner de formation ${Date.now()}`;
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
    'hex',
  );
  await zoe.getByLabel('Montant').fill('12,34');
  await zoe.getByLabel('Description').fill(description);
  await zoe.getByLabel(/^Reçu/).setInputFiles({ name: 'recu.png', mimeType: 'image/png', buffer: png });
  await zoe.getByRole('button', { name: 'Envoyer la note de frais' }).click();
  await zoe.getByText('Note de frais envoyée avec son reçu.').waitFor();
  await snap(zoe, 'd-expense-sent');
  const stored = (await call('GET', `/orgs/${DEMO.org}/expenses?scope=team`, undefined, manager)).items.find(
    (r) => r.comment === description,
  );
  assert.ok(stored, 'the note is stored');
  assert.equal(stored.details.amount.amount_cents, 1234);
  assert.equal(stored.details.amount.currency, 'CAD');
  assert.equal(stored.details.receipt.content_type, 'image/png');
  // The receipt really went up: its download URL serves the same bytes.
  const url = await call('GET', `/orgs/${DEMO.org}/expenses/${stored.id}/receipt`, undefined, manager);
  const got = Buffer.from(await (await fetch(url.url)).arrayBuffer());
  assert.deepEqual(got, png);
});

test('employee space: personal info and a login-email change confirmed from the emailed /confirm-email link; a week of hours approved by the manager; a document shared with her', async () => {
  const manager = (await call('POST', '/sessions', { email: DEMO.manager, password: DEMO.password })).access_token;
  const emma = await member(manager, 'employee', 'Emma');
  const page = await newPage();
  await signIn(page, base, emma.email, emma.password);
  await page.locator('#site-nav a[data-screen="space"]').click();
  await page.getByRole('heading', { name: 'Mon espace' }).waitFor();
  const menu = page.getByRole('navigation', { name: 'Mon espace employé' });

  // Personal info: the organisation lets her edit her phone, not her name.
  await menu.getByRole('link', { name: 'Informations personnelles' }).click();
  await page.getByRole('heading', { name: 'Informations personnelles' }).waitFor();
  assert.equal(await page.getByLabel('Nom', { exact: true }).getAttribute('readonly'), '');
  await page.getByLabel('Téléphone').fill('438 555-0142');
  await page.locator('#profile-form').getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Enregistré.').waitFor();
  assert.equal((await call('GET', `/orgs/${DEMO.org}/users/${emma.id}`, undefined, manager)).phone, '438 555-0142');

  // The login email changes only once the new inbox's link is opened.
  const next = unique('emma.nouveau');
  await page.getByLabel('Nouveau courriel').fill(next);
  await page.getByRole('button', { name: 'Changer de courriel' }).click();
  await page.getByText(`Un lien de vérification est parti à ${next}`).waitFor();
  await snap(page, 'e-profile-email-pending');
  await call('POST', '/sessions', { email: emma.email, password: emma.password });
  const link = await emailedLink(base, next, 'confirm-email');
  assert.ok(link.startsWith(`${base}/confirm-email#token=`), link);
  const inbox = await newPage();
  await inbox.goto(link);
  await inbox.getByRole('heading', { name: 'Confirmer mon nouveau courriel' }).waitFor();
  await inbox.getByRole('button', { name: 'Confirmer' }).click();
  await inbox.getByText(`Courriel confirmé : connectez-vous désormais avec ${next}.`).waitFor();
  await snap(inbox, 'e-email-confirmed');
  await call('POST', '/sessions', { email: next, password: emma.password });

  // Hours: a week grid; unreadable hours are refused next to their day.
  await page.goto(`${base}/#/org/${DEMO.org}/space/hours?week=2027-03-01`);
  await page.getByRole('heading', { name: 'Semaine du 2027-03-01' }).waitFor();
  await page.getByLabel('lundi 2027-03-01').fill('8');
  await page.getByLabel('mardi 2027-03-02').fill('7:30');
  await page.getByLabel('mercredi 2027-03-03').fill('sept');
  await page.getByRole('button', { name: 'Soumettre la semaine' }).click();
  await page
    .locator('[data-field="day.2027-03-03"]')
    .getByText(/Heures invalides/)
    .waitFor();
  await snap(page, 'e-hours-invalid');
  await page.getByLabel('mercredi 2027-03-03').fill('7,5');
  await page.getByText('Total : 23,00 h').waitFor();
  await page.locator('#banks').getByText('Heures supplémentaires').waitFor();
  await page.getByRole('button', { name: 'Soumettre la semaine' }).click();
  await page.getByText('Semaine soumise.').waitFor();
  await snap(page, 'e-hours-submitted');

  const boss = await newPage();
  await signIn(boss, base, DEMO.manager, DEMO.password);
  await boss.locator('#site-nav a[data-screen="users"]').click();
  await boss.getByRole('heading', { name: 'Mes utilisateurs' }).waitFor();
  await boss.getByRole('link', { name: 'Décisions' }).click();
  const card = boss.locator(`[data-week="${emma.id}/2027-03-01"]`);
  await card.getByText('Total : 23,00 h').waitFor();
  // Refusing needs a comment: said next to the field.
  await card.getByRole('button', { name: 'Refuser' }).click();
  await card.locator('[data-field="comment"] .field-error').filter({ hasText: /./ }).waitFor();
  await card.getByRole('button', { name: 'Accepter' }).click();
  await boss.getByText('Décision enregistrée.').waitFor();
  const weeks = (
    await call(
      'GET',
      `/orgs/${DEMO.org}/weeks`,
      undefined,
      (await call('POST', '/sessions', { email: next, password: emma.password })).access_token,
    )
  ).weeks;
  assert.equal(weeks.find((w) => w.monday === '2027-03-01').state, 'approved');
  assert.equal(weeks.find((w) => w.monday === '2027-03-01').total_minutes, 23 * 60);

  // A document shared with her alone.
  const title = `Contrat ${Date.now()}`;
  const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  await boss.getByRole('link', { name: 'Partager un document' }).click();
  await boss.getByLabel('Titre').fill(title);
  await boss.getByLabel('Destinataire').selectOption(emma.id);
  await boss.getByLabel(/^Fichier/).setInputFiles({ name: 'contrat.pdf', mimeType: 'application/pdf', buffer: pdf });
  await snap(boss, 'e-share-document');
  await boss.getByRole('button', { name: 'Partager' }).click();
  await boss.getByText('Document partagé.').waitFor();
  await page.goto(`${base}/#/org/${DEMO.org}/space/documents`);
  const row = page.getByRole('row').filter({ hasText: title });
  await row.getByRole('button', { name: 'Télécharger' }).waitFor();
  await snap(page, 'e-documents');
  const token = (await call('POST', '/sessions', { email: next, password: emma.password })).access_token;
  const doc = (await call('GET', `/orgs/${DEMO.org}/documents`, undefined, token)).items.find((d) => d.title === title);
  const url = await call('GET', `/orgs/${DEMO.org}/documents/${doc.id}/download`, undefined, token);
  assert.deepEqual(Buffer.from(await (await fetch(url.url)).arrayBuffer()), pdf);
});

test('the employee space fits a phone', async () => {
  const context = await chrome.browser.newContext({
    viewport: { width: 375, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'fr-CA',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await signIn(page, base, DEMO.employee, DEMO.password);
  // On a phone the menu opens from its button.
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.locator('#site-nav a[data-screen="space"]').click();
  await page.getByRole('heading', { name: 'Mon espace' }).waitFor();
  for (const [screen, heading] of [
    ['leave', 'Absences'],
    ['expenses', 'Notes de frais'],
    ['hours', /^Semaine du/],
    ['advances', 'Demandes d’acompte'],
    ['profile', 'Informations personnelles'],
    ['bank', 'Coordonnées bancaires'],
    ['documents', 'Mes documents'],
  ]) {
    await page.goto(`${base}/#/org/${DEMO.org}/space/${screen}`);
    await page
      .getByRole('heading', { name: heading, exact: typeof heading === 'string' })
      .first()
      .waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${screen}: no horizontal scrolling on a phone (${overflow}px)`);
    await snap(page, `f-phone-${screen}`);
  }
  await context.close();
});
