// Her replacements in her phone's calendar (issue 21): a private address
// (iCalendar) to subscribe to, shown once when made; a new one replaces it,
// a revocation ends it, each asked first and said once done.
import { call, type Schemas } from '../api/client';
import { net, state } from '../app';
import { clear, h } from '../dom';
import { formatDateTime, t } from '../i18n';
import { confirmAction } from './confirm';
import { actionButton } from './forms';

type Feed = Schemas['CalendarFeedView'];

/** The "Mon agenda" box of the organisation `orgId`. */
export function calendarFeed(orgId: string): HTMLElement {
  const body = h('div', {});
  const status = h('p', { role: 'status', class: 'hint' });
  const box = h(
    'section',
    { class: 'calendar-feed', id: 'calendar-feed', 'aria-labelledby': 'calendar-feed-title' },
    h('h2', { id: 'calendar-feed-title' }, t('cal.title')),
    h('p', { class: 'hint' }, t('cal.intro')),
    body,
    status,
  );
  const path = { params: { path: { org_id: orgId } } };
  const act = async (run: () => Promise<Feed>, said: string) => {
    try {
      show(await run());
      status.textContent = said;
    } catch (e) {
      status.textContent = e instanceof Error ? e.message : t('common.network');
    }
  };
  const make = () => call(state.api.POST('/orgs/{org_id}/me/calendar', path), net);
  const show = (feed: Feed) => {
    clear(body);
    if (!feed.active) {
      body.append(
        h(
          'div',
          { class: 'actions' },
          actionButton(t('cal.create'), () => act(make, t('cal.created')), 'primary'),
        ),
      );
      return;
    }
    if (feed.url) {
      const input = h('input', { id: 'calendar-url', type: 'text', readonly: '', value: feed.url });
      input.addEventListener('focus', () => input.select());
      body.append(
        h('label', { for: 'calendar-url' }, t('cal.address')),
        input,
        h('p', { class: 'hint' }, t('cal.once')),
      );
      body.append(
        h(
          'div',
          { class: 'actions' },
          actionButton(
            t('cal.copy'),
            async () => {
              try {
                await navigator.clipboard.writeText(feed.url ?? '');
                status.textContent = t('cal.copied');
              } catch {
                input.select();
                status.textContent = t('cal.copyByHand');
              }
            },
            'primary',
          ),
          h('a', { class: 'button', href: feed.url.replace(/^https?:/, 'webcal:') }, t('cal.open')),
        ),
      );
    } else {
      body.append(h('p', {}, t('cal.active', { at: formatDateTime(feed.created_at) })));
    }
    body.append(
      h(
        'div',
        { class: 'actions' },
        actionButton(t('cal.replace'), async () => {
          const yes = await confirmAction({
            title: t('cal.replaceTitle'),
            body: [t('cal.replaceBody')],
            action: t('cal.replace'),
            danger: false,
          });
          if (yes) await act(make, t('cal.replaced'));
        }),
        actionButton(
          t('cal.revoke'),
          async () => {
            const yes = await confirmAction({
              title: t('cal.revokeTitle'),
              body: [t('cal.revokeBody')],
              action: t('cal.revoke'),
            });
            if (yes) await act(() => call(state.api.DELETE('/orgs/{org_id}/me/calendar', path), net), t('cal.revoked'));
          },
          'danger',
        ),
      ),
    );
  };
  void call(state.api.GET('/orgs/{org_id}/me/calendar', path), net)
    .then(show)
    .catch((e: unknown) => {
      status.textContent = e instanceof Error ? e.message : t('common.network');
    });
  return box;
}
