// A screen's page (its title first), tables, and text cells.
import { h } from '../dom';

export function page(title: string, ...body: (Node | null | false)[]): HTMLElement {
  return h('section', { class: 'page' }, h('h1', {}, title), ...body.filter((b): b is Node => Boolean(b)));
}

export function table(headers: (string | Node)[], rows: Node[][], caption?: string): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
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
            r.map((c) => h('td', {}, c)),
          ),
        ),
      ),
    ),
  );
}

export function text(value: string | null | undefined): Node {
  return document.createTextNode(value && value !== '' ? value : '—');
}
