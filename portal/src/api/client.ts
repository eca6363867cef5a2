// The typed API client: openapi-fetch over the paths generated from the
// API's own OpenAPI document (schema.d.ts), so a renamed field or route is a
// type error. Every call sends the session token and the language; a
// problem+json answer becomes an ApiProblem.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type Api = ReturnType<typeof createClient<paths>>;

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
  }
  /** The slug of `urn:sesame:problem:<slug>`. */
  get slug(): string {
    return this.problem.type.replace(/^urn:sesame:problem:/, '');
  }
}

export interface ClientOptions {
  baseUrl?: string;
  /** The session token (renewed first when it is about to lapse). */
  token: () => string | null | Promise<string | null>;
  locale: () => string;
  /** Called on 401 with a token: the session is gone. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}

export function makeApi(options: ClientOptions): Api {
  const api = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    fetch: options.fetch,
  });
  const auth: Middleware = {
    async onRequest({ request }) {
      // The session routes carry the refresh cookie, not the token (but
      // "sign out everywhere", which says who).
      const path = new URL(request.url).pathname;
      const sessionRoute = path === '/sessions' || path === '/sessions/refresh';
      const token = sessionRoute ? null : await options.token();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      request.headers.set('accept-language', options.locale());
      // Forms pass their own key (one per submission); any other POST gets
      // a fresh one, so no POST the portal sends can apply twice. Never on
      // sign-in, whose answer carries tokens that must not be kept.
      if (request.method === 'POST' && !request.headers.has('idempotency-key') && !sessionRoute) {
        request.headers.set('idempotency-key', idempotencyKey());
      }
      return request;
    },
    onResponse({ response, request }) {
      if (response.status === 401 && request.headers.has('authorization')) {
        options.onUnauthorized?.();
      }
      return response;
    },
  };
  api.use(auth);
  return api;
}

/** A fresh Idempotency-Key (one per form submission). */
export function idempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The message of a failure that is not a problem document. */
export type NetworkText = () => string;

/**
 * Resolves an openapi-fetch result to its data, or throws an ApiProblem
 * (a network failure or a non-problem answer becomes one too, status 0 /
 * the HTTP status, so callers have one kind of error to show).
 */
export async function call<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
  networkText: NetworkText = () => 'Network error',
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch {
    throw new ApiProblem(0, {
      type: 'urn:sesame:problem:network',
      title: networkText(),
      status: 0,
      detail: networkText(),
    });
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  throw new ApiProblem(response.status, asProblem(error, response.status, networkText));
}

export function asProblem(error: unknown, status: number, text: NetworkText): Problem {
  if (error && typeof error === 'object' && 'type' in error && 'title' in error) {
    return error as Problem;
  }
  return {
    type: 'urn:sesame:problem:http',
    title: `HTTP ${status}`,
    status,
    detail: typeof error === 'string' && error ? error : text(),
  };
}
