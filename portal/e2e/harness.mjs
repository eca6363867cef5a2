// End-to-end harness: starts the local runner (`sesame-local`, which serves
// the built portal and the API on one origin) unless SESAME_E2E_URL points
// at one, and launches Debian's Chromium headless through playwright-core
// (never a downloaded browser). Screenshots go to e2e/artifacts/.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../..');
// One folder per test file (node --test runs each file in its own process):
// a file's run replaces its own screenshots, not the others'.
const suite = basename(process.argv[1] ?? 'e2e').replace(/\.e2e\.mjs$/, '');
export const artifacts = join(here, 'artifacts', suite);
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });

export const DEMO = {
  org: '019a0000-0000-7000-8000-00000000d001',
  rosemont: '019a0000-0000-7000-8000-00000000e001',
  manager: 'gestionnaire@demo.sesame.ca',
  employee: 'employee@demo.sesame.ca',
  employeeId: '019a0000-0000-7000-8000-00000000a002',
  password: 'Sesame-Demo-2026',
  identifier: 'CPE-LUCIOLES',
};

export async function startRunner() {
  if (process.env.SESAME_E2E_URL) return { url: process.env.SESAME_E2E_URL, stop: async () => {} };
  const bin = process.env.SESAME_LOCAL_BIN ?? join(root, 'target/debug/sesame-local');
  const child = spawn(bin, [], {
    env: { ...process.env, SESAME_PORT: '0', RUST_LOG: process.env.RUST_LOG ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`runner did not start:\n${log}`)), 120_000);
    child.stdout.on('data', (d) => {
      log += d;
      const m = /Sésame is running at (http:\/\/[\d.:]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.stderr.on('data', (d) => {
      log += d;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`runner exited (${code}):\n${log}`));
    });
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGINT');
      await new Promise((r) => {
        child.once('exit', r);
        setTimeout(r, 10_000);
      });
    },
  };
}

export async function launch() {
  // playwright's launch() gives Chromium a fresh, empty --user-data-dir of
  // its own each time (it refuses the flag and deletes the folder on close).
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

let shot = 0;
/** A numbered screenshot of the page, kept as a test artifact. */
export async function snap(page, name) {
  shot += 1;
  await page.screenshot({ path: join(artifacts, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/** JSON API calls for the parts a walk-through does not drive in the browser. */
export function api(base) {
  return async (method, path, body, token) => {
    const r = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    const json = text ? JSON.parse(text) : null;
    if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${text}`);
    return json;
  };
}

/** The newest link of `kind` (activate, reset, register/confirm) emailed to `to`, from the runner's outbox. */
export async function emailedLink(base, to, kind = 'activate') {
  for (let i = 0; i < 50; i++) {
    const html = await (await fetch(`${base}/_outbox`)).text();
    // Newest first: sections in order, each "À : <to>" then its body.
    for (const section of html.split('<section').slice(1)) {
      if (!section.includes(to)) continue;
      const m = new RegExp(`href="([^"]*/${kind}#token=[A-Za-z0-9_-]+)"`).exec(section);
      if (m) return m[1].replace(/&amp;/g, '&');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${kind} link emailed to ${to}`);
}

/** The newest email to `to` whose text matches `pattern`, from the runner's outbox (its HTML section). */
export async function emailed(base, to, pattern) {
  for (let i = 0; i < 50; i++) {
    const html = await (await fetch(`${base}/_outbox`)).text();
    const found = html
      .split('<section')
      .slice(1)
      .find((s) => s.includes(to) && pattern.test(s));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no email to ${to} matching ${pattern}`);
}

export async function signIn(page, base, email, password) {
  await page.goto(`${base}/#/signin`);
  await page.getByLabel('Courriel').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** Once signed in, opens `screen` from the home screen's menu (the phone's menu opened first). */
export async function fromHome(page, screen) {
  await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
  const link = page.locator(`#site-nav a[data-screen="${screen}"]`);
  if (!(await link.isVisible())) await page.getByRole('button', { name: 'Menu' }).click();
  await link.click();
}

export function unique(prefix) {
  return `${prefix}.${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@exemple.ca`;
}

/** The runner's address, its JSON API and the browser a test file shares (set before its first test). */
export let base;
export let call;
export let chrome;

/**
 * Starts the runner and the browser before a file's tests and stops them
 * after; `ready` (optional) runs once both are up, e.g. to sign in the manager.
 */
export function withRunner(ready) {
  let runner;
  before(async () => {
    runner = await startRunner();
    base = runner.url;
    call = api(base);
    chrome = await launch();
    await ready?.();
  });
  after(async () => {
    await chrome?.close();
    await runner?.stop();
  });
}

/**
 * An active member of the demo organisation, created by the manager (`token`)
 * with `presets` at `establishment` and activated through the emailed link:
 * { id, email, password, name, token } (`token`: her session, when `signIn`).
 */
export async function activeMember(
  token,
  {
    first,
    last = 'Essai',
    presets = ['employee'],
    establishment = DEMO.rosemont,
    signIn = false,
    phone = '514 555-0100',
  },
) {
  const email = unique(
    first
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase(),
  );
  const user = await call(
    'POST',
    `/orgs/${DEMO.org}/users`,
    {
      civility: 'mme',
      last_name: last,
      first_name: first,
      email,
      phone,
      establishments: [{ establishment_id: establishment, presets }],
    },
    token,
  );
  await call('POST', `/orgs/${DEMO.org}/users/${user.id}/activation`, undefined, token);
  const link = await emailedLink(base, email, 'activate');
  const password = `${last.normalize('NFD').replace(/[^A-Za-z]/g, '')}-Sesame-2026`;
  await call('POST', '/activation', {
    token: new URL(link).hash.replace('#token=', ''),
    password,
    password_confirmation: password,
  });
  const session = signIn ? (await call('POST', '/sessions', { email, password })).access_token : undefined;
  return { id: user.id, email, password, name: `${first} ${last}`, token: session };
}

/** On the user form: adds `establishment` and ticks the employee's roles there. */
export async function grantEmployeeAt(page, establishment) {
  await page.locator('#add-establishment').selectOption(establishment);
  await page.locator('#add-establishment-button').click();
  await page
    .locator(`.grant-block[data-est="${establishment}"]`)
    .getByLabel(/Employé/)
    .first()
    .check();
}

/** A page in a fresh French browser context, `width` px wide (a phone below 600, 800 px high). */
export async function newPage(width = 1280, { timeout = 30_000, ...options } = {}) {
  const context = await chrome.browser.newContext({
    locale: 'fr-CA',
    viewport: { width, height: width < 600 ? 800 : 900 },
    ...options,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  return page;
}
