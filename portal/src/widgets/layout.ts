// A screen's page (its title first), tables (each body cell labelled with its
// column's name, which phones show as cards: widgets/table.ts), and text cells.
import { h } from '../dom';

export function page(title: string, ...body: (Node | null | false)[]): HTMLElement {
  return h('section', { class: 'page' }, h('h1', {}, title), ...body.filter((b): b is Node => Boolean(b)));
}

export function table(headers: (string | Node)[], rows: Node[][], caption?: string): HTMLElement {
  // A sortable header's arrows (↑ ↓ ↑↓) are not part of the column's name.
  const names = headers.map((x) => (typeof x === 'string' ? x : (x.textContent ?? '')).replace(/[\s↑↓]+$/u, '').trim());
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'cards' },
      caption ? h('caption', {}, caption) : null,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((x) => h('th', { scope: 'col' }, x)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            r.map((c, i) => h('td', { 'data-label': names[i] || null }, c)),
          ),
        ),
      ),
    ),
  );
}

export function text(value: string | null | undefined): Node {
  return document.createTextNode(value && value !== '' ? value : '—');
}
