/**
 * ETags from the version attribute, and the conditional-request rules of RFC 9110:
 * If-None-Match (weak comparison) on reads, If-Match (strong) on writes.
 */
import { PreconditionFailed, ValidationFailed } from '#platform/errors';

export const etagOf = (version: number): string => `"v${version}"`;

function parseList(header: string): string[] {
  return header.split(',').map((t) => t.trim()).filter(Boolean);
}

/** Whether an If-None-Match header matches the current ETag (so a GET answers 304). */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.replace(/^W\//, '');
  return parseList(ifNoneMatch).some((t) => t === '*' || bare(t) === bare(etag));
}

/**
 * The versions an If-Match header accepts (any of them satisfies it, RFC 9110
 * 13.1.1); undefined when absent or `*` (the write is then unconditional). A weak or
 * unparsable tag never matches: only such tags is 412, an empty header 400.
 */
export function ifMatchVersions(ifMatch: string | undefined): number[] | undefined {
  if (ifMatch === undefined) return undefined;
  const tags = parseList(ifMatch);
  if (tags.includes('*')) return undefined;
  if (tags.length === 0) throw new ValidationFailed('If-Match is empty', [{ path: 'headers.if-match', message: 'empty' }]);
  const versions = tags.map((t) => /^"v([1-9]\d{0,11})"$/.exec(t)?.[1]).filter((v): v is string => v !== undefined).map(Number);
  if (versions.length === 0) throw new PreconditionFailed();
  return versions;
}
