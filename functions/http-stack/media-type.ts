/**
 * Media types, parsed exactly as RFC 9110 §8.3.1 writes them and matched against the
 * ones a route declares (`request.mediaTypes` in the model). `application/json-patch`
 * or `application/jsonfoo` is not `application/json`; `application/merge-patch+json`
 * is JSON by its structured suffix (RFC 6838 §4.2.8) but accepted only where declared.
 */

export interface MediaType {
  /** Lower-cased, e.g. `application`. */
  readonly type: string;
  /** Lower-cased, e.g. `merge-patch+json`. */
  readonly subtype: string;
  /** The structured suffix, lower-cased: `json` of `merge-patch+json`. */
  readonly suffix?: string;
  /** Parameter names lower-cased, values unquoted; `charset` lower-cased (its values are case-insensitive). */
  readonly parameters: Readonly<Record<string, string>>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const OWS = /[ \t]*/y;
const TOKEN_AT = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
/** quoted-string: DQUOTE *( qdtext / quoted-pair ) DQUOTE, obs-text allowed. */
const QUOTED_AT = /"((?:[\t \x21\x23-\x5B\x5D-\x7E\x80-\xFF]|\\[\t \x21-\x7E\x80-\xFF])*)"/y;

function take(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** Parses `type "/" subtype *( OWS ";" OWS [ parameter ] )`; undefined when it is not one. */
export function parseMediaType(value: string): MediaType | undefined {
  const text = value.trim();
  const slash = text.indexOf('/');
  const end = text.search(/[ \t;]/);
  const essence = end === -1 ? text : text.slice(0, end);
  const type = essence.slice(0, slash);
  const subtype = essence.slice(slash + 1);
  if (slash < 1 || !TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  const parameters: Record<string, string> = {};
  let at = essence.length;
  while (at < text.length) {
    at += take(OWS, text, at)?.[0].length ?? 0;
    if (text[at] !== ';') return undefined;
    at += 1;
    at += take(OWS, text, at)?.[0].length ?? 0;
    if (at === text.length || text[at] === ';') continue; // an empty parameter is allowed
    const name = take(TOKEN_AT, text, at)?.[0];
    if (!name || text[at + name.length] !== '=') return undefined;
    at += name.length + 1;
    const quoted = take(QUOTED_AT, text, at);
    const raw = quoted ? quoted[1]!.replace(/\\(.)/g, '$1') : take(TOKEN_AT, text, at)?.[0];
    if (raw === undefined) return undefined;
    at += quoted ? quoted[0].length : raw.length;
    const key = name.toLowerCase();
    // A parameter given twice is ambiguous: refuse rather than guess which one counts.
    if (key in parameters) return undefined;
    parameters[key] = key === 'charset' ? raw.toLowerCase() : raw;
  }
  const lowerSubtype = subtype.toLowerCase();
  const plus = lowerSubtype.lastIndexOf('+');
  return { type: type.toLowerCase(), subtype: lowerSubtype, ...(plus > 0 ? { suffix: lowerSubtype.slice(plus + 1) } : {}), parameters };
}

export const essenceOf = (mediaType: MediaType): string => `${mediaType.type}/${mediaType.subtype}`;

/** Whether a body of this media type is JSON: `application/json` or a `+json` structured suffix. */
export const isJson = (mediaType: MediaType): boolean => mediaType.type === 'application' && (mediaType.subtype === 'json' || mediaType.suffix === 'json');

/** Bodies are decoded as UTF-8 (JSON must be, RFC 8259 §8.1): any other charset is refused. */
const READABLE_CHARSETS = new Set(['utf-8']);

/**
 * The media type of a `Content-Type` header when it is one of `accepted` (type and
 * subtype compared without case, parameters ignored but `charset`, which must be
 * UTF-8); undefined otherwise.
 */
export function matchMediaType(header: string | undefined, accepted: readonly string[]): MediaType | undefined {
  const mediaType = header === undefined ? undefined : parseMediaType(header);
  if (!mediaType) return undefined;
  const charset = mediaType.parameters.charset;
  if (charset !== undefined && !READABLE_CHARSETS.has(charset)) return undefined;
  const essence = essenceOf(mediaType);
  return accepted.some((a) => a.toLowerCase() === essence) ? mediaType : undefined;
}
