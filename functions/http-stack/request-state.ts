/**
 * What the platform middlewares learn about one request and pass to each other
 * (validated request, key policy, quota, idempotency, audit notes). Keyed by the
 * event object, not kept in module variables, because the local runtime serves
 * concurrent requests with one module instance.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { HttpRequest } from './http-types';

export interface CountedWindow {
  /** Name in the RateLimit headers, e.g. `quota` or the route's operation id. */
  readonly policy: string;
  readonly counter: string;
  readonly limit: number;
  readonly windowSeconds: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  used: number;
  /** Counted after the answer, and only when it is a 401 (failed logins). */
  readonly failuresOnly?: boolean;
  /** Left out of the RateLimit headers: it counts other callers' attempts too (an account's, from every address). */
  readonly unreported?: boolean;
}

export interface AuditNote {
  readonly resourceId?: string;
  readonly before?: object;
  readonly after?: object;
}

export interface RequestState {
  request?: HttpRequest<unknown, unknown, unknown>;
  /** Windows this request was counted in (usage-plan quota, route limit). */
  readonly windows: CountedWindow[];
  /** Sparse fieldset asked with `?fields=`. */
  fields?: readonly string[];
  /** A stored answer to replay instead of running the handler (Idempotency-Key). */
  replay?: APIGatewayProxyResult;
  /** The idempotency record this request claimed, to be completed with its answer. */
  idempotencyKey?: { readonly pk: string; readonly payloadHash: string };
  audit?: AuditNote;
  /** The account a login-like request named and the address it came from (failed-sign-in lock). */
  signIn?: { readonly account: string; readonly address: string; readonly rememberDays: number };
}

const states = new WeakMap<APIGatewayProxyEvent, RequestState>();

export function stateOf(event: APIGatewayProxyEvent): RequestState {
  let state = states.get(event);
  if (!state) {
    state = { windows: [] };
    states.set(event, state);
  }
  return state;
}
