// What an action did, said once it is done: one message region (role
// status, so screen readers announce it) at the top of the page that stays
// visible while scrolling and across the screen's redraw, with an undo
// where undoing is cheap. It stays until closed, replaced, or the person
// goes to another screen.
import './flows.css';
import { clear, h } from '../dom';
import { t } from '../i18n';

export interface Undo {
  label: string;
  /** Runs the undo; returns the message to say after it. */
  run: () => Promise<string>;
}

export interface AnnounceOptions {
  undo?: Undo;
  kind?: 'ok' | 'error';
  /** The screen (hash path) it belongs to: by default the current one (give the next one before a `go`). */
  on?: string;
  /** Called after the undo ran (e.g. to redraw the screen). */
  after?: () => void;
}

let region: HTMLElement | null = null;
let belongsTo = '';

const pathOfHash = (hash: string) => hash.replace(/^#/, '').split('?')[0] || '/';

function ensure(): HTMLElement {
  if (region?.isConnected) return region;
  region = h('div', { class: 'flash', id: 'flash', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const main = document.getElementById('main');
  if (main?.parentElement) main.parentElement.insertBefore(region, main);
  else document.body.prepend(region);
  window.addEventListener('hashchange', () => {
    if (pathOfHash(location.hash) !== belongsTo) dismiss();
  });
  return region;
}

/** Clears the message. */
export function dismiss(): void {
  if (region) clear(region);
}

/** Says what an action did (and offers its undo). */
export function announce(message: string, options: AnnounceOptions = {}): void {
  const fresh = !region?.isConnected;
  const box = ensure();
  belongsTo = options.on ? pathOfHash(options.on) : pathOfHash(location.hash);
  const fill = () => {
    clear(box);
    const close = h('button', { type: 'button', class: 'link flash-close', 'aria-label': t('notice.dismiss') }, '✕');
    close.addEventListener('click', dismiss);
    const undo = options.undo ? h('button', { type: 'button', class: 'flash-undo' }, options.undo.label) : null;
    undo?.addEventListener('click', () => {
      const u = options.undo!;
      undo.disabled = true;
      u.run()
        .then((said) => {
          announce(said, { on: belongsTo });
          options.after?.();
        })
        .catch((e: unknown) => {
          announce(e instanceof Error ? e.message : t('common.network'), { kind: 'error', on: belongsTo });
        });
    });
    box.append(
      h(
        'div',
        { class: `flash-message ${options.kind ?? 'ok'}` },
        h('p', { class: 'flash-text' }, message),
        undo,
        close,
      ),
    );
  };
  // A region just added is given a moment, so that it is announced.
  if (fresh) setTimeout(fill, 60);
  else fill();
}
