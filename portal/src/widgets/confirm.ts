// A confirmation before a destructive or bulk action: a modal dialog that
// names what it will do to whom. Focus stays inside (Tab and Shift+Tab
// cycle through its buttons), Esc or the safe button cancel, and focus
// returns to where it was. The safe choice has the first focus.
import './flows.css';
import { h } from '../dom';
import { t } from '../i18n';

export interface ConfirmOptions {
  /** The question, naming the person or the item: "Désactiver le compte de Zoé Tremblay ?" */
  title: string;
  /** What will happen, in a sentence or a few (or a list, as nodes). */
  body?: (string | Node)[];
  /** The button that acts, named by the action: "Désactiver le compte". */
  action: string;
  /** The action destroys or takes away (red button). */
  danger?: boolean;
  /** The safe button (default "Ne rien changer"). */
  keep?: string;
}

let open = 0;

/** Asks; resolves true when the person chose the action, false otherwise. */
export function confirmAction(o: ConfirmOptions): Promise<boolean> {
  open += 1;
  const id = `confirm-${open}`;
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const keep = h('button', { type: 'button', class: 'keep' }, o.keep ?? t('confirm.keep'));
  const act = h('button', { type: 'button', class: o.danger === false ? 'primary' : 'danger' }, o.action);
  const dialog = h(
    'dialog',
    {
      class: 'confirm',
      role: 'alertdialog',
      'aria-modal': 'true',
      'aria-labelledby': `${id}-title`,
      'aria-describedby': `${id}-body`,
    },
    h(
      'div',
      { class: 'confirm-body' },
      h('h2', { id: `${id}-title` }, o.title),
      h(
        'div',
        { id: `${id}-body` },
        (o.body ?? []).map((b) => (typeof b === 'string' ? h('p', {}, b) : b)),
      ),
    ),
    h('div', { class: 'confirm-actions' }, keep, act),
  );
  return new Promise((resolve) => {
    let done = false;
    const finish = (yes: boolean) => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(yes);
    };
    keep.addEventListener('click', () => finish(false));
    act.addEventListener('click', () => finish(true));
    // Esc: the browser's cancel event on a modal dialog.
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish(false);
    });
    dialog.addEventListener('close', () => finish(false));
    dialog.addEventListener('keydown', (e) => {
      if (e.key !== 'Tab') return;
      const stops = Array.from(dialog.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea'));
      const first = stops[0];
      const last = stops[stops.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    keep.focus();
  });
}
