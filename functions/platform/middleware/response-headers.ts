/**
 * Headers every answer carries, success or error: security headers and CORS for the
 * configured origins only. Runs on `after` and `onError` so problem responses get them too.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const SECURITY_HEADERS: Record<string, string> = {
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

export function responseHeaders(corsOrigins: readonly string[]): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const apply = (request: { event: APIGatewayProxyEvent; response: APIGatewayProxyResult | null | undefined }) => {
    if (!request.response) return;
    const headers: Record<string, string | number | boolean> = { ...SECURITY_HEADERS, ...request.response.headers };
    if (!('Cache-Control' in headers)) headers['Cache-Control'] = 'no-store';
    const origin = request.event.headers?.origin ?? request.event.headers?.Origin;
    if (origin && (corsOrigins.includes(origin) || corsOrigins.includes('*'))) {
      headers['Access-Control-Allow-Origin'] = origin;
      headers['Access-Control-Expose-Headers'] = 'ETag, Location, Retry-After';
      headers.Vary = 'Origin';
    }
    request.response = { ...request.response, headers };
  };
  return { after: apply, onError: apply };
}
