// What a screen shows while it loads: a status saying so, never a blank page.
import './flows.css';
import { h } from '../dom';
import { t } from '../i18n';

export function loading(): HTMLElement {
  return h(
    'div',
    { class: 'loading', role: 'status', 'aria-live': 'polite', id: 'screen-loading' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    h('span', {}, t('loading.screen')),
  );
}
