// The emails a person may choose not to receive (seed 002), as the API
// lists them, and what a form's ticks change. No DOM here (Vitest covers it).
import type { Schemas } from '../api/client';

export type Notification = Schemas['Notification'];

/** Every choice, in the order the screens show them (the API's catalogue; a test checks they agree). */
export const NOTIFICATIONS: readonly Notification[] = [
  'member_activated',
  'requests_decided',
  'documents_shared',
  'replacements',
];

/**
 * What to send for her ticks: only what differs from what she receives now
 * (so an email she never chose keeps following the organisation's default).
 */
export function changedChoices(
  current: readonly { notification: Notification; on: boolean }[],
  ticked: (n: Notification) => boolean,
): Partial<Record<Notification, boolean>> {
  const changes: Partial<Record<Notification, boolean>> = {};
  for (const c of current) if (ticked(c.notification) !== c.on) changes[c.notification] = ticked(c.notification);
  return changes;
}
