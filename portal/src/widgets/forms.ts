// Accessible forms: a label for every field, the field's errors next to it
// (aria-describedby, aria-invalid), a summary at the top, required fields
// checked before sending, and a submission that cannot run twice: the
// submit button is disabled while pending, and every submission carries a
// fresh Idempotency-Key.
import { ApiProblem, idempotencyKey } from '../api/client';
import { append, clear, h, notice, uid } from '../dom';
import { t } from '../i18n';
import type { FormValues } from '../rules/forms';
import { mapProblem } from '../rules/problems';

export type FieldType =
  'text' | 'email' | 'password' | 'tel' | 'date' | 'time' | 'number' | 'select' | 'checkbox' | 'textarea' | 'radio';

export interface Field {
  name: string;
  label: string;
  type?: FieldType;
  required?: boolean;
  value?: string | boolean;
  options?: [string, string][];
  autocomplete?: string;
  hint?: string;
  readonly?: boolean;
  inputmode?: string;
}

export interface SubmitContext {
  idempotencyKey: string;
  form: HTMLFormElement;
}

export interface FormOptions {
  fields: (Field | HTMLElement)[];
  submit: string;
  /** Return a message to show on success (or nothing). */
  onSubmit: (values: FormValues, ctx: SubmitContext) => Promise<string | void>;
  /** API field names → form field names. */
  aliases?: Record<string, string>;
  /** Extra checks before sending: field → message. */
  validate?: (values: FormValues) => Record<string, string>;
  id?: string;
  class?: string;
}

/** The values of every named control (checkbox groups: arrays; single checkboxes: booleans). */
export function readValues(form: HTMLFormElement): FormValues {
  const values: FormValues = {};
  const groups = new Set<string>();
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement))
      continue;
    if (!el.name) continue;
    if (el instanceof HTMLInputElement && el.type === 'checkbox') {
      if (el.dataset.group) {
        groups.add(el.name);
        const list = (values[el.name] as string[] | undefined) ?? [];
        if (el.checked) list.push(el.value);
        values[el.name] = list;
      } else {
        values[el.name] = el.checked;
      }
    } else if (el instanceof HTMLInputElement && el.type === 'radio') {
      if (el.checked) values[el.name] = el.value;
      else if (!(el.name in values)) values[el.name] = '';
    } else {
      values[el.name] = el.value;
    }
  }
  return values;
}

/** The required mark, outside the label (the control's `required` is what assistive technology announces). */
function star(f: Field): HTMLElement | null {
  return f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null;
}

/** One labelled control with its error slot. */
export function field(f: Field): HTMLElement {
  const id = uid(`f-${f.name.replace(/[^\w-]/g, '_')}`);
  const errId = `${id}-error`;
  const hintId = f.hint ? `${id}-hint` : null;
  const described = [hintId, errId].filter(Boolean).join(' ');
  const type = f.type ?? 'text';
  const common = {
    id,
    name: f.name,
    required: f.required ?? false,
    'aria-describedby': described,
    readonly: f.readonly ?? false,
    autocomplete: f.autocomplete,
    inputmode: f.inputmode,
  };
  let control: HTMLElement;
  if (type === 'select') {
    control = h(
      'select',
      common,
      (f.options ?? []).map(([v, label]) => h('option', { value: v, selected: v === f.value }, label)),
    );
  } else if (type === 'textarea') {
    control = h('textarea', { ...common, rows: 3 }, typeof f.value === 'string' ? f.value : '');
  } else if (type === 'checkbox') {
    const box = h('input', { ...common, type: 'checkbox', checked: f.value === true, required: false });
    return h(
      'div',
      { class: 'field check', 'data-field': f.name },
      box,
      h('label', { for: id }, f.label),
      star(f),
      hintId ? h('p', { class: 'hint', id: hintId }, f.hint) : null,
      h('p', { class: 'field-error', id: errId }),
    );
  } else if (type === 'radio') {
    const legendId = `${id}-legend`;
    return h(
      'fieldset',
      { class: 'field radios', 'data-field': f.name, 'aria-describedby': described },
      h('legend', { id: legendId }, f.label, ' ', star(f)),
      (f.options ?? []).map(([v, label], i) => {
        const rid = `${id}-${i}`;
        return h(
          'span',
          { class: 'radio' },
          h('input', { type: 'radio', id: rid, name: f.name, value: v, checked: f.value === v }),
          h('label', { for: rid }, label),
        );
      }),
      hintId ? h('p', { class: 'hint', id: hintId }, f.hint) : null,
      h('p', { class: 'field-error', id: errId }),
    );
  } else {
    control = h('input', {
      ...common,
      type,
      value: typeof f.value === 'string' ? f.value : '',
    });
  }
  return h(
    'div',
    { class: 'field', 'data-field': f.name },
    h('div', { class: 'label-row' }, h('label', { for: id }, f.label), star(f)),
    control,
    hintId ? h('p', { class: 'hint', id: hintId }, f.hint) : null,
    h('p', { class: 'field-error', id: errId }),
  );
}

function fieldBox(form: HTMLElement, name: string): HTMLElement | null {
  return form.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`);
}

/** Shows messages next to their fields and the rest at the top; focuses the first. */
export function showErrors(form: HTMLFormElement, fields: Map<string, string[]>, general: string[]): void {
  clearErrors(form);
  const summary = form.querySelector<HTMLElement>('.form-errors');
  let first: HTMLElement | null = null;
  for (const [name, messages] of fields) {
    const box = fieldBox(form, name);
    if (!box) {
      general.push(...messages);
      continue;
    }
    box.classList.add('invalid');
    const slot = box.querySelector<HTMLElement>(':scope > .field-error');
    if (slot) slot.textContent = messages.join(' ');
    const control = box.querySelector<HTMLElement>('input, select, textarea');
    control?.setAttribute('aria-invalid', 'true');
    first ??= control;
  }
  if (summary) {
    const list = fields.size > 0 ? [t('common.fixErrors'), ...general] : general;
    if (list.length) append(summary, [notice(list.join(' '), 'error')]);
  }
  (first ?? summary)?.focus?.();
}

export function clearErrors(form: HTMLFormElement): void {
  form.querySelectorAll('.invalid').forEach((b) => b.classList.remove('invalid'));
  form.querySelectorAll('.field-error').forEach((e) => (e.textContent = ''));
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const summary = form.querySelector<HTMLElement>('.form-errors');
  if (summary) clear(summary);
  const done = form.querySelector<HTMLElement>('.form-done');
  if (done) clear(done);
}

/** Shows an API problem on a form: per field where it can, else at the top. */
export function showProblem(form: HTMLFormElement, error: unknown, aliases: Record<string, string> = {}): void {
  if (error instanceof ApiProblem) {
    const mapped = mapProblem(error.problem, (n) => fieldBox(form, n) !== null, aliases);
    showErrors(form, mapped.fields, mapped.general);
  } else {
    showErrors(form, new Map(), [t('common.network')]);
  }
}

export function makeForm(options: FormOptions): HTMLFormElement {
  const button = h('button', { type: 'submit', class: 'primary' }, options.submit);
  const form = h(
    'form',
    { novalidate: true, id: options.id, class: options.class ?? 'form' },
    h('div', { class: 'form-errors', tabindex: '-1' }),
    options.fields.map((f) => (f instanceof HTMLElement ? f : field(f))),
    h('div', { class: 'form-actions' }, button),
    h('div', { class: 'form-done' }),
  );
  // Typing in a refused field clears its message (the summary stays until the next try).
  form.addEventListener('input', (event) => {
    const box = (event.target as HTMLElement).closest<HTMLElement>('[data-field].invalid');
    if (!box) return;
    box.classList.remove('invalid');
    const slot = box.querySelector(':scope > .field-error');
    if (slot) slot.textContent = '';
    box.querySelector('[aria-invalid]')?.removeAttribute('aria-invalid');
  });
  let pending = false;
  // The listener stays synchronous (it prevents the default at once); the
  // sending runs on, and reports its own failures on the form.
  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (pending) return;
    const values = readValues(form);
    const missing = new Map<string, string[]>();
    form.querySelectorAll<HTMLElement>('[data-field]').forEach((box) => {
      const name = box.dataset.field!;
      const control = box.querySelector<HTMLInputElement>('input, select, textarea');
      if (!control?.required) return;
      const v = values[name];
      if (v === undefined || v === '' || v === false) missing.set(name, [t('common.required')]);
    });
    for (const [name, message] of Object.entries(options.validate?.(values) ?? {})) {
      missing.set(name, [...(missing.get(name) ?? []), message]);
    }
    if (missing.size > 0) {
      showErrors(form, missing, []);
      return;
    }
    pending = true;
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    clearErrors(form);
    try {
      const message = await options.onSubmit(values, { idempotencyKey: idempotencyKey(), form });
      if (message) append(form.querySelector('.form-done')!, [notice(message)]);
    } catch (error) {
      showProblem(form, error, options.aliases);
    } finally {
      pending = false;
      button.disabled = false;
      form.removeAttribute('aria-busy');
    }
  };
  form.addEventListener('submit', (event) => void submit(event));
  return form;
}

/** A button whose action cannot run twice at once (disabled while pending). */
export function actionButton(label: string, action: () => Promise<void>, cls = ''): HTMLButtonElement {
  const b = h('button', { type: 'button', class: cls }, label);
  const run = async (): Promise<void> => {
    if (b.disabled) return;
    b.disabled = true;
    try {
      await action();
    } finally {
      b.disabled = false;
    }
  };
  b.addEventListener('click', () => void run());
  return b;
}

/** A labelled control in a grid cell (the label is its aria-label), with its error slot. */
export function cell(name: string, label: string, control: HTMLElement): HTMLElement {
  const errId = `${name.replace(/[^\w]/g, '_')}-error`;
  control.setAttribute('aria-label', label);
  control.setAttribute('aria-describedby', errId);
  return h('div', { 'data-field': name, class: 'cell' }, control, h('p', { class: 'field-error', id: errId }));
}
