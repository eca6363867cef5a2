// A row's menu of actions ("Actions ▾"): a button that opens a short list of
// actions in a popover (the browser's top layer, so a table that scrolls
// does not clip it). The button says whom it is for ("Actions pour Marie
// Tremblay"); the list follows it in the Tab order; Escape or a click
// elsewhere closes it, and focus returns to the button. An action chosen
// closes the list first, then runs (its confirmation returns focus to the
// button).
import './flows.css';
import { h, uid } from '../dom';

export interface MenuItem {
  label: string;
  /** A link (opens a screen)… */
  href?: string;
  /** …or an action. */
  run?: () => void | Promise<void>;
  /** Takes something away (red text). */
  danger?: boolean;
}

/** The popover's place: under the button, its right edge on the button's, kept inside the viewport. */
function place(button: HTMLElement, list: HTMLElement): void {
  const r = button.getBoundingClientRect();
  const width = list.offsetWidth;
  const height = list.offsetHeight;
  const left = Math.max(8, Math.min(r.right - width, window.innerWidth - width - 8));
  const below = r.bottom + 4;
  const top = below + height > window.innerHeight - 8 && r.top - height - 4 > 8 ? r.top - height - 4 : below;
  list.style.left = `${Math.round(left)}px`;
  list.style.top = `${Math.round(top)}px`;
}

/** The menu: `text` is the button's visible text, `label` its full name (which contains the text). */
export function rowMenu(text: string, label: string, items: MenuItem[]): HTMLElement {
  const id = uid('row-menu');
  const button = h(
    'button',
    { type: 'button', class: 'menu-toggle', popovertarget: id, 'aria-label': label },
    text,
    h('span', { class: 'caret', 'aria-hidden': 'true' }, ' ▾'),
  );
  const list = h('div', { id, popover: 'auto', class: 'row-menu', role: 'group', 'aria-label': label });
  const reposition = () => place(button, list);
  list.addEventListener('toggle', (e) => {
    const open = e.newState === 'open';
    if (open) {
      reposition();
      window.addEventListener('scroll', reposition, true);
      window.addEventListener('resize', reposition);
    } else {
      window.removeEventListener('scroll', reposition, true);
      window.removeEventListener('resize', reposition);
    }
  });
  // Escape closes the popover (the browser's light dismiss); focus back on the button.
  list.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      list.hidePopover();
      button.focus();
    }
  });
  list.append(
    h(
      'ul',
      {},
      items.map((item) => {
        const cls = item.danger ? 'menu-item danger' : 'menu-item';
        if (item.href) return h('li', {}, h('a', { href: item.href, class: cls }, item.label));
        const b = h('button', { type: 'button', class: cls }, item.label);
        b.addEventListener('click', () => {
          list.hidePopover();
          button.focus();
          void item.run?.();
        });
        return h('li', {}, b);
      }),
    ),
  );
  return h('div', { class: 'row-menu-wrap' }, button, list);
}
