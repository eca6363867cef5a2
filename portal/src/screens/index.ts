import type { Match } from '../router';
import { publicScreens } from './public';
import { consoleScreens } from './console';
import { clientScreens } from './client';
import { spaceScreens } from './space';
import { employeeScreens } from './employee';
import { teamScreens } from './team';

export type Screen = (match: Match) => Promise<HTMLElement> | HTMLElement;

export const screens: Record<string, Screen> = {
  ...publicScreens,
  ...consoleScreens,
  ...clientScreens,
  ...spaceScreens,
  ...employeeScreens,
  ...teamScreens,
};

/** Draws the current screen again (after a change). */
export function rerender(): void {
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
