// A bulk action's run, shown as it goes: its title, a progress bar with
// "2 sur 5…" (a status, so screen readers hear it), then one line per
// person as each answer arrives — done (✓), refused with the API's problem
// title (✕), or left out with the reason (–) — colour and words alike.
// The people are acted on one after the other (each request stays within
// the API's call budget, and the progress says where it stands).
import './flows.css';
import { ApiProblem } from '../api/client';
import { clear, h } from '../dom';
import { t } from '../i18n';

export interface BulkRun<U> {
  title: string;
  reach: U[];
  skipped: { user: U; text: string }[];
  /** Acts on one person (rejects with the API's problem). */
  act: (user: U) => Promise<unknown>;
  /** The line of a person done: "Marie Tremblay : compte désactivé". */
  done: (user: U) => string;
  /** The line of a person refused: "Luc Roy : refusé — Dernier gestionnaire". */
  refused: (user: U, reason: string) => string;
}

export interface BulkOutcome<U> {
  done: U[];
  refused: U[];
}

function line(kind: 'ok' | 'refused' | 'skipped', text: string, detail?: string): HTMLElement {
  const icon = { ok: '✓', refused: '✕', skipped: '–' }[kind];
  return h(
    'li',
    { class: `bulk-line ${kind}` },
    h('span', { class: 'bulk-icon', 'aria-hidden': 'true' }, icon),
    h('span', {}, text, detail ? h('small', { class: 'bulk-detail' }, detail) : null),
  );
}

/** Runs the action on each person in `box`, shows each outcome, and resolves with who was done and refused. */
export async function runBulk<U>(box: HTMLElement, o: BulkRun<U>): Promise<BulkOutcome<U>> {
  clear(box);
  const heading = h('h2', { tabindex: '-1', class: 'bulk-title' }, o.title);
  const bar = h('progress', { max: o.reach.length, value: 0, 'aria-label': o.title });
  const said = h('span', { role: 'status' }, t('bulk.progress', { done: 0, n: o.reach.length }));
  const progress = h('p', { class: 'bulk-progress' }, bar, ' ', said);
  const lines = h('ul', { class: 'bulk-lines' });
  box.append(heading, progress, lines);
  box.setAttribute('aria-busy', 'true');
  const outcome: BulkOutcome<U> = { done: [], refused: [] };
  for (const [i, user] of o.reach.entries()) {
    try {
      await o.act(user);
      outcome.done.push(user);
      lines.append(line('ok', o.done(user)));
    } catch (e) {
      outcome.refused.push(user);
      const title = e instanceof ApiProblem ? e.problem.title : t('common.network');
      const detail = e instanceof ApiProblem && e.problem.detail !== title ? e.problem.detail : undefined;
      lines.append(line('refused', o.refused(user, title), detail));
    }
    bar.value = i + 1;
    said.textContent = t('bulk.progress', { done: i + 1, n: o.reach.length });
  }
  for (const s of o.skipped) lines.append(line('skipped', s.text));
  progress.remove();
  box.removeAttribute('aria-busy');
  heading.focus();
  return outcome;
}
