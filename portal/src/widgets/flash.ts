// What the last action did, said once on the screen drawn after it: the
// message is kept for the next render (a re-render, or the screen a link
// opens), then shown and forgotten.
import { notice } from '../dom';
import { rerender } from '../router';

const KEY = 'sesame.flash';

/** The message the last action left, shown once (null when none). */
export function flash(): HTMLElement | null {
  const message = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  return message ? notice(message) : null;
}

/** Keeps `message` for the next render and draws the screen again. */
export function done(message: string): void {
  sessionStorage.setItem(KEY, message);
  rerender();
}
