// An employee request's state badge and its amounts, as the space and the deciders show them.
import type { Schemas } from '../api/client';
import { h } from '../dom';
import { locale, tk } from '../i18n';
import { formatAmount } from '../rules/employee';

export function stateBadge(s: Schemas['RequestState']): HTMLElement {
  return h('span', { class: `status s-${s}` }, tk('rq', s));
}

export function money(m: Schemas['Money']): string {
  return formatAmount(m.amount_cents, m.currency, locale());
}
