// The screens' registry: every screen id (rules/routes.ts) has exactly one
// screen. Only main.ts imports it; the screens import the router, never this.
import type { Screen } from '../router';
import type { ScreenId } from '../rules/routes';
import { bankScreens } from './banks';
import { clientScreens } from './client';
import { consoleScreens } from './console';
import { employeeScreens } from './employee';
import { homeScreens } from './home';
import { operatorScreens } from './operator';
import { permissionScreens } from './permissions';
import { publicScreens } from './public';
import { spaceScreens } from './space';
import { teamScreens } from './team';
import { workerScreens } from './workers';

export const screens: Record<ScreenId, Screen> = {
  ...publicScreens,
  ...consoleScreens,
  ...clientScreens,
  ...spaceScreens,
  ...employeeScreens,
  ...teamScreens,
  ...bankScreens,
  ...workerScreens,
  ...permissionScreens,
  ...operatorScreens,
  // The persona's home (what waits for her) replaces space.ts's landing redirect.
  ...homeScreens,
};
