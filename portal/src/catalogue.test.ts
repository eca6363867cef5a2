// The permission guide describes every permission of the API's catalogue:
// the `Permission` union of the generated client (src/api/schema.d.ts,
// regenerated from the Rust registry by `scripts/portal.sh check`), so a
// permission added to the API fails here until it has its label and its
// description in French and in English. (The guide's rows come from
// GET /permissions at run time: the new permission shows up by itself.)
import { describe, expect, it } from 'vitest';
import schema from './api/schema.d.ts?raw';
import { dictionaries } from './i18n';
import { NOTIFICATIONS } from './rules/notifications';
import { declaredPermissions, descriptionKey } from './rules/permissions';

const CATALOGUE = declaredPermissions(schema);

describe('the permission catalogue', () => {
  it('is read from the generated client', () => {
    expect(CATALOGUE).toContain('manage_users');
    expect(CATALOGUE).toContain('sensitive_data');
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(13);
  });
  it('has, for every permission, a label and a description of what it lets a person do, in French and English', () => {
    const missing: string[] = [];
    for (const p of CATALOGUE) {
      for (const key of [`perm.${p}`, descriptionKey(p)]) {
        for (const lang of ['fr', 'en'] as const) {
          const text = (dictionaries[lang] as Record<string, string | undefined>)[key];
          if (!text?.trim()) missing.push(`${lang}: ${key}`);
        }
      }
    }
    expect(missing, 'permissions of the catalogue without their texts').toEqual([]);
  });
});

describe('the notification choices', () => {
  it('list every notification of the generated client, each with its label in French and English', () => {
    const m = /\bNotification:\s*((?:"[a-z_]+"\s*\|?\s*)+);/.exec(schema);
    const declared = m ? Array.from(m[1].matchAll(/"([a-z_]+)"/g), (x) => x[1]) : [];
    expect(declared.length).toBeGreaterThanOrEqual(4);
    expect([...NOTIFICATIONS].sort()).toEqual([...declared].sort());
    for (const n of declared)
      for (const lang of ['fr', 'en'] as const)
        expect((dictionaries[lang] as Record<string, string | undefined>)[`notify.${n}`], `${lang}: ${n}`).toBeTruthy();
  });
});
