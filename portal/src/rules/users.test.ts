import { describe, expect, it } from 'vitest';
import { bulkTargets, skipReason } from './users';

const people = [
  { id: 'a', status: 'active' as const },
  { id: 'd', status: 'draft' as const },
  { id: 'i', status: 'invited' as const },
  { id: 'x', status: 'disabled' as const },
];

describe('bulk actions on the users list', () => {
  it('sends invitations to those never invited or not yet activated', () => {
    const s = bulkTargets('resend', people);
    expect(s.reach.map((u) => u.id)).toEqual(['d', 'i']);
    expect(s.skip.map((x) => [x.user.id, x.reason])).toEqual([
      ['a', 'active'],
      ['x', 'active'],
    ]);
  });
  it('disables active accounts only, saying why the others are left out', () => {
    const s = bulkTargets('disable', people);
    expect(s.reach.map((u) => u.id)).toEqual(['a']);
    expect(s.skip.map((x) => [x.user.id, x.reason])).toEqual([
      ['d', 'notActive'],
      ['i', 'notActive'],
      ['x', 'disabled'],
    ]);
  });
  it('deletes anyone selected (the API refuses the last manager)', () => {
    expect(bulkTargets('delete', people).reach).toHaveLength(4);
    expect(skipReason('delete', 'active')).toBeNull();
  });
});
