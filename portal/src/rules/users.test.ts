import { describe, expect, it } from 'vitest';
import { bulkTargets, managedCompanies, skipReason } from './users';

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

describe('the companies a manager manages', () => {
  const m = (org_id: string, org_name: string, o: Partial<Parameters<typeof managedCompanies>[0][number]> = {}) => ({
    org_id,
    org_name,
    status: 'active' as const,
    manager: false,
    permissions: {},
    ...o,
  });
  it('counts those where she is a manager or holds manage_users, active, by name', () => {
    const list = managedCompanies([
      m('o3', 'CPE Zèbre', { manager: true }),
      m('o1', 'CPE Abeilles', { permissions: { e1: ['leave', 'manage_users'] } }),
      m('o2', 'CPE Castors', { permissions: { e2: ['leave'] } }),
      m('o4', 'CPE Dauphins', { manager: true, status: 'disabled' }),
    ]);
    expect(list).toEqual([
      { org_id: 'o1', org_name: 'CPE Abeilles' },
      { org_id: 'o3', org_name: 'CPE Zèbre' },
    ]);
  });
});
