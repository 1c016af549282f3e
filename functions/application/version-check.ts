/**
 * The caller's precondition on the version a use case reads (an HTTP If-Match, checked
 * by the route): called with the resource as read, before anything is written; it
 * throws (412) when the caller read another version.
 */
export type VersionCheck = (current: { version: number }) => void;
