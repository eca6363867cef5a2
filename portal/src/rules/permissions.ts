// The permission guide ("Quelles habilitations pour quoi ?"): for each
// permission of the API's catalogue, the screens it opens, worked out from
// the navigation's own rules (rules/nav.ts), so the guide cannot say
// something the menu does not do. A screen that needs two permissions at
// once (the employees' bank details: sensitive_data with manage_users) is
// listed under each, "with" the other. No DOM here (Vitest covers it).
import { FEATURES, type Feature, type Permission } from './employee';
import { navigation, navScreens } from './nav';
import type { HashScreen } from './routes';

/** Every feature switched on: the guide says what a permission can open, whatever the settings. */
const ALL_FEATURES: readonly Feature[] = FEATURES.map((f) => f.feature);

export interface PermissionScreens {
  /** The screens the permission opens on its own (beyond those everyone has). */
  alone: HashScreen[];
  /** The screens it opens only together with another permission. */
  with: { permission: Permission; screens: HashScreen[] }[];
}

function opened(held: readonly Permission[], features: readonly Feature[]): Set<HashScreen> {
  return new Set(navScreens(navigation({ status: 'active', manager: false, features, permissions: { e: held } })));
}

function minus(a: Set<HashScreen>, ...others: Set<HashScreen>[]): HashScreen[] {
  return [...a].filter((s) => !others.some((o) => o.has(s)));
}

/** The screens `permission` opens, alone and with each other permission of `catalogue`. */
export function screensOf(
  permission: Permission,
  catalogue: readonly Permission[],
  features: readonly Feature[] = ALL_FEATURES,
): PermissionScreens {
  const none = opened([], features);
  const alone = opened([permission], features);
  const together = catalogue
    .filter((other) => other !== permission)
    .map((other) => ({
      permission: other,
      screens: minus(opened([permission, other], features), alone, opened([other], features)),
    }))
    .filter((x) => x.screens.length > 0);
  return { alone: minus(alone, none), with: together };
}

/** The presets (of the catalogue, in its order) that include `permission`. */
export function presetsWith<P extends { id: string; permissions: readonly Permission[] }>(
  permission: Permission,
  presets: readonly P[],
): P[] {
  return presets.filter((p) => p.permissions.includes(permission));
}

/** The dictionary key of a permission's description ("what it lets a person do"). */
export function descriptionKey(permission: string): string {
  return `permdoc.${permission}`;
}

/**
 * The permissions the API declares (the `Permission` union of the generated
 * client, src/api/schema.d.ts, passed as text): what the guide must describe.
 */
export function declaredPermissions(schema: string): string[] {
  const m = /\bPermission:\s*((?:"[a-z_]+"\s*\|?\s*)+);/.exec(schema);
  if (!m) return [];
  return Array.from(m[1].matchAll(/"([a-z_]+)"/g), (x) => x[1]);
}
