import { describe, expect, it } from 'vitest';
import { candidates, mapProblem } from './problems';

describe('problem → field errors', () => {
  const problem = {
    type: 'urn:sesame:problem:invalid-input',
    title: 'Champs invalides',
    status: 422,
    detail: 'Des champs sont invalides.',
    errors: [
      { field: 'email', code: 'invalid', message: 'Adresse courriel invalide.' },
      { field: 'establishments[0].permissions[1]', code: 'unknown', message: 'Habilitation inconnue.' },
      { field: 'modifications[0].note', code: 'required', message: 'Note obligatoire.' },
      { field: 'nowhere', code: 'x', message: 'Autre.' },
    ],
  };
  it('walks up a JSON path to the nearest field', () => {
    expect(candidates('establishments[0].permissions[1]')).toEqual([
      'establishments[0].permissions[1]',
      'establishments[0].permissions',
      'establishments[0]',
      'establishments',
    ]);
  });
  it('places each message next to its field, the rest at the top, with aliases', () => {
    const fields = new Set(['email', 'establishments[0]', 'modifications[3].note']);
    const m = mapProblem(problem, (n) => fields.has(n), { 'modifications[0].note': 'modifications[3].note' });
    expect(m.fields.get('email')).toEqual(['Adresse courriel invalide.']);
    expect(m.fields.get('establishments[0]')).toEqual(['Habilitation inconnue.']);
    expect(m.fields.get('modifications[3].note')).toEqual(['Note obligatoire.']);
    expect(m.general).toEqual(['Autre.']);
  });
  it('gives the detail when there is no field', () => {
    expect(mapProblem({ ...problem, errors: null }, () => true).general).toEqual(['Des champs sont invalides.']);
  });
});
