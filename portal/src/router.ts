// Navigation in the browser: a screen draws a `Match` (see rules/routes.ts
// for the routes and the screen ids), `go` opens a hash screen, `rerender`
// draws the current one again. Screens import this module; only main.ts
// imports the screens, so the modules' graph has no cycle.
import { type HashScreen, type LinkArgs, type Match, pathOf } from './rules/routes';

export type Screen = (match: Match) => Promise<HTMLElement> | HTMLElement;

/** Opens a hash screen (from an emailed link's page too). */
export function go<S extends HashScreen>(screen: S, ...args: LinkArgs<S>): void {
  const path = pathOf(screen, ...args);
  if (location.pathname !== '/') {
    location.assign(`/#${path}`);
  } else {
    location.hash = `#${path}`;
  }
}

/** Draws the current screen again (after a change). */
export function rerender(): void {
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
