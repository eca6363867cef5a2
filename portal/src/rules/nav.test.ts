import { describe, expect, it } from 'vitest';
import type { Feature, Permission } from './employee';
import { groupOf, menuAfterKey, navigation, navScreens } from './nav';

const ALL_FEATURES: Feature[] = [
  'absences',
  'expense_notes',
  'working_hours',
  'advances',
  'personal_info',
  'bank_details',
  'documents',
];
// The API's role presets (GET /permissions); the browser test checks them against the live catalogue.
const PRESETS: Record<string, Permission[]> = {
  employee: [
    'own_timesheet',
    'leave',
    'expenses',
    'advances',
    'edit_own_profile',
    'edit_own_bank_details',
    'documents',
  ],
  client: ['request_replacements', 'approve_hours'],
  replacement_worker: ['own_timesheet', 'edit_own_profile', 'documents'],
  dispatcher: ['dispatch', 'reports'],
};

function member(permissions: Permission[], manager = false, features = ALL_FEATURES) {
  return { status: 'active', manager, features, permissions: { e1: permissions } };
}
const groups = (m: ReturnType<typeof member> | null, assignments?: boolean) =>
  Object.fromEntries(navigation(m, { assignments }).map((g) => [g.id, g.screens]));

describe('navigation by persona', () => {
  it('gives an operator the recovery of organisations, even with no organisation of her own, and no one else', () => {
    expect(navigation(null, { operator: true }).map((g) => g.id)).toEqual(['operator', 'space']);
    expect(navScreens(navigation(null, { operator: true }))).toContain('operator');
    expect(navScreens(navigation(null))).not.toContain('operator');
  });
  it('gives a manager every group, people first and her own space last', () => {
    const nav = navigation(member([], true));
    expect(nav.map((g) => g.id)).toEqual(['people', 'replacements', 'team', 'organisation', 'space']);
    expect(groups(member([], true)).people).toEqual(['users', 'requests', 'managers', 'establishments', 'permissions']);
    expect(groups(member([], true)).organisation).toEqual(['organisation', 'settings', 'security-key', 'audit']);
    expect(groups(member([], true)).team).toEqual(['decisions', 'hour-banks', 'share-document', 'bank-reveal']);
    // A manager is no replacement worker until a service assigns her.
    expect(groups(member([], true)).replacements).toEqual([
      'replacements',
      'approvals',
      'dispatch',
      'worker-profiles',
      'reports',
    ]);
    expect(groups(member([], true), true).replacements).toContain('worker');
  });
  it('gives an employee her space only: no "Mes remplacements", no decisions', () => {
    expect(groups(member(PRESETS.employee))).toEqual({
      space: ['space', 'leave', 'expenses', 'hours', 'advances', 'profile', 'bank', 'documents'],
    });
  });
  it('shows "Mes remplacements" to an employee a service has assigned', () => {
    expect(groups(member(PRESETS.employee), true).replacements).toEqual(['worker', 'offers', 'availability']);
  });
  it('gives a client the replacements and their approval, not the employees’ decisions', () => {
    expect(groups(member(PRESETS.client))).toEqual({ replacements: ['replacements', 'approvals'], space: ['space'] });
  });
  it('gives a replacement worker her assignments and her space', () => {
    expect(groups(member(PRESETS.replacement_worker))).toEqual({
      replacements: ['worker', 'offers', 'availability'],
      space: ['space', 'hours', 'profile', 'documents'],
    });
  });
  it('gives the dispatcher preset the dispatch screen and the reports, without the client’s list', () => {
    expect(groups(member(PRESETS.dispatcher)).replacements).toEqual(['dispatch', 'worker-profiles', 'reports']);
    expect(groups(member([...PRESETS.dispatcher, 'request_replacements'])).replacements).toEqual([
      'replacements',
      'dispatch',
      'worker-profiles',
      'reports',
    ]);
  });
  it('opens the reports to a holder of reports alone', () => {
    expect(groups(member(['reports'])).replacements).toEqual(['reports']);
  });
  it('gives a holder of manage_users the people and the requests’ decisions, not the organisation', () => {
    const g = groups(member(['manage_users']));
    expect(g.people).toEqual(['users', 'requests', 'managers', 'establishments', 'permissions']);
    expect(g.team).toEqual(['decisions']);
    expect(g.organisation).toBeUndefined();
  });
  it('gives a team lead who approves hours the weeks’ decisions when working hours are on', () => {
    expect(groups(member(['approve_hours'])).team).toEqual(['decisions']);
    expect(groups(member(['approve_hours'], false, ['absences'])).team).toBeUndefined();
  });
  it('shows the bank details of employees to sensitive_data with manage_users only', () => {
    expect(groups(member(['sensitive_data'])).team).toBeUndefined();
    expect(groups(member(['sensitive_data', 'manage_users'])).team).toContain('bank-reveal');
  });
  it('shows nothing but "Mon espace" without roles, to an invited or disabled member, or without organisation', () => {
    expect(groups(member([]))).toEqual({ space: ['space'] });
    expect(groups({ ...member([], true), status: 'disabled' })).toEqual({ space: ['space'] });
    expect(groups(null)).toEqual({ space: ['space'] });
  });
  it('hides the space features switched off', () => {
    expect(groups(member(PRESETS.employee, false, ['absences', 'documents'])).space).toEqual([
      'space',
      'leave',
      'documents',
    ]);
  });
});

describe('navigation helpers', () => {
  it('lists every screen home first, and finds a screen’s group', () => {
    const nav = navigation(member(PRESETS.client));
    expect(navScreens(nav)).toEqual(['home', 'replacements', 'approvals', 'space']);
    expect(groupOf(nav, 'approvals')).toBe('replacements');
    expect(groupOf(nav, 'users')).toBeNull();
  });
  it('closes the phone menu on Escape only', () => {
    expect(menuAfterKey(true, 'Escape')).toBe(false);
    expect(menuAfterKey(true, 'Tab')).toBe(true);
    expect(menuAfterKey(false, 'Enter')).toBe(false);
  });
});
