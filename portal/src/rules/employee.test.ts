import { describe, expect, it } from 'vitest';
import {
  bankMinutes,
  formatSignedMinutes,
  MAX_BANK_MINUTES,
  addWeeks,
  banksFor,
  canadianProblems,
  featureOf,
  formatAmount,
  formatMinutes,
  halfDays,
  leaveLength,
  ibanValid,
  leaveBody,
  type LeaveBank,
  leaveImpact,
  leaveProblems,
  mondayOf,
  normaliseIban,
  parseAmount,
  parseHours,
  spaceMenu,
  thresholdMinutes,
  weekDays,
} from './employee';
import { route } from './routes';

describe('amounts typed as people write them → integer cents', () => {
  it('reads a comma or a point, thousands spaces, whole amounts', () => {
    expect(parseAmount('12,34')).toEqual({ cents: 1234 });
    expect(parseAmount('12.34')).toEqual({ cents: 1234 });
    expect(parseAmount('12,3')).toEqual({ cents: 1230 });
    expect(parseAmount('12')).toEqual({ cents: 1200 });
    expect(parseAmount(' 1 234,56 ')).toEqual({ cents: 123456 });
    expect(parseAmount('1\u00a0234,56')).toEqual({ cents: 123456 });
    expect(parseAmount('0,05')).toEqual({ cents: 5 });
    expect(parseAmount('12,34$')).toEqual({ cents: 1234 });
  });
  it('refuses negative, zero and unreadable amounts (never drops a sign or a digit)', () => {
    expect(parseAmount('-5')).toEqual({ error: 'negative' });
    expect(parseAmount('-12,34')).toEqual({ error: 'negative' });
    expect(parseAmount('0')).toEqual({ error: 'zero' });
    expect(parseAmount('0,00')).toEqual({ error: 'zero' });
    for (const bad of ['', '12,345', '12,34,5', 'douze', '1e3', '12 ,34x', '--5', '12.']) {
      expect(parseAmount(bad)).toEqual({ error: 'invalid' });
    }
  });
  it('formats cents as the API’s emails do', () => {
    expect(formatAmount(1234, 'CAD', 'fr')).toBe('12,34 CAD');
    expect(formatAmount(1234, 'CAD', 'en')).toBe('CAD 12.34');
    expect(formatAmount(5, 'EUR', 'fr')).toBe('0,05 EUR');
  });
});

describe('the leave form → the API body, half days counted as the API counts them', () => {
  const form = {
    leave_type: 'vacation',
    start_date: '2027-04-05',
    end_date: '2027-04-06',
    comment: '  Rendez-vous ',
    start_half: 'morning',
    end_half: 'morning',
  };
  it('maps the half-day choices and trims the comment', () => {
    expect(leaveBody(form)).toEqual({
      leave_type: 'vacation',
      start_date: '2027-04-05',
      start_half: 'morning',
      end_date: '2027-04-06',
      end_half: 'morning',
      bank_id: null,
      comment: 'Rendez-vous',
    });
    expect(leaveBody({ ...form, bank_id: 'b1' }).bank_id).toBe('b1');
    expect(leaveBody({ ...form, start_half: 'afternoon', end_half: '', comment: '' })).toMatchObject({
      start_half: 'afternoon',
      end_half: 'afternoon',
      comment: null,
    });
    expect(leaveBody({ ...form, leave_type: '', start_date: '' })).toMatchObject({
      leave_type: null,
      start_date: null,
    });
  });
  it('offers the banks of the leave’s kind and says what a leave takes from the chosen one', () => {
    const banks = [
      {
        id: 'ot',
        name: 'Heures supplémentaires',
        leave_type: 'personal',
        rule: { type: 'none' },
        balance_minutes: 150,
      },
      { id: 'b1', name: 'Vacances', leave_type: 'vacation', rule: { type: 'none' }, balance_minutes: 600 },
    ] as LeaveBank[];
    expect(banksFor(banks, 'vacation').map((b) => b.id)).toEqual(['b1']);
    expect(banksFor(banks, 'sick')).toEqual([]);
    // 5 half days of a 7 h day against 10,00 h: 17,50 h, the balance would go to -7,50 h.
    expect(leaveImpact(5, 420, 600, false)).toEqual({
      minutes: 1050,
      before: 600,
      after: -450,
      exceeds: true,
      refused: true,
    });
    expect(leaveImpact(5, 420, 600, true)).toMatchObject({ exceeds: true, refused: false });
    // Down to zero exactly is within the balance.
    expect(leaveImpact(2, 300, 300, false)).toMatchObject({ after: 0, exceeds: false, refused: false });
    // Half a working day of an odd number of minutes is rounded down, as the API does.
    expect(leaveImpact(1, 425, 1000, false).minutes).toBe(212);
  });
  it('counts working half days (Monday to Friday)', () => {
    expect(halfDays('2027-04-05', 'morning', '2027-04-06', 'morning')).toBe(3); // Monday to Tuesday noon
    expect(halfDays('2027-04-05', 'afternoon', '2027-04-05', 'afternoon')).toBe(1);
    expect(halfDays('2027-04-05', 'morning', '2027-04-11', 'afternoon')).toBe(10); // the weekend is not counted
    expect(halfDays('2027-04-10', 'morning', '2027-04-11', 'afternoon')).toBe(0);
    expect(halfDays('2027-04-06', 'morning', '2027-04-05', 'afternoon')).toBeNull();
    expect(halfDays('2027-04-05', 'afternoon', '2027-04-05', 'morning')).toBeNull();
    expect(halfDays('2027-02-30', 'morning', '2027-03-01', 'afternoon')).toBeNull();
  });
  it('says "end before start" and "no working day" on their fields before sending', () => {
    expect(leaveProblems(leaveBody({ ...form, start_date: '2027-04-06', end_date: '2027-04-05' }))).toEqual({
      end_date: 'endBeforeStart',
    });
    expect(
      leaveProblems(leaveBody({ ...form, start_date: '2027-04-10', end_date: '2027-04-11', end_half: 'afternoon' })),
    ).toEqual({ start_date: 'noWorkingDay' });
    expect(leaveProblems(leaveBody(form))).toEqual({});
    expect(leaveProblems(leaveBody({ ...form, end_date: '' }))).toEqual({});
  });
});

describe('the features switched on → the space menu', () => {
  const employee = {
    status: 'active',
    manager: false,
    features: ['documents', 'absences', 'bank_details'] as const,
    permissions: { est: ['leave', 'documents', 'edit_own_bank_details', 'expenses'] as const },
  };
  it('shows only the features on, in the menu’s order', () => {
    expect(
      spaceMenu({
        ...employee,
        features: [...employee.features],
        permissions: { est: [...employee.permissions.est] },
      }).map((e) => e.feature),
    ).toEqual(['absences', 'bank_details', 'documents']);
  });
  it('leaves out a feature on whose permission she lacks, and everything when not active', () => {
    expect(
      spaceMenu({ ...employee, features: ['absences', 'advances'], permissions: { est: ['leave'] } }).map(
        (e) => e.screen,
      ),
    ).toEqual(['leave']);
    expect(
      spaceMenu({ ...employee, status: 'disabled', features: ['absences'], permissions: { est: ['leave'] } }),
    ).toEqual([]);
    expect(spaceMenu(null)).toEqual([]);
  });
  it('gives a manager every feature on, and nothing switched off', () => {
    expect(
      spaceMenu({ status: 'active', manager: true, features: ['working_hours', 'advances'], permissions: {} }).map(
        (e) => e.screen,
      ),
    ).toEqual(['hours', 'advances']);
    expect(spaceMenu({ status: 'active', manager: true, features: [], permissions: {} })).toEqual([]);
  });
  it('knows each screen’s feature', () => {
    expect(featureOf('expenses')).toBe('expense_notes');
    expect(featureOf('profile')).toBe('personal_info');
    expect(featureOf('users')).toBeNull();
  });
});

describe('hours and weeks', () => {
  it('reads hours as "7,5", "7.25", "7:30", "7h30", "" and refuses the rest', () => {
    expect(parseHours('7,5')).toBe(450);
    expect(parseHours('7.25')).toBe(435);
    expect(parseHours('7:30')).toBe(450);
    expect(parseHours('7h30')).toBe(450);
    expect(parseHours('8h')).toBe(480);
    expect(parseHours('')).toBe(0);
    expect(parseHours('24')).toBe(1440);
    for (const bad of ['25', '7:75', '-1', 'sept', '7,5,5']) expect(parseHours(bad)).toBeNull();
  });
  it('reads a weekly threshold in hours', () => {
    expect(thresholdMinutes('40')).toBe(2400);
    expect(thresholdMinutes('37,5')).toBe(2250);
    expect(thresholdMinutes('169')).toBeNull();
    expect(thresholdMinutes('x')).toBeNull();
  });
  it('formats minutes as hours', () => {
    expect(formatMinutes(450, 'fr')).toBe('7,50 h');
    expect(formatMinutes(-630, 'en')).toBe('-10.50 h');
  });
  it('finds the Monday and the seven days of a week', () => {
    expect(mondayOf('2027-04-08')).toBe('2027-04-05');
    expect(mondayOf('2027-04-11')).toBe('2027-04-05');
    expect(mondayOf('2027-04-05')).toBe('2027-04-05');
    expect(weekDays('2027-03-29')).toEqual([
      '2027-03-29',
      '2027-03-30',
      '2027-03-31',
      '2027-04-01',
      '2027-04-02',
      '2027-04-03',
      '2027-04-04',
    ]);
    expect(addWeeks('2027-04-05', -1)).toBe('2027-03-29');
    expect(addWeeks('2027-12-27', 1)).toBe('2028-01-03');
  });
});

describe('bank details', () => {
  it('checks IBAN check digits (ISO 13616, mod 97)', () => {
    expect(ibanValid('FR14 2004 1010 0505 0001 3M02 606')).toBe(true);
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('de89370400440532013000')).toBe(true);
    expect(ibanValid('FR76 3000 6000 0112 3456 7890 188')).toBe(false);
    expect(ibanValid('GB83 WEST 1234 5698 7654 32')).toBe(false);
    expect(ibanValid('1234')).toBe(false);
    expect(normaliseIban('fr14 2004-1010')).toBe('FR1420041010');
  });
  it('checks Canadian numbers by their digit counts', () => {
    expect(canadianProblems('12345', '003', '1234567')).toEqual({});
    expect(canadianProblems('1234', '03', '123456')).toEqual({
      transit: 'digits',
      institution: 'digits',
      account: 'digits',
    });
    expect(canadianProblems('12345', '003', '1234567890123')).toEqual({ account: 'digits' });
  });
});

describe('the employee-space routes', () => {
  it('opens the email-change link as a page with its token', () => {
    expect(route('/confirm-email', '#token=abc_DEF-1')).toEqual({
      screen: 'confirm-email',
      params: {},
      token: 'abc_DEF-1',
    });
  });
  it('routes every feature screen and the manager’s screens', () => {
    for (const [path, screen] of [
      ['space/leave', 'leave'],
      ['space/expenses', 'expenses'],
      ['space/hours', 'hours'],
      ['space/advances', 'advances'],
      ['space/profile', 'profile'],
      ['space/bank', 'bank'],
      ['space/documents', 'documents'],
      ['decisions', 'decisions'],
      ['hour-banks', 'hour-banks'],
      ['documents/share', 'share-document'],
      ['bank-details', 'bank-reveal'],
    ]) {
      expect(route('/', `#/org/o1/${path}`)).toEqual({ screen, params: { org: 'o1' } });
    }
    expect(route('/', '#/org/o1/space/hours?week=2027-04-05').screen).toBe('hours');
  });
});

describe('leaveLength', () => {
  it('writes a leave in days and half days, never "6 ½ j"', () => {
    expect(leaveLength(6, 'fr')).toBe('3 jours (6 demi-journées)');
    expect(leaveLength(3, 'fr')).toBe('1,5 jour (3 demi-journées)');
    expect(leaveLength(1, 'fr')).toBe('0,5 jour (1 demi-journée)');
    expect(leaveLength(13, 'fr')).toBe('6,5 jours (13 demi-journées)');
    expect(leaveLength(3, 'en')).toBe('1.5 days (3 half days)');
    expect(leaveLength(2, 'en')).toBe('1 day (2 half days)');
  });
});

describe('the hours of a bank movement', () => {
  it('reads signed hours as people type them', () => {
    expect(bankMinutes('8')).toBe(480);
    expect(bankMinutes('+2,5')).toBe(150);
    expect(bankMinutes('-1.25')).toBe(-75);
    expect(bankMinutes('-1:30')).toBe(-90);
    expect(bankMinutes(' 3h15 ')).toBe(195);
    expect(bankMinutes('−2')).toBe(-120);
    expect(bankMinutes('2000')).toBe(MAX_BANK_MINUTES);
  });
  it('refuses what it cannot read, or beyond 2,000 h, rather than guess', () => {
    for (const bad of ['', 'abc', '1:75', '2001', '--1', '1,234', '1 2']) expect(bankMinutes(bad), bad).toBeNull();
  });
  it('writes a movement with its sign', () => {
    expect(formatSignedMinutes(90, 'fr')).toBe('+1,50 h');
    expect(formatSignedMinutes(-90, 'en')).toBe('-1.50 h');
    expect(formatSignedMinutes(0, 'fr')).toBe('0,00 h');
  });
});
