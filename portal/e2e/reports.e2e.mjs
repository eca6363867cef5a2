// Seed 004's "Données des reporting" in headless Chromium: the manager opens
// "Rapports", shows a period's figures (approved hours per establishment,
// replacements per status, leave taken) at 1280 and 375 px, and downloads
// the payroll export and the figures as CSV, each download said.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { base, chrome, DEMO, signIn, snap, withRunner } from './harness.mjs';

withRunner();

test('the manager shows a period’s figures and downloads the payroll export and the figures as CSV', async () => {
  const context = await chrome.browser.newContext({
    locale: 'fr-CA',
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await signIn(page, base, DEMO.manager, DEMO.password);
  await page.locator('#site-nav').waitFor({ state: 'attached' });
  await page.getByRole('link', { name: 'Rapports', exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Rapports' }).waitFor();
  await page.getByLabel('Du').fill('2026-01-01');
  await page.getByLabel('Au').fill('2026-12-31');
  await page.getByRole('button', { name: 'Afficher les chiffres' }).click();
  await page.getByRole('heading', { name: 'Heures approuvées par établissement' }).waitFor();
  await page.getByRole('heading', { name: 'Remplacements par statut' }).waitFor();
  await page.getByRole('heading', { name: 'Congés pris' }).waitFor();
  await page.getByText('Chiffres du 2026-01-01 au 2026-12-31.').waitFor();
  const axe = await new AxeBuilder({ page }).analyze();
  assert.deepEqual(
    axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? '')).map((v) => v.id),
    [],
  );
  await snap(page, 'figures-1280');

  const [payroll] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger l’export de paie (CSV)' }).click(),
  ]);
  assert.equal(payroll.suggestedFilename(), 'paie-2026-01-01-2026-12-31.csv');
  const lines = readFileSync(await payroll.path(), 'utf8')
    .trim()
    .split('\n');
  assert.match(lines[0], /^date,establishment,/);
  await page.getByText(/Export de paie du 2026-01-01 au 2026-12-31 téléchargé/).waitFor();

  const [figures] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger les chiffres (CSV)' }).click(),
  ]);
  assert.equal(figures.suggestedFilename(), 'rapports-2026-01-01-2026-12-31.csv');
  assert.match(readFileSync(await figures.path(), 'utf8'), /^figure,of,count,value/);
  await page.getByText(/Chiffres du 2026-01-01 au 2026-12-31 téléchargés/).waitFor();

  // A period that ends before it starts is refused next to its field.
  await page.getByLabel('Au').fill('2025-12-31');
  await page.getByRole('button', { name: 'Afficher les chiffres' }).click();
  await page.getByText('La fin de la période précède son début.').waitFor();

  await page.setViewportSize({ width: 375, height: 812 });
  await snap(page, 'figures-375');
  await context.close();
});
