import { describe, expect, it } from 'vitest';
import { changedChoices, NOTIFICATIONS } from './notifications';

describe('notification choices', () => {
  it('sends only what her ticks change', () => {
    const current = NOTIFICATIONS.map((n) => ({ notification: n, on: n !== 'replacements' }));
    expect(changedChoices(current, (n) => n !== 'documents_shared')).toEqual({
      documents_shared: false,
      replacements: true,
    });
    expect(changedChoices(current, (n) => n !== 'replacements')).toEqual({});
  });
});
