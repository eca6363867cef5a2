// Files: a file field, its checks before sending, the upload to a presigned
// URL, and the download a presigned URL opens.
import type { Schemas } from '../api/client';
import { h } from '../dom';
import { t } from '../i18n';

/** A file input (the form helper's fields are text-like); `accept` limits the picker. */
export function fileField(name: string, label: string, accept: string, required = false): HTMLElement {
  const id = `f-${name}`;
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h(
      'div',
      { class: 'label-row' },
      h('label', { for: id }, label),
      required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null,
    ),
    h('input', { type: 'file', id, name, accept, required, 'aria-describedby': `${id}-error` }),
    h('p', { class: 'field-error', id: `${id}-error` }),
  );
}

export function chosenFile(form: HTMLFormElement, name: string): File | null {
  const input = form.querySelector<HTMLInputElement>(`input[type=file][name="${name}"]`);
  return input?.files?.[0] ?? null;
}

/** The file's problems before asking for an upload URL (type, size). */
export function fileCheck(file: File | null, name: string, types: string[]): Record<string, string> {
  if (!file) return {};
  if (!types.includes(file.type)) return { [name]: t('err.fileType') };
  if (file.size > 10 * 1024 * 1024) return { [name]: t('err.fileSize') };
  return {};
}

/** PUTs the file to its presigned URL with exactly the signed headers. */
export async function upload(target: Schemas['PresignedUrl'], file: File): Promise<void> {
  const headers = Object.fromEntries(
    Object.entries(target.headers).filter(([k]) => k.toLowerCase() !== 'content-length'),
  );
  const r = await fetch(target.url, { method: target.method || 'PUT', headers, body: file });
  if (!r.ok) throw new Error(`upload ${r.status}`);
}

/** Opens a presigned download URL (a navigation, not a fetch). */
export function openDownload(target: Schemas['PresignedUrl']): void {
  window.open(target.url, '_blank', 'noopener');
}
