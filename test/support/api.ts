/**
 * A small HTTP client for tests that drive the local stack as a client would. Every
 * response it sees is validated against openapi.yaml (status documented, body
 * matching its schema), so the contract is checked by every integration test.
 */
import { inject } from 'vitest';
import { DEMO_API_KEY, DEMO_PASSWORD } from '#lib/local/bootstrap/demo-data';
import { assertMatchesContract } from './contract';

export const apiUrl = (): string => inject('apiUrl');

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly token?: string;
  /** `null` sends no key; default: the demo key. */
  readonly apiKey?: string | null;
  readonly body?: unknown;
  /** A body sent as is; a FormData goes as multipart/form-data (fetch sets the boundary). */
  readonly rawBody?: string | FormData;
  readonly headers?: Record<string, string>;
}

export async function call<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const apiKey = options.apiKey === undefined ? DEMO_API_KEY : options.apiKey;
  if (apiKey) headers['x-api-key'] = apiKey;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | FormData | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${apiUrl()}${path}`, { method, headers, body });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  const parsed = text && /json/.test(contentType) ? JSON.parse(text) : text;
  assertMatchesContract(method, path, res.status, contentType, parsed);
  return { status: res.status, headers: res.headers, body: parsed as T };
}

const tokens = new Map<string, Promise<{ access_token: string; refresh_token: string }>>();

/** Logs a demo user in once per test file and caches the tokens. */
export async function tokensFor(email: string): Promise<{ access_token: string; refresh_token: string }> {
  let t = tokens.get(email);
  if (!t) {
    t = call('POST', '/v1/auth/login', { body: { username: email, password: DEMO_PASSWORD } }).then((r) => {
      if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    });
    tokens.set(email, t);
  }
  return t;
}

export const tokenFor = async (email: string): Promise<string> => (await tokensFor(email)).access_token;

export const USERS = {
  admin: 'admin@hydrant.local',
  manager: 'manager@hydrant.local',
  technician: 'tech@hydrant.local',
  client: 'client@hydrant.local',
  otherClient: 'client2@hydrant.local',
} as const;
