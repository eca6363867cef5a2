// Public screens: sign in, "Créer un compte", password reset, access
// request, and the pages the emailed links open.
import { ApiProblem, call } from '../api/client';
import { loadMe, net, setToken, state } from '../app';
import { h, notice } from '../dom';
import { t } from '../i18n';
import { go, type Screen } from '../router';
import { type FormValues, opt, str } from '../rules/forms';
import { hashOf, type Match, type ScreenId } from '../rules/routes';
import { type Field, makeForm } from '../widgets/forms';

function page(title: string, ...body: (HTMLElement | null)[]): HTMLElement {
  return h('section', { class: 'narrow' }, h('h1', {}, title), ...body);
}

const email = (autocomplete = 'email'): Field => ({
  name: 'email',
  label: t('common.email'),
  type: 'email',
  required: true,
  autocomplete,
});
const password = (name = 'password', autocomplete = 'new-password'): Field => ({
  name,
  label: t(name === 'password' ? 'common.password' : 'common.passwordConfirm'),
  type: 'password',
  required: true,
  autocomplete,
});

function samePassword(v: FormValues): Record<string, string> {
  return v.password_confirmation !== undefined && str(v.password) !== str(v.password_confirmation)
    ? { password_confirmation: t('common.passwordMismatch') }
    : {};
}

async function openSession(body: { email: string; password: string; mfa_code?: string; recovery_code?: string }) {
  const tokens = await call(state.api.POST('/sessions', { body }), net);
  setToken(tokens.access_token);
  const me = await loadMe();
  // A second factor her organisation requires and she has not set up:
  // nothing else works until she has, so its set-up opens first.
  go(me.mfa.enrolment_required ? 'space' : 'home');
}

/** The factor the sign-in's second step asks for: the app's code, a texted code (where it went), or a recovery code. */
type Step = { kind: 'app' } | { kind: 'sms'; sent: string } | { kind: 'recovery'; back: Step };

/**
 * The sign-in's second step: the authenticator app's six-digit code, the
 * code texted to her phone, or one of the recovery codes (the email and
 * password stay in memory only for this step and are sent again with it;
 * with a texted code, the server answers the challenge that texted it).
 */
function secondFactor(credentials: { email: string; password: string }, step: Step): HTMLElement {
  const recovery = step.kind === 'recovery';
  const name = recovery ? 'recovery_code' : 'mfa_code';
  const form = makeForm({
    id: 'signin-code',
    fields: [
      recovery
        ? { name, label: t('mfa.recovery'), required: true, autocomplete: 'off', hint: t('mfa.recovery.hint') }
        : {
            name,
            label: t('mfa.code'),
            required: true,
            autocomplete: 'one-time-code',
            inputmode: 'numeric',
            hint: t(step.kind === 'sms' ? 'mfa.sms.hint' : 'mfa.code.hint'),
          },
    ],
    submit: t('signin.submit'),
    onSubmit: async (v) => {
      try {
        await openSession({ ...credentials, [name]: str(v[name]) });
      } catch (e) {
        // Her code's challenge had closed: a new code was texted.
        if (e instanceof ApiProblem && e.slug === 'mfa-sms-sent') {
          const next = secondFactor(credentials, { kind: 'sms', sent: e.message });
          box.replaceWith(next);
          return;
        }
        throw e;
      }
    },
  });
  const other = h(
    'button',
    { type: 'button', class: 'link', id: 'mfa-switch' },
    t(recovery ? (step.back.kind === 'sms' ? 'mfa.useSms' : 'mfa.useApp') : 'mfa.useRecovery'),
  );
  const links = h('p', { class: 'links' }, other);
  if (step.kind === 'sms') {
    // Another text, when the first never came (the password sent again, no code).
    const resend = h('button', { type: 'button', class: 'link', id: 'mfa-resend' }, t('mfa.sms.resend'));
    const again = async (): Promise<void> => {
      resend.setAttribute('disabled', '');
      try {
        await openSession(credentials);
      } catch (e) {
        if (e instanceof ApiProblem && e.slug === 'mfa-sms-sent') {
          const next = secondFactor(credentials, { kind: 'sms', sent: t('mfa.sms.resent') });
          box.replaceWith(next);
          next.querySelector('input')?.focus();
          return;
        }
        resend.removeAttribute('disabled');
        box.prepend(notice(e instanceof Error ? e.message : t('common.network'), 'error'));
      }
    };
    resend.addEventListener('click', () => void again());
    links.append(' · ', resend);
  }
  const ask = step.kind === 'sms' ? step.sent : t(recovery ? 'mfa.askRecovery' : 'mfa.ask');
  const box = h('div', { id: 'mfa-step' }, notice(ask), form, links);
  other.addEventListener('click', () => {
    const next = secondFactor(credentials, step.kind === 'recovery' ? step.back : { kind: 'recovery', back: step });
    box.replaceWith(next);
    next.querySelector('input')?.focus();
  });
  queueMicrotask(() => box.querySelector('input')?.focus());
  return box;
}

/** The message an action left for the sign-in page (read once). */
function takeNotice(): string | null {
  try {
    const text = sessionStorage.getItem('sesame.notice');
    sessionStorage.removeItem('sesame.notice');
    return text;
  } catch {
    return null;
  }
}

function signin(): HTMLElement {
  const form = makeForm({
    id: 'signin',
    fields: [email('username'), password('password', 'current-password')],
    submit: t('signin.submit'),
    onSubmit: async (v) => {
      const credentials = { email: str(v.email), password: str(v.password) };
      try {
        await openSession(credentials);
      } catch (e) {
        // The password was right; the authenticator app's code, or the
        // code just texted to her phone, is asked next.
        if (e instanceof ApiProblem && e.slug === 'mfa-required') {
          form.replaceWith(secondFactor(credentials, { kind: 'app' }));
          return;
        }
        if (e instanceof ApiProblem && e.slug === 'mfa-sms-sent') {
          form.replaceWith(secondFactor(credentials, { kind: 'sms', sent: e.message }));
          return;
        }
        throw e;
      }
    },
  });
  // A message left by the action that signed the person out.
  const flash = takeNotice();
  return page(
    t('signin.title'),
    flash ? notice(flash) : null,
    form,
    h(
      'p',
      { class: 'links' },
      h('a', { href: hashOf('register') }, t('signin.register')),
      ' · ',
      h('a', { href: hashOf('reset') }, t('signin.forgot')),
      ' · ',
      h('a', { href: hashOf('access-request') }, t('signin.access')),
    ),
  );
}

function register(): HTMLElement {
  const form = makeForm({
    id: 'register',
    fields: [
      { name: 'last_name', label: t('common.lastName'), required: true, autocomplete: 'family-name' },
      { name: 'first_name', label: t('common.firstName'), required: true, autocomplete: 'given-name' },
      email(),
      password(),
      password('password_confirmation'),
      { name: 'accept_terms', label: t('register.terms'), type: 'checkbox', required: true },
    ],
    submit: t('register.submit'),
    validate: samePassword,
    onSubmit: async (v, ctx) => {
      await call(
        state.api.POST('/registrations', {
          body: {
            last_name: str(v.last_name),
            first_name: str(v.first_name),
            email: str(v.email),
            password: str(v.password),
            password_confirmation: str(v.password_confirmation),
            accept_terms: v.accept_terms === true,
          },
          headers: { 'Idempotency-Key': ctx.idempotencyKey },
        }),
        net,
      );
      ctx.form.reset();
      return t('register.done');
    },
  });
  return page(t('register.title'), h('p', {}, t('register.intro')), form);
}

function reset(): HTMLElement {
  const form = makeForm({
    id: 'reset',
    fields: [email()],
    submit: t('reset.submit'),
    onSubmit: async (v, ctx) => {
      await call(
        state.api.POST('/password-resets', {
          body: { email: str(v.email) },
          headers: { 'Idempotency-Key': ctx.idempotencyKey },
        }),
        net,
      );
      return t('reset.done');
    },
  });
  return page(t('reset.title'), form);
}

function accessRequest(): HTMLElement {
  const form = makeForm({
    id: 'access-request',
    fields: [
      {
        name: 'civility',
        label: t('civility.label'),
        type: 'radio',
        options: [
          ['mme', t('civility.mme')],
          ['m', t('civility.m')],
          ['mx', t('civility.mx')],
        ],
      },
      { name: 'last_name', label: t('common.lastName'), required: true, autocomplete: 'family-name' },
      { name: 'first_name', label: t('common.firstName'), required: true, autocomplete: 'given-name' },
      { name: 'function', label: t('common.function'), autocomplete: 'organization-title' },
      email(),
      { name: 'phone', label: t('common.phone'), type: 'tel', required: true, autocomplete: 'tel' },
      { name: 'org_identifier', label: t('access.orgId'), required: true },
      {
        name: 'company_name',
        label: t('access.company'),
        hint: t('access.company.hint'),
        autocomplete: 'organization',
      },
      {
        name: 'request_type',
        label: t('access.kind'),
        type: 'radio',
        required: true,
        value: 'opening',
        options: [
          ['opening', t('access.kind.opening.long')],
          ['establishment', t('access.kind.establishment.long')],
        ],
      },
      { name: 'establishment_wanted', label: t('access.establishment'), hint: t('access.establishment.hint') },
      { name: 'message', label: t('common.message'), type: 'textarea' },
    ],
    submit: t('access.submit'),
    onSubmit: async (v, ctx) => {
      const civility = str(v.civility);
      await call(
        state.api.POST('/access-requests', {
          body: {
            civility: civility === 'mme' || civility === 'm' || civility === 'mx' ? civility : null,
            last_name: opt(v.last_name),
            first_name: opt(v.first_name),
            function: opt(v.function),
            email: opt(v.email),
            phone: opt(v.phone),
            org_identifier: opt(v.org_identifier),
            company_name: opt(v.company_name),
            request_type: str(v.request_type) === 'establishment' ? 'establishment' : 'opening',
            establishment_wanted: opt(v.establishment_wanted),
            message: opt(v.message),
          },
          headers: { 'Idempotency-Key': ctx.idempotencyKey },
        }),
        net,
      );
      ctx.form.reset();
      return t('access.done');
    },
  });
  return page(t('access.title'), form);
}

async function activate(match: Match): Promise<HTMLElement> {
  const token = match.token ?? '';
  let info: Awaited<ReturnType<typeof fetchInfo>> | null = null;
  let infoError: string | null = null;
  try {
    info = await fetchInfo(token);
  } catch (e) {
    infoError = e instanceof Error ? e.message : t('common.network');
  }
  if (!info) return page(t('activate.title'), notice(infoError ?? t('common.network'), 'error'));
  const fields: (Field | HTMLElement)[] = [password(), password('password_confirmation')];
  if (info.requires_keys) {
    fields.unshift(h('p', {}, t('activate.keys')));
    fields.push(
      {
        name: 'mail_key',
        label: `${t('activate.mailKey')}${info.mail_key_question ? ` — ${info.mail_key_question}` : ''}`,
        required: true,
        autocomplete: 'off',
      },
      { name: 'email_key', label: t('activate.emailKey'), required: true, autocomplete: 'off' },
      {
        name: 'secret_answer',
        label: `${t('activate.secretAnswer')}${info.secret_question ? ` — ${info.secret_question}` : ''}`,
        required: true,
        autocomplete: 'off',
      },
    );
  }
  const form = makeForm({
    id: 'activate',
    fields,
    submit: t('activate.submit'),
    validate: samePassword,
    onSubmit: async (v, ctx) => {
      const result = await call(
        state.api.POST('/activation', {
          body: {
            token,
            password: str(v.password),
            password_confirmation: str(v.password_confirmation),
            mail_key: opt(v.mail_key),
            email_key: opt(v.email_key),
            secret_answer: opt(v.secret_answer),
          },
          headers: { 'Idempotency-Key': ctx.idempotencyKey },
        }),
        net,
      );
      ctx.form.replaceWith(
        h(
          'div',
          {},
          notice(t('activate.done', { email: result.email })),
          h('p', {}, h('a', { href: '/#/signin', class: 'button primary' }, t('activate.signin'))),
        ),
      );
    },
  });
  return page(
    t('activate.title'),
    h('p', {}, t('activate.welcome', { name: info.first_name, org: info.org_name })),
    form,
  );
}

/**
 * The page the first of two activation emails opens (`/verify-email#token=…`,
 * the organisations that chose two emails): one button confirms the address,
 * and the second email, to choose a password, goes out.
 */
function verifyEmail(match: Match): HTMLElement {
  const form = makeForm({
    id: 'verify-email',
    fields: [h('p', {}, t('verifyEmail.intro'))],
    submit: t('verifyEmail.button'),
    onSubmit: async (_v, ctx) => {
      const r = await call(
        state.api.POST('/activation/address', {
          body: { token: match.token ?? null },
          headers: { 'Idempotency-Key': ctx.idempotencyKey },
        }),
        net,
      );
      ctx.form.replaceWith(notice(t('verifyEmail.done', { email: r.email })));
    },
  });
  return page(t('verifyEmail.title'), form);
}

function fetchInfo(token: string) {
  return call(state.api.POST('/activation/info', { body: { token } }), net);
}

async function registerConfirm(match: Match): Promise<HTMLElement> {
  try {
    const r = await call(state.api.POST('/registrations/confirm', { body: { token: match.token ?? '' } }), net);
    return page(
      t('register.confirm.title'),
      notice(t('register.confirm.done', { email: r.email })),
      h('p', {}, h('a', { href: '/#/signin', class: 'button primary' }, t('activate.signin'))),
    );
  } catch (e) {
    return page(t('register.confirm.title'), notice(e instanceof Error ? e.message : t('common.network'), 'error'));
  }
}

function resetConfirm(match: Match): HTMLElement {
  const form = makeForm({
    id: 'reset-confirm',
    fields: [password(), password('password_confirmation')],
    submit: t('reset.new.submit'),
    validate: samePassword,
    onSubmit: async (v, ctx) => {
      const r = await call(
        state.api.POST('/password-resets/confirm', {
          body: {
            token: match.token ?? '',
            password: str(v.password),
            password_confirmation: str(v.password_confirmation),
          },
        }),
        net,
      );
      ctx.form.replaceWith(
        h(
          'div',
          {},
          notice(t('reset.new.done', { email: r.email })),
          h('p', {}, h('a', { href: '/#/signin', class: 'button primary' }, t('activate.signin'))),
        ),
      );
    },
  });
  return page(t('reset.new.title'), form);
}

export const publicScreens = {
  signin,
  register,
  reset,
  'access-request': accessRequest,
  activate,
  'verify-email': verifyEmail,
  'register-confirm': registerConfirm,
  'reset-confirm': resetConfirm,
} satisfies Partial<Record<ScreenId, Screen>>;
