/** Small helpers every resource handler uses, so single-resource answers look the same everywhere. */
import type { Principal } from '#domain/principal';
import { etagOf, ifMatchVersions } from './etag';
import { NotFound, PreconditionFailed } from '#platform/errors';
import type { HttpResult } from './http-types';

/** The principal of an authenticated route (the platform has already refused calls without one). */
export function caller(principal: Principal | undefined): Principal {
  if (!principal) throw new Error('Authenticated route reached without a principal');
  return principal;
}

/**
 * The resource if it exists and the caller may see it. A resource of another
 * client is reported as missing, so its existence is not revealed.
 */
export function visibleOr404<T extends { id: string }>(found: T | undefined, visible: (r: T) => boolean, kind: string, id: string): T {
  if (!found || !visible(found)) throw new NotFound(kind, id);
  return found;
}

/** Fails with 412 when If-Match names another version than the current one. */
export function checkIfMatch(ifMatch: string | undefined, current: { version: number }): void {
  const accepted = ifMatchVersions(ifMatch);
  if (accepted !== undefined && !accepted.includes(current.version)) throw new PreconditionFailed();
}

export const resourceResult = (resource: { version: number }, status = 200, headers?: Record<string, string>): HttpResult => ({
  status,
  body: resource,
  etag: etagOf(resource.version),
  ...(headers ? { headers } : {}),
});

export const pageResult = <T>(page: { items: T[]; nextCursor: string | null }): HttpResult => ({
  status: 200,
  body: { data: page.items, nextCursor: page.nextCursor },
});
