import { describe, expect, it } from 'vitest';
import type { Permission } from './employee';
import { declaredPermissions, presetsWith, screensOf } from './permissions';

// The catalogue of GET /permissions today (src/catalogue.test.ts reads the live one from the generated client).
const CATALOGUE: Permission[] = [
  'manage_users',
  'request_replacements',
  'approve_hours',
  'dispatch',
  'own_timesheet',
  'leave',
  'expenses',
  'advances',
  'edit_own_profile',
  'edit_own_bank_details',
  'documents',
  'reports',
  'sensitive_data',
];

describe('the permission guide', () => {
  it('reads the permissions a generated client declares', () => {
    expect(declaredPermissions('Permission: "a_b" | "c";\n')).toEqual(['a_b', 'c']);
    expect(declaredPermissions('Other: "x";')).toEqual([]);
  });
  it('lists the screens a permission opens, from the navigation’s rules', () => {
    expect(screensOf('dispatch', CATALOGUE).alone).toEqual(['dispatch', 'worker-profiles']);
    expect(screensOf('manage_users', CATALOGUE).alone).toEqual(
      expect.arrayContaining(['users', 'requests', 'managers', 'establishments', 'permissions']),
    );
    expect(screensOf('leave', CATALOGUE).alone).toEqual(['leave']);
    // Seed 004's "Données des reporting": the payroll export's screen.
    expect(screensOf('reports', CATALOGUE)).toEqual({ alone: ['reports'], with: [] });
  });
  it('names the screens that need two permissions under each, "with" the other', () => {
    const sensitive = screensOf('sensitive_data', CATALOGUE);
    expect(sensitive.alone).toEqual([]);
    expect(sensitive.with).toEqual([{ permission: 'manage_users', screens: ['bank-reveal'] }]);
    expect(screensOf('manage_users', CATALOGUE).with).toContainEqual({
      permission: 'sensitive_data',
      screens: ['bank-reveal'],
    });
    expect(screensOf('request_replacements', CATALOGUE).with).toContainEqual({
      permission: 'approve_hours',
      screens: ['approvals'],
    });
  });
  it('follows the features switched on when asked', () => {
    expect(screensOf('leave', CATALOGUE, ['documents']).alone).toEqual([]);
  });
  it('finds the presets that include a permission, in the catalogue’s order', () => {
    const presets = [
      { id: 'employee', permissions: ['own_timesheet', 'documents'] as Permission[] },
      { id: 'worker', permissions: ['own_timesheet'] as Permission[] },
      { id: 'client', permissions: ['approve_hours'] as Permission[] },
    ];
    expect(presetsWith('own_timesheet', presets).map((p) => p.id)).toEqual(['employee', 'worker']);
    expect(presetsWith('dispatch', presets)).toEqual([]);
  });
});
