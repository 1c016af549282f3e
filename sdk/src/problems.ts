/**
 * Problem details (RFC 9457) as typed exceptions. Every error of the Hydrant API is
 * `application/problem+json` with a stable `code`; the SDK throws a `HydrantProblem` for it,
 * of a subclass per status a client handles differently, so `catch (e) { if (e instanceof
 * PreconditionFailed) ... }` or `switch (e.code)` both work.
 */

/** One invalid field of a 400 VALIDATION_FAILED. */
export interface ProblemFieldError {
  readonly path: string;
  readonly message: string;
}

/** The body of an error answer. */
export interface ProblemBody {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
  readonly instance?: string;
  readonly errors?: readonly ProblemFieldError[];
  readonly [extension: string]: unknown;
}

/** An error answer of the API. `code` is stable (e.g. `NOT_FOUND`, `PRECONDITION_FAILED`), `detail` is for people. */
export class HydrantProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly type: string | undefined;
  /** Field errors of a 400. */
  readonly errors: readonly ProblemFieldError[];
  /** The whole body, extensions included (e.g. `conflicts` of a 409). */
  readonly body: ProblemBody;
  /** Seconds to wait, from `Retry-After` (429, 503). */
  readonly retryAfterSeconds: number | undefined;
  /** `x-amzn-requestid`/`requestId`, to quote to support. */
  readonly requestId: string | undefined;

  constructor(status: number, body: ProblemBody, retryAfterSeconds?: number) {
    super(`${status} ${body.code ?? 'ERROR'}: ${body.detail ?? body.title ?? 'request failed'}`);
    this.name = new.target.name;
    this.status = status;
    this.code = body.code ?? `HTTP_${status}`;
    this.title = body.title ?? '';
    this.detail = body.detail ?? '';
    this.type = body.type;
    this.errors = body.errors ?? [];
    this.body = body;
    this.retryAfterSeconds = retryAfterSeconds;
    this.requestId = typeof body.requestId === 'string' ? body.requestId : undefined;
  }
}

/** 400: the request is not valid (`errors` lists the fields). */
export class ValidationFailed extends HydrantProblem {}
/** 401: no valid token, or wrong credentials at sign-in. */
export class Unauthorized extends HydrantProblem {}
/** 403: the role, scope, API key or MFA state does not allow the call. */
export class Forbidden extends HydrantProblem {}
/** 404 */
export class NotFound extends HydrantProblem {}
/** 409: the state of a resource refuses the change (code says which rule). */
export class Conflict extends HydrantProblem {}
/** 412: `If-Match` named a version that is no longer current: read again, then retry the change. */
export class PreconditionFailed extends HydrantProblem {}
/** 422: the request cannot be processed as sent (e.g. an Idempotency-Key reused with another payload). */
export class Unprocessable extends HydrantProblem {}
/** 429: throttled, quota used up or rate limited; `retryAfterSeconds` says when to come back. */
export class TooManyRequests extends HydrantProblem {}
/** 5xx */
export class ServerError extends HydrantProblem {}

const BY_STATUS: Readonly<Record<number, typeof HydrantProblem>> = {
  400: ValidationFailed,
  401: Unauthorized,
  403: Forbidden,
  404: NotFound,
  409: Conflict,
  412: PreconditionFailed,
  422: Unprocessable,
  429: TooManyRequests,
};

/** `Retry-After` in seconds (delta-seconds or an HTTP date), or undefined. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The typed problem of an error response (its body read; a non-JSON body becomes the detail). */
export async function problemOf(response: Response): Promise<HydrantProblem> {
  const text = await response.text();
  let body: ProblemBody;
  try {
    const parsed: unknown = JSON.parse(text);
    body = parsed && typeof parsed === 'object' ? (parsed as ProblemBody) : { detail: text };
  } catch {
    body = { detail: text.slice(0, 500) || response.statusText };
  }
  const Problem = BY_STATUS[response.status] ?? (response.status >= 500 ? ServerError : HydrantProblem);
  return new Problem(response.status, body, retryAfterSeconds(response.headers.get('retry-after')));
}
