/**
 * A request body as its route declares it: at most 1 MiB, sent as one of the route's
 * media types (matched exactly, see media-type.ts), decoded, and nested no deeper than
 * the route allows, so no body can make the code that reads it recurse out of stack.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { DEFAULT_BODY_MEDIA_TYPES, MAX_BODY_DEPTH, type RouteDecl } from '#lib/model/types';
import { BodyTooDeep, MalformedJson, PayloadTooLarge, UnsupportedMediaType } from './errors';
import { isJson, matchMediaType } from './media-type';

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

/** The decoded body, or undefined when there is none or the route takes none. */
export function parseBody(event: APIGatewayProxyEvent, contentType: string | undefined, route: RouteDecl): unknown {
  const raw = event.body;
  if (raw === null || raw === undefined || raw === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLarge('The body exceeds 1 MiB');
  if (!route.request?.body) return undefined;
  const accepted = bodyMediaTypes(route);
  const mediaType = matchMediaType(contentType, accepted);
  // A declared type the platform has no decoder for is a mistake in the model, refused the same way.
  if (!mediaType || !isJson(mediaType)) throw new UnsupportedMediaType(accepted);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedJson();
  }
  checkBodyDepth(route, value);
  return value;
}
