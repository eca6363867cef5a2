import { type Schemas, call } from '../api/client';
import { net, state } from '../app';
import { h } from '../dom';
import { type Key, t } from '../i18n';

export function page(title: string, ...body: (Node | null | false)[]): HTMLElement {
  return h('section', { class: 'page' }, h('h1', {}, title), ...body.filter((b): b is Node => Boolean(b)));
}

export function org(): string {
  if (!state.orgId) throw new Error(t('space.noRoles'));
  return state.orgId;
}

let catalogue: Promise<Schemas['Matrix']> | null = null;
/** The permission catalogue and role presets (public, fetched once). */
export function matrix(): Promise<Schemas['Matrix']> {
  catalogue ??= call(state.api.GET('/permissions'), net).catch((e) => {
    catalogue = null;
    throw e;
  });
  return catalogue;
}

export async function establishments(orgId: string): Promise<Schemas['Establishment'][]> {
  const r = await call(state.api.GET('/orgs/{org_id}/establishments', { params: { path: { org_id: orgId } } }), net);
  return r.items;
}

export function tk(prefix: string, value: string): string {
  return t(`${prefix}.${value}` as Key);
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
