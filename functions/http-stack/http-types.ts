import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Principal } from '#domain/principal';
import type { RouteDecl } from '#lib/model/types';

/** What a route handler receives: validated parts of the request and the caller. */
export interface HttpRequest<P = Record<string, string>, Q = Record<string, unknown>, B = unknown> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Present on every authenticated route (the platform refuses the call otherwise). */
  readonly principal: Principal | undefined;
  readonly requestId: string;
  readonly route: RouteDecl;
  readonly sourceIp: string | undefined;
  /** API Gateway's id of the API key the call carried. */
  readonly apiKeyId: string | undefined;
  /** The proxy event itself, for the rare route that must pass it on (batch). */
  readonly event: APIGatewayProxyEvent;
}

/** What a route handler returns; the platform serialises it. */
export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  /** A non-JSON body sent as is with its media type (e.g. an SVG chart); `body` is then ignored. */
  readonly rawBody?: { readonly contentType: string; readonly text: string };
  readonly headers?: Readonly<Record<string, string>>;
  /** Sets `ETag`; on GET an If-None-Match match turns the answer into 304. */
  readonly etag?: string;
  /** For the audit trail: the resource acted on and, for updates, its state before and after. */
  readonly audit?: { readonly resourceId?: string; readonly before?: object; readonly after?: object };
}
