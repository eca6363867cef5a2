// From a problem's `errors` (fields named as JSON paths, e.g.
// `establishments[0].permissions[1]`) to the form fields that show them.
import type { Problem } from '../api/client';

export interface FieldMessages {
  /** Field name → messages shown next to that field. */
  fields: Map<string, string[]>;
  /** Messages with no field on the form (shown at the top). */
  general: string[];
}

/** `a[0].b[1]` → [`a[0].b[1]`, `a[0].b`, `a[0]`, `a`]: the nearest field that exists wins. */
export function candidates(path: string): string[] {
  const out: string[] = [path];
  let p = path;
  for (;;) {
    const next = p.replace(/(\[\d+\]|\.[^.[\]]+)$/, '');
    if (next === p || next === '') break;
    out.push(next);
    p = next;
  }
  return out;
}

/**
 * Places each refused field on the form field that best matches it (see
 * `candidates`); an alias map renames API fields to form fields. A problem
 * without `errors` gives its detail as a general message.
 */
export function mapProblem(
  problem: Problem,
  hasField: (name: string) => boolean,
  aliases: Record<string, string> = {},
): FieldMessages {
  const fields = new Map<string, string[]>();
  const general: string[] = [];
  const errors = problem.errors ?? [];
  if (errors.length === 0) {
    general.push(problem.detail || problem.title);
    return { fields, general };
  }
  for (const e of errors) {
    const target = candidates(e.field)
      .map((c) => aliases[c] ?? c)
      .find((c) => hasField(c));
    if (target) {
      const list = fields.get(target) ?? [];
      if (!list.includes(e.message)) list.push(e.message);
      fields.set(target, list);
    } else {
      general.push(e.message);
    }
  }
  if (general.length === 0 && fields.size === 0) general.push(problem.detail);
  return { fields, general };
}
