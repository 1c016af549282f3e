/**
 * What use cases share about the resources they act on: that one exists and the caller
 * may see it, that it is still at the version the caller last read, which part of a
 * list a client user may read, and the before/after of a change.
 */
import { confinedClientId, type Principal } from '#domain/principal';
import { NotFound } from '#platform/errors';

/**
 * The resource if it exists and the caller may see it, else NotFound. A resource of
 * another client is reported as missing, so its existence is not revealed.
 */
export function visibleOrNotFound<T>(found: T | undefined, visible: (resource: T) => boolean, kind: string, id: string): T {
  if (found === undefined || !visible(found)) throw new NotFound(kind, id);
  return found;
}

/** The resource if it exists, else NotFound (resources every caller of the route may see). */
export const foundOrNotFound = <T>(found: T | undefined, kind: string, id: string): T => visibleOrNotFound(found, () => true, kind, id);

/**
 * The caller's precondition on the version read (If-Match over HTTP), checked once the
 * resource is loaded and before anything is written: it throws to refuse the write.
 */
export type VersionCheck = (current: { readonly version: number }) => void;

/**
 * The list query a caller may run: a client user's is confined to its own client,
 * whatever `clientId` it asks for; undefined when it asks for another client's (the
 * answer is then an empty page, as for any data the caller cannot see).
 */
export function confinedQuery<Q extends { readonly clientId?: string | undefined }>(who: Principal, query: Q): Q | undefined {
  const confined = confinedClientId(who);
  if (confined && query.clientId && query.clientId !== confined) return undefined;
  return { ...query, clientId: confined ?? query.clientId };
}

/** What a use case changed: the resource as it was read and as it was written (the audit trail keeps both). */
export interface Change<T> {
  readonly before: T;
  readonly after: T;
}
