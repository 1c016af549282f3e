/**
 * The Hydrant client: `openapi-fetch` over the types generated from openapi.yaml, with what
 * every client otherwise writes by hand, in one transport under every call:
 * the API key (`x-api-key`), the bearer token (refreshed before it expires, and once on a
 * 401), retries of 429/503/network failures reusing one `Idempotency-Key`, and problem+json
 * answers thrown as typed `HydrantProblem`s. On top: sign-in with its challenges, an async
 * iterator over cursor pages, and ETag/If-Match reads and updates.
 *
 * Runtime code uses `fetch`, `Request`, `Headers` and WebCrypto only: it runs in browsers and Node.
 */
import createClient, { type Client } from 'openapi-fetch';
import { problemOf } from './problems';
import { fetchWithRetry, newIdempotencyKey, type RetryPolicy } from './retry';
import { Session, type SignInChallenge, type SignInResult, type Tokens } from './session';
import type { paths } from './schema';

export interface HydrantClientOptions {
  /** e.g. `http://localhost:3000` or `https://abc123.execute-api.eu-west-1.amazonaws.com/dev`. */
  readonly baseUrl: string;
  /** A usage-plan API key, sent as `x-api-key` on every call (every `/v1` route but health and the calendar feed wants one). */
  readonly apiKey?: string;
  /**
   * A machine client's or partner's bearer token, when no user signs in (sent as is, never refreshed).
   * @default - the signed-in user's access token, if any
   */
  readonly accessToken?: string;
  /** Retries of 429, 503 and network failures; `false` for none. @default {} (3 retries, backoff from 200 ms) */
  readonly retry?: RetryPolicy | false;
  /** @default globalThis.fetch */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** Called when the tokens change (sign-in, refresh, sign-out), e.g. to keep them across a page reload. */
  readonly onTokens?: (tokens: Tokens | undefined) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type GetOp<P extends keyof paths> = paths[P] extends { get: infer O } ? O : never;
type PatchOp<P extends keyof paths> = paths[P] extends { patch: infer O } ? O : never;

/** Paths whose GET answers a page `{data, nextCursor}`. */
export type ListPath = {
  [P in keyof paths]: GetOp<P> extends { responses: { 200: infer R } } ? (Json<R> extends { data: unknown[]; nextCursor: string | null } ? P : never) : never;
}[keyof paths];
/** The item type of a list. */
export type ListItem<P extends ListPath> = GetOp<P> extends { responses: { 200: infer R } } ? (Json<R> extends { data: (infer I)[] } ? I : never) : never;
type ParametersOf<O> = O extends { parameters: infer Params } ? Params : never;
/** The path and query parameters of a list, without the cursor (the iterator follows it). */
export interface ListParams<P extends ListPath> {
  readonly path?: ParametersOf<GetOp<P>> extends { path: infer X } ? X : never;
  readonly query?: Omit<NonNullable<ParametersOf<GetOp<P>> extends { query?: infer Q } ? Q : never>, 'cursor'>;
}

/** Paths with both GET and PATCH: resources read with an ETag and updated with If-Match. */
export type VersionedPath = { [P in keyof paths]: paths[P] extends { get: object; patch: object } ? (PatchOp<P> extends { parameters: { header?: { 'If-Match'?: string } } } ? P : never) : never }[keyof paths];
type PathParamsOf<P extends VersionedPath> = ParametersOf<GetOp<P>> extends { path: infer X } ? X : never;
export type Resource<P extends VersionedPath> = GetOp<P> extends { responses: { 200: infer R } } ? Json<R> : never;
export type Patch<P extends VersionedPath> = PatchOp<P> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** A representation and its `ETag`, to send back as `If-Match`. */
export interface Tagged<T> {
  readonly data: T;
  readonly etag: string;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class HydrantClient {
  /** The typed openapi-fetch client: `api.GET('/v1/sites/{id}', { params: { path: { id } } })`. Errors throw. */
  readonly api: Client<paths>;
  readonly session: Session;
  private readonly send: (request: Request) => Promise<Response>;
  private readonly retry: RetryPolicy | false;

  constructor(private readonly options: HydrantClientOptions) {
    this.send = options.fetch ?? ((request) => globalThis.fetch(request));
    this.retry = options.retry ?? {};
    this.session = new Session((path, body) => this.withRetries(this.jsonRequest('POST', path, body)), { ...(options.now ? { now: options.now } : {}), ...(options.onTokens ? { onTokens: options.onTokens } : {}) });
    this.api = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/$/, ''), fetch: (request) => this.transport(request) });
  }

  /** Signs in: tokens, or a challenge (`NEW_PASSWORD_REQUIRED`, `SOFTWARE_TOKEN_MFA`) to answer next. */
  signIn(username: string, password: string): Promise<SignInResult> {
    return this.session.signIn(username, password);
  }

  completeNewPassword(challenge: SignInChallenge, newPassword: string): Promise<SignInResult> {
    return this.session.completeNewPassword(challenge, newPassword);
  }

  respondToMfa(challenge: SignInChallenge, code: string): Promise<SignInResult> {
    return this.session.respondToMfa(challenge, code);
  }

  /** Revokes the refresh token and forgets the tokens. */
  signOut(): Promise<void> {
    return this.session.signOut((token, refreshToken) => this.withRetries(this.jsonRequest('POST', '/v1/auth/logout', { refresh_token: refreshToken }, token)));
  }

  /** Every item of a list, page after page (`?cursor=` from each page's `nextCursor`), fetched as the loop asks. */
  async *list<P extends ListPath>(path: P, params: ListParams<P> = {}): AsyncGenerator<ListItem<P>, void, undefined> {
    for await (const page of this.pages(path, params)) yield* page;
  }

  /** The pages of a list, each an array of items. */
  async *pages<P extends ListPath>(path: P, params: ListParams<P> = {}): AsyncGenerator<ListItem<P>[], void, undefined> {
    let cursor: string | undefined;
    do {
      const query = { ...(params.query as object), ...(cursor ? { cursor } : {}) };
      const get = this.api.GET as unknown as (p: string, init: object) => Promise<{ data: { data: ListItem<P>[]; nextCursor: string | null } }>;
      const { data } = await get(path, { params: { path: params.path, query } });
      yield data.data;
      cursor = data.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Reads a resource with its ETag. */
  async read<P extends VersionedPath>(path: P, params: PathParamsOf<P>): Promise<Tagged<Resource<P>>> {
    const get = this.api.GET as unknown as (p: string, init: object) => Promise<{ data: Resource<P>; response: Response }>;
    const { data, response } = await get(path, { params: { path: params } });
    return { data, etag: etagOf(response) };
  }

  /** `PATCH` with `If-Match: etag`; a change made since the read answers 412, thrown as `PreconditionFailed`. */
  async update<P extends VersionedPath>(path: P, params: PathParamsOf<P>, etag: string, patch: Patch<P>): Promise<Tagged<Resource<P>>> {
    const send = this.api.PATCH as unknown as (p: string, init: object) => Promise<{ data: Resource<P>; response: Response }>;
    const { data, response } = await send(path, { params: { path: params, header: { 'If-Match': etag } }, body: patch });
    return { data, etag: etagOf(response) };
  }

  /** Reads, makes the change from what was read, and writes it only if nothing changed in between (else `PreconditionFailed`). */
  async modify<P extends VersionedPath>(path: P, params: PathParamsOf<P>, change: (current: Resource<P>) => Patch<P>): Promise<Tagged<Resource<P>>> {
    const current = await this.read(path, params);
    return this.update(path, params, current.etag, change(current.data));
  }

  /** Every call: API key, bearer token (refreshed once on a 401), retries, problems thrown. */
  private async transport(request: Request): Promise<Response> {
    if (WRITES.has(request.method) && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', newIdempotencyKey());
    const explicit = request.headers.has('authorization');
    const token = explicit ? undefined : (this.options.accessToken ?? (await this.session.accessToken()));
    let response = await this.withRetries(withToken(request.clone(), token));
    if (response.status === 401 && !explicit && !this.options.accessToken && this.session.current) {
      await response.body?.cancel();
      response = await this.withRetries(withToken(request, (await this.session.refresh()).accessToken));
    }
    if (response.status >= 400) throw await problemOf(response);
    return response;
  }

  private withRetries(request: Request): Promise<Response> {
    if (this.options.apiKey) request.headers.set('x-api-key', this.options.apiKey);
    return this.retry === false ? this.send(request) : fetchWithRetry(this.send, request, this.retry);
  }

  private jsonRequest(method: string, path: string, body: unknown, token?: string): Request {
    const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json' });
    if (token) headers.set('authorization', `Bearer ${token}`);
    return new Request(`${this.options.baseUrl.replace(/\/$/, '')}${path}`, { method, headers, body: JSON.stringify(body) });
  }
}

function withToken(request: Request, token: string | undefined): Request {
  if (token) request.headers.set('authorization', `Bearer ${token}`);
  return request;
}

function etagOf(response: Response): string {
  const etag = response.headers.get('etag');
  if (!etag) throw new Error(`${response.url} answered no ETag`);
  return etag;
}

/** A client of the Hydrant API. */
export const createHydrantClient = (options: HydrantClientOptions): HydrantClient => new HydrantClient(options);
