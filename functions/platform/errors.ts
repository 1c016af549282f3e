/**
 * Typed errors, one class per kind. They are mapped to HTTP (RFC 9457 problem
 * details) in exactly one place: the error middleware in `http-route.ts`.
 */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  abstract readonly title: string;
  /** Extra members of the problem document (e.g. `errors`, `allowed`). */
  readonly extensions: Record<string, unknown> = {};
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers: Record<string, string> = {};
}

export class ValidationFailed extends AppError {
  readonly status = 400;
  readonly code: string = 'VALIDATION_FAILED';
  readonly title = 'The request is not valid';
  constructor(detail: string, readonly errors: readonly FieldError[] = []) {
    super(detail);
    this.extensions.errors = errors;
  }
}

export class InvalidCursor extends ValidationFailed {
  override readonly code = 'INVALID_CURSOR';
  constructor() {
    super('The cursor is not valid for this list', [{ path: 'query.cursor', message: 'unknown or tampered cursor' }]);
  }
}

export class MalformedJson extends ValidationFailed {
  override readonly code = 'MALFORMED_JSON';
  constructor() {
    super('The body is not valid JSON', [{ path: 'body', message: 'not valid JSON' }]);
  }
}

/** A JSON body nested deeper than the route allows (everything that reads a body recurses). */
export class BodyTooDeep extends ValidationFailed {
  override readonly code = 'BODY_TOO_DEEP';
  constructor(maxDepth: number) {
    super(`The body nests deeper than ${maxDepth} levels`, [{ path: 'body', message: `deeper than ${maxDepth} levels` }]);
  }
}

/** A new password that breaks the password policy (Hydrant's deny-list or Cognito's pool policy). */
export class PasswordPolicyViolation extends ValidationFailed {
  override readonly code = 'PASSWORD_POLICY';
  constructor(path: string, message: string) {
    super(`The new password ${message}`, [{ path, message }]);
  }
}

/** A password reset code that is wrong (`INVALID_CODE`) or expired (`EXPIRED_CODE`). */
export class InvalidResetCode extends ValidationFailed {
  override readonly code: string;
  constructor(detail: string, code: 'INVALID_CODE' | 'EXPIRED_CODE') {
    super(detail, [{ path: 'body.code', message: code === 'EXPIRED_CODE' ? 'expired' : 'invalid' }]);
    this.code = code;
  }
}

export class Unauthorized extends AppError {
  readonly status = 401;
  readonly code: string = 'UNAUTHORIZED';
  readonly title = 'Authentication is required';
}

export class InvalidCredentials extends Unauthorized {
  override readonly code = 'INVALID_CREDENTIALS';
}

export class Forbidden extends AppError {
  readonly status = 403;
  readonly code: string;
  readonly title = 'This action is not allowed';
  constructor(detail: string, code = 'FORBIDDEN') {
    super(detail);
    this.code = code;
  }
}

export class NotFound extends AppError {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
  readonly title = 'Not found';
  constructor(resource: string, id: string) {
    super(`${resource} ${id} does not exist`);
  }
}

export class Conflict extends AppError {
  readonly status = 409;
  readonly code: string;
  readonly title = 'Conflict';
  constructor(detail: string, code = 'CONFLICT', extensions: Record<string, unknown> = {}) {
    super(detail);
    this.code = code;
    Object.assign(this.extensions, extensions);
  }
}

export class PreconditionFailed extends AppError {
  readonly status = 412;
  readonly code = 'PRECONDITION_FAILED';
  readonly title = 'Precondition failed';
  constructor(detail = 'The resource changed since you read it (If-Match does not match its ETag)') {
    super(detail);
  }
}

/**
 * A write conditioned on the version read lost a race: someone changed the resource
 * between our read and our write. Not a 412 (the client may have sent no
 * precondition): `httpRoute` runs the route again on a fresh read, where a stale
 * If-Match gives the 412; this 409 is the answer only when the retries run out.
 */
export class VersionConflict extends AppError {
  readonly status = 409;
  readonly code = 'CONCURRENT_UPDATE';
  readonly title = 'Conflict';
}

/** The request is well-formed but cannot be processed as sent (e.g. an Idempotency-Key reused with another payload). */
export class Unprocessable extends AppError {
  readonly status = 422;
  readonly code: string;
  readonly title = 'The request cannot be processed';
  constructor(detail: string, code: string) {
    super(detail);
    this.code = code;
  }
}

export class PayloadTooLarge extends AppError {
  readonly status = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly title = 'The request body is too large';
}

export class UnsupportedMediaType extends AppError {
  readonly status = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly title = 'Unsupported media type';
  constructor(accepted: readonly string[]) {
    super(`Send the body as ${accepted.join(' or ')} (UTF-8)`);
    this.extensions.accepted = accepted;
  }
}

export class TooManyRequests extends AppError {
  readonly status = 429;
  readonly code: string;
  readonly title = 'Too many requests';
  constructor(detail: string, retryAfterSeconds: number, code = 'TOO_MANY_REQUESTS') {
    super(detail);
    this.code = code;
    this.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}
