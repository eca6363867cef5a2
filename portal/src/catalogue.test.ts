// The permission guide describes every permission of the API's catalogue:
// the `Permission` union of the generated client (src/api/schema.d.ts,
// regenerated from the Rust registry by `scripts/portal.sh check`), so a
// permission added to the API fails here until it has its label and its
// description in French and in English. (The guide's rows come from
// GET /permissions at run time: the new permission shows up by itself.)
import { describe, expect, it } from 'vitest';
import schema from './api/schema.d.ts?raw';
import { dictionaries } from './i18n';
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
