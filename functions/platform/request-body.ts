/**
 * The request body forms a route declares besides a JSON object (`bodyMediaTypes`,
 * `bareArrayField` in the model): a form-encoded body and a bare JSON array are turned
 * into the object the route's schema validates, so every form gets the same checks and
 * the same errors.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RequestMediaType, RouteDecl } from '#lib/model/types';
import { ValidationFailed } from './errors';

export const FORM = 'application/x-www-form-urlencoded';

/** The media types a route's body may come in. */
export const bodyMediaTypes = (route: RouteDecl): readonly RequestMediaType[] => route.request?.bodyMediaTypes ?? ['application/json'];

/** The media type of a Content-Type header without its parameters, lower case (`Application/X-WWW-Form-Urlencoded; charset=utf-8` → `application/x-www-form-urlencoded`). */
export const essenceOf = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** Whether the route takes this Content-Type as a form. */
export const isDeclaredForm = (route: RouteDecl, contentType: string | undefined): boolean =>
  essenceOf(contentType) === FORM && bodyMediaTypes(route).includes(FORM);

/**
 * A form-encoded body as an object of strings. A name given twice is refused (RFC 6749
 * §3.1: parameters must not be repeated), rather than one of the values silently winning.
 */
export function parseFormBody(text: string): Record<string, string> {
  const fields = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) {
    if (fields.has(name)) throw new ValidationFailed(`The form gives ${name} more than once`, [{ path: `body.${name}`, message: 'given more than once' }]);
    fields.set(name, value);
  }
  // fromEntries defines own properties: a field named __proto__ stays a field (and the strict schema refuses it).
  return Object.fromEntries(fields);
}

/** A bare array as the object the route declares it stands for; anything else unchanged. */
export const asDeclaredBody = (route: RouteDecl, body: unknown): unknown =>
  route.request?.bareArrayField && Array.isArray(body) ? { [route.request.bareArrayField]: body } : body;

/**
 * One top-level string field of the raw body, JSON or form as the route declares, for
 * what runs before validation (the per-account login limit); undefined when absent or unreadable.
 */
export function rawBodyField(event: APIGatewayProxyEvent, route: RouteDecl, field: string): string | undefined {
  const contentType = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const text = event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');
  try {
    const body = isDeclaredForm(route, contentType) ? parseFormBody(text) : (JSON.parse(text || '{}') as Record<string, unknown>);
    const value = (body as Record<string, unknown> | null)?.[field];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
