import { describe, expect, it } from 'vitest';
import { actionParts, changeLines, csv, csvCell, formatChange, formatValue, type Words } from './audit';

const words: Words = {
  field: (f) => ({ status: 'Statut', manager: 'Gestionnaire', name: 'Nom' })[f] ?? null,
  value: (f, v) => (f === 'status' ? ({ active: 'Actif', disabled: 'Désactivé' }[v] ?? null) : null),
  yes: 'Oui',
  no: 'Non',
  empty: '—',
};

describe('audit changes', () => {
  it('reads each field with its value before and after', () => {
    const lines = changeLines({ status: { before: 'active', after: 'disabled' }, manager: { after: true } });
    expect(lines.map((l) => formatChange(l, words))).toEqual(['Statut : Actif → Désactivé', 'Gestionnaire : Oui']);
  });
  it('keeps a field that had no value before as "—"', () => {
    const [line] = changeLines({ name: { before: null, after: 'Rosemont' } });
    expect(formatChange(line, words)).toBe('Nom : — → Rosemont');
  });
  it('names unknown fields as they are and lists nested values in words, never as JSON', () => {
    const [line] = changeLines({ features: { after: { absences: true, expense_notes: false } } });
    const text = formatChange(line, words);
    expect(text).toBe('features : absences : Oui ; expense_notes : Non');
    expect(text).not.toContain('{');
  });
  it('has no line for no changes', () => {
    expect(changeLines({})).toEqual([]);
    expect(changeLines(null)).toEqual([]);
  });
  it('writes lists joined and empty lists as "—"', () => {
    expect(formatValue('x', ['a', 'b'], words)).toBe('a, b');
    expect(formatValue('x', [], words)).toBe('—');
  });
});

describe('audit CSV', () => {
  it('quotes cells with separators or quotes, and neutralises formulas', () => {
    expect(csvCell('Tremblay; Zoé')).toBe('"Tremblay; Zoé"');
    expect(csvCell('dit "bonjour"')).toBe('"dit ""bonjour"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1')).toBe("'-1");
  });
  it('starts with a byte-order mark and ends lines with CRLF', () => {
    expect(
      csv([
        ['Date', 'Action'],
        ['2026-12-01', 'Compte désactivé'],
      ]),
    ).toBe('\uFEFFDate;Action\r\n2026-12-01;Compte désactivé\r\n');
  });
});

describe('audit actions', () => {
  it('splits a code into its kind and verb', () => {
    expect(actionParts('leave.submitted')).toEqual({ kind: 'leave', verb: 'submitted' });
    expect(actionParts('odd')).toEqual({ kind: 'odd', verb: '' });
  });
});

describe('audit nested values', () => {
  it('names nested keys with the words given (an establishment id by its name)', () => {
    const named: Words = { ...words, field: (f) => (f === 'est-1' ? 'Rosemont' : words.field(f)), sep: ': ' };
    const [line] = changeLines({ grants: { after: { 'est-1': ['leave'] } } });
    expect(formatChange(line, named)).toBe('grants: Rosemont: leave');
  });
});
