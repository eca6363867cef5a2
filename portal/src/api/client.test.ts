import { describe, expect, it, vi } from 'vitest';
import { ApiProblem, call, idempotencyKey, makeApi } from './client';

describe('API client wrapper', () => {
  /** The ApiProblem a call rejects with (the test fails on anything else). */
  async function problemOf(pending: Promise<unknown>): Promise<ApiProblem> {
    const error: unknown = await pending.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiProblem);
    return error as ApiProblem;
  }
  it('sends the token, the language and the Idempotency-Key, and turns problems into ApiProblem', async () => {
    const seen: Request[] = [];
    const fetchMock = vi.fn((input: Request) => {
      seen.push(input);
      return Promise.resolve(
        new Response(
          JSON.stringify({
            type: 'urn:sesame:problem:invalid-input',
            title: 'Champs invalides',
            status: 422,
            detail: 'd',
            errors: [],
          }),
          { status: 422, headers: { 'content-type': 'application/problem+json' } },
        ),
      );
    });
    const api = makeApi({
      baseUrl: 'http://x',
      token: () => 'tok',
      locale: () => 'fr',
      fetch: fetchMock as unknown as typeof fetch,
    });
    const key = idempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const error = await problemOf(
      call(api.POST('/access-requests', { body: { email: 'a@b.c' }, headers: { 'Idempotency-Key': key } })),
    );
    expect(error.status).toBe(422);
    expect(error.slug).toBe('invalid-input');
    expect(seen[0].headers.get('authorization')).toBe('Bearer tok');
    expect(seen[0].headers.get('accept-language')).toBe('fr');
    expect(seen[0].headers.get('idempotency-key')).toBe(key);
  });
  it('gives every other POST a fresh key, but never sign-in', async () => {
    const seen: Request[] = [];
    const fetchMock = vi.fn((input: Request) => {
      seen.push(input);
      return Promise.resolve(new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }));
    });
    const api = makeApi({
      baseUrl: 'http://x',
      token: () => 'tok',
      locale: () => 'fr',
      fetch: fetchMock as unknown as typeof fetch,
    });
    await call(api.POST('/orgs/{org_id}/users/{user_id}/disable', { params: { path: { org_id: 'o', user_id: 'u' } } }));
    await call(api.POST('/orgs/{org_id}/users/{user_id}/disable', { params: { path: { org_id: 'o', user_id: 'u' } } }));
    await call(api.POST('/sessions', { body: { email: 'a@b.c', password: 'p' } }));
    await call(api.GET('/me'));
    const keys = seen.map((r) => r.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys[2]).toBeNull();
    expect(keys[3]).toBeNull();
  });
  it('turns a network failure into a problem with status 0', async () => {
    const api = makeApi({
      baseUrl: 'http://x',
      token: () => null,
      locale: () => 'en',
      fetch: () => Promise.reject(new TypeError('down')),
    });
    const error = await problemOf(call(api.GET('/me'), () => 'offline'));
    expect(error.status).toBe(0);
    expect(error.message).toBe('offline');
  });
});
