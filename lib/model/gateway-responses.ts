/**
 * The answers API Gateway gives by itself (before any Lambda runs), as RFC 9457
 * problem documents. The CDK stack installs them as gateway responses and the
 * local gateway answers with the same, so a client sees one error format.
 */
export interface GatewayProblem {
  /** API Gateway's response type (GatewayResponse `ResponseType`). */
  readonly responseType: string;
  /** Absent for the DEFAULT_* types, which keep the status API Gateway chose. */
  readonly status?: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
}

export const GATEWAY_PROBLEMS = {
  missingToken: { responseType: 'UNAUTHORIZED', status: 401, code: 'UNAUTHORIZED', title: 'Authentication is required', detail: 'Send a valid access token as Authorization: Bearer <token>' },
  badApiKey: { responseType: 'INVALID_API_KEY', status: 403, code: 'INVALID_API_KEY', title: 'Forbidden', detail: 'Send a valid API key in the x-api-key header' },
  scopes: { responseType: 'ACCESS_DENIED', status: 403, code: 'FORBIDDEN', title: 'This action is not allowed', detail: 'The token does not carry a scope this route accepts' },
  unknownRoute: { responseType: 'MISSING_AUTHENTICATION_TOKEN', status: 404, code: 'ROUTE_NOT_FOUND', title: 'Not found', detail: 'No such route or method' },
  throttled: { responseType: 'THROTTLED', status: 429, code: 'THROTTLED', title: 'Too many requests', detail: 'The rate limit of your usage plan is exceeded; retry later' },
  quota: { responseType: 'QUOTA_EXCEEDED', status: 429, code: 'QUOTA_EXCEEDED', title: 'Quota exceeded', detail: 'The quota of your usage plan is used up for this period' },
  tooLarge: { responseType: 'REQUEST_TOO_LARGE', status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'The request body is too large', detail: 'The body exceeds the size API Gateway accepts' },
  wafBlocked: { responseType: 'WAF_FILTERED', status: 403, code: 'REQUEST_BLOCKED', title: 'Forbidden', detail: 'The request was blocked by the web application firewall' },
  integrationTimeout: { responseType: 'INTEGRATION_TIMEOUT', status: 504, code: 'TIMEOUT', title: 'The request timed out', detail: 'The request took too long; retry later' },
  default4xx: { responseType: 'DEFAULT_4XX', code: 'BAD_REQUEST', title: 'The request was rejected', detail: 'The request was rejected before reaching the API' },
  default5xx: { responseType: 'DEFAULT_5XX', code: 'INTERNAL_ERROR', title: 'Internal error', detail: 'Something went wrong on our side' },
} as const satisfies Record<string, GatewayProblem>;

export const PROBLEM_TYPE_BASE = 'https://docs.hydrant.dev/problems/';

function problemDocument(p: GatewayProblem, requestId: string): Record<string, unknown> {
  return {
    type: `${PROBLEM_TYPE_BASE}${p.code.toLowerCase().replace(/_/g, '-')}`,
    title: p.title,
    ...(p.status === undefined ? {} : { status: p.status }),
    detail: p.detail,
    code: p.code,
    requestId,
  };
}

/** The body the local gateway sends. */
export const gatewayProblemBody = (p: GatewayProblem, requestId: string): string => JSON.stringify(problemDocument(p, requestId));

/** The mapping template API Gateway renders: the same document, with its own request id. */
export const gatewayProblemTemplate = (p: GatewayProblem): string => JSON.stringify(problemDocument(p, '$context.requestId'));
