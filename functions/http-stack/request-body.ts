/**
 * A request body as its route declares it: at most 1 MiB, sent as one of the route's
 * media types (matched exactly, see media-type.ts), decoded, and nested no deeper than
 * the route allows, so no body can make the code that reads it recurse out of stack.
 * A form (`application/x-www-form-urlencoded`), a bare JSON array (`bareArrayField`) and a
 * CSV text (`textField`) are turned into the object the route's schema validates, so every
 * form of a body gets the same checks and the same errors. A `multipart/form-data` body (a
 * file upload) is read by {@link readBody} only, within the route's own limit, and made into
 * the body by the route's `request.multipart.toBody`.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { CSV_MEDIA_TYPE, DEFAULT_BODY_MEDIA_TYPES, FORM_MEDIA_TYPE, MAX_BODY_DEPTH, MULTIPART_MEDIA_TYPE, type RouteDecl } from '#lib/model/types';
import { BodyTooDeep, MalformedJson, PayloadTooLarge, UnsupportedMediaType, ValidationFailed } from '#platform/errors';
import { essenceOf, isJson, matchMediaType } from './media-type';
import { parseMultipart } from './multipart';

const MAX_BODY_BYTES = 1024 * 1024;

export const bodyMediaTypes = (route: RouteDecl): readonly string[] => route.request?.mediaTypes ?? DEFAULT_BODY_MEDIA_TYPES;

/** Whether a JSON value nests objects and arrays deeper than `limit`; iterative, so any depth is measured safely. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Throws 400 BODY_TOO_DEEP when a decoded body nests deeper than the route allows. */
export function checkBodyDepth(route: RouteDecl, value: unknown): void {
  const limit = route.request?.maxBodyDepth ?? MAX_BODY_DEPTH;
  if (nestsDeeperThan(value, limit)) throw new BodyTooDeep(limit);
}

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

/** Decodes a body's text as the matched media type says; undefined when the platform has no decoder for it. */
function decode(route: RouteDecl, contentType: string | undefined, text: string): { value: unknown } | undefined {
  const mediaType = matchMediaType(contentType, bodyMediaTypes(route));
  if (!mediaType) return undefined;
  if (essenceOf(mediaType) === FORM_MEDIA_TYPE) return { value: parseFormBody(text) };
  if (essenceOf(mediaType) === CSV_MEDIA_TYPE && route.request?.textField) return { value: { [route.request.textField]: text } };
  if (!isJson(mediaType)) return undefined;
  try {
    return { value: asDeclaredBody(route, JSON.parse(text) as unknown) };
  } catch {
    throw new MalformedJson();
  }
}

const bodyText = (event: APIGatewayProxyEvent): string => (event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? ''));

/** The decoded body, or undefined when there is none or the route takes none. */
export function parseBody(event: APIGatewayProxyEvent, contentType: string | undefined, route: RouteDecl): unknown {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const text = bodyText(event);
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLarge('The body exceeds 1 MiB');
  if (!route.request?.body) return undefined;
  // A declared type the platform has no decoder for is a mistake in the model, refused the same way.
  const decoded = decode(route, contentType, text);
  if (!decoded) throw new UnsupportedMediaType(bodyMediaTypes(route));
  checkBodyDepth(route, decoded.value);
  return decoded.value;
}

/**
 * One top-level string field of the raw body, JSON or form as the route declares, for
 * what runs before validation (the per-account login limit); undefined when absent or unreadable.
 */
export function rawBodyField(event: APIGatewayProxyEvent, route: RouteDecl, field: string): string | undefined {
  const contentType = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  try {
    const value = (decode(route, contentType, bodyText(event) || '{}')?.value as Record<string, unknown> | null | undefined)?.[field];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The decoded body, as {@link parseBody}, and a `multipart/form-data` body where the route
 * declares one (`request.multipart`): its bytes bounded by the route's `maxBytes`, its
 * parts made into the object the route's body schema validates.
 */
export async function readBody(event: APIGatewayProxyEvent, contentType: string | undefined, route: RouteDecl): Promise<unknown> {
  const multipart = route.request?.multipart;
  const mediaType = multipart && matchMediaType(contentType, bodyMediaTypes(route));
  if (!multipart || !mediaType || essenceOf(mediaType) !== MULTIPART_MEDIA_TYPE) return parseBody(event, contentType, route);
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const bytes = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > multipart.maxBytes) throw new PayloadTooLarge(`The body exceeds ${multipart.maxBytes} bytes`);
  const value = multipart.toBody(await parseMultipart(bytes, contentType!, multipart.maxBytes));
  checkBodyDepth(route, value);
  return value;
}
