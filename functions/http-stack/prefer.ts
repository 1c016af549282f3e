/**
 * The `Prefer` request header (RFC 7240): preferences a client states and a server may
 * honour, saying so in `Preference-Applied`. Parsed as §2 writes it: a comma-separated
 * list of `token [= word] *(; parameter)`, names compared without case, quoted values
 * unquoted; a preference given twice counts once, the first (§2); an empty value is no
 * value. Used by `POST /v1/forecasts` for `wait` (§4.3): answer within N seconds.
 */

/** One preference: its value (undefined when none) and its parameters. */
export interface Preference {
  readonly value: string | undefined;
  readonly parameters: Readonly<Record<string, string | undefined>>;
}

/** Splits on `sep` outside quoted strings. */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '\\' && i + 1 < text.length) {
      current += ch + text[++i]!;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** `name [= word]` as a lower-cased name and its unquoted value; undefined when the name is not a token. */
function nameAndValue(text: string): [string, string | undefined] | undefined {
  const eq = text.indexOf('=');
  const name = (eq === -1 ? text : text.slice(0, eq)).trim().toLowerCase();
  if (!/^[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(name)) return undefined;
  if (eq === -1) return [name, undefined];
  const raw = text.slice(eq + 1).trim();
  const value = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  return [name, value === '' ? undefined : value];
}

/** The preferences of a `Prefer` header (several headers arrive comma-joined), by lower-cased name. */
export function parsePrefer(header: string | undefined): ReadonlyMap<string, Preference> {
  const out = new Map<string, Preference>();
  if (!header) return out;
  for (const item of splitOutsideQuotes(header, ',')) {
    const [head, ...params] = splitOutsideQuotes(item, ';');
    const pref = nameAndValue(head ?? '');
    if (!pref || out.has(pref[0])) continue;
    const parameters: Record<string, string | undefined> = {};
    for (const p of params) {
      const param = nameAndValue(p);
      if (param && !(param[0] in parameters)) parameters[param[0]] = param[1];
    }
    out.set(pref[0], { value: pref[1], parameters });
  }
  return out;
}

/**
 * The `wait` a client prefers, in whole seconds, bounded by `maxSeconds` (the server's
 * own limit); undefined when none is stated or its value is not delta-seconds (§4.3), as
 * a preference the server does not understand is ignored (§2).
 */
export function preferredWait(header: string | undefined, maxSeconds: number): number | undefined {
  const value = parsePrefer(header).get('wait')?.value;
  if (value === undefined || !/^\d{1,10}$/.test(value)) return undefined;
  return Math.min(Number(value), maxSeconds);
}
