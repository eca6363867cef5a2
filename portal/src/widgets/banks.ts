// A person's bank movements as a table (her timesheet, her manager's
// screen): when, which bank, what moved it, the hours, the balance left,
// the note; and, for the manager, who made it.
import type { Schemas } from '../api/client';
import { h } from '../dom';
import { formatDateTime, locale, t, tk } from '../i18n';
import { formatMinutes, formatSignedMinutes } from '../rules/employee';
import { table, text } from './layout';

/** What a movement was, in words: "Ajustement", "Semaine du 2026-12-07 approuvée"… */
export function movementLabel(m: Schemas['MovementView']): string {
  if (m.movement === 'week') return t('banks.mv.week', { monday: m.source ?? '' });
  return tk('banks.mv', m.movement);
}

/** One person's history: date, bank, movement, hours, balance left, note, by whom. */
export function historyTable(movements: Schemas['MovementView'][], withBy: boolean): HTMLElement {
  if (movements.length === 0) return h('p', { class: 'hint' }, t('banks.noHistory'));
  const lang = locale();
  return table(
    [
      t('banks.when'),
      t('banks.bank'),
      t('banks.movement'),
      t('banks.hours'),
      t('banks.after'),
      t('banks.note'),
      ...(withBy ? [t('banks.by')] : []),
    ],
    movements.map((m) => [
      text(formatDateTime(m.at)),
      text(m.bank_name),
      text(movementLabel(m)),
      text(formatSignedMinutes(m.minutes, lang)),
      text(formatMinutes(m.balance_after_minutes, lang)),
      text(m.note),
      ...(withBy ? [text(m.by_name)] : []),
    ]),
  );
}
