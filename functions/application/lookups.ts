/**
 * How a use case meets the resource it names: it exists and the caller may see it, or
 * `NotFound` (a resource of another client is reported as missing, so its existence is
 * not revealed); and the caller's precondition on the version it read.
 */
import { NotFound } from '#platform/errors';

/**
 * The caller's precondition on the version a use case read (a route's `If-Match`),
 * checked after the read and before any write; it throws when not met.
 */
export type VersionCheck = (current: { version: number }) => void;

/** The resource if it exists and `visible` says the caller may see it; `NotFound` otherwise. */
export function visibleOrNotFound<T>(found: T | undefined, visible: (resource: T) => boolean, kind: string, id: string): T {
  if (found === undefined || !visible(found)) throw new NotFound(kind, id);
  return found;
}

/** The resource if it exists; `NotFound` otherwise. */
export const foundOrNotFound = <T>(found: T | undefined, kind: string, id: string): T => visibleOrNotFound(found, () => true, kind, id);
