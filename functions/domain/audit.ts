/**
 * The audit trail's rules: what a record holds, which changes it keeps, what is
 * redacted, and how client addresses are truncated after 30 days. Pure.
 */
export interface AuditRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly at: string;
  readonly principal: { readonly kind: 'user' | 'machine' | 'anonymous'; readonly id: string; readonly username?: string; readonly role?: string };
  readonly apiKeyId: string | null;
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly clientAddress: string | null;
  readonly userAgent: string | null;
  /** SHA-256 of the request body, never the body. */
  readonly bodySha256: string | null;
  /** For updates: the fields that changed, before and after, secrets redacted. */
  readonly changes: Readonly<Record<string, { readonly before: unknown; readonly after: unknown }>> | null;
}

export const AUDIT_RETENTION_DAYS = 365;
export const ADDRESS_RETENTION_DAYS = 30;

const SECRET = /pass(word)?|secret|token|api[-_]?key|^key$|value|credential|private/i;
export const REDACTED = '[REDACTED]';

/**
 * Fields that hold a person's data, wherever they appear: the audit keeps that they changed,
 * never their values, because an append-only log could not erase them for the person
 * (`DELETE /v1/users/{id}`). Routes add their own (a technician's `name`).
 */
const PERSONAL = /^(e-?mail|phone|givenName|familyName|technicianName|signedBy|homeBase)$/i;
export const PERSONAL_DATA = '[PERSONAL DATA]';

function redact(name: string, value: unknown, personal: ReadonlySet<string>): unknown {
  if (value === undefined) return undefined;
  if (SECRET.test(name)) return REDACTED;
  if (value !== null && (PERSONAL.test(name) || personal.has(name))) return PERSONAL_DATA;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(k, v, personal)]));
  }
  return value;
}

const BOOKKEEPING = new Set(['version', 'updatedAt']);

/**
 * The top-level fields whose values differ, with secrets and personal data redacted
 * (`personalFields`: the route's own, on top of the usual names); null when nothing changed
 * or nothing to compare.
 */
export function changedFields(before: object | undefined, after: object | undefined, personalFields: readonly string[] = []): AuditRecord['changes'] {
  const personal = new Set(personalFields);
  if (!before && !after) return null;
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (BOOKKEEPING.has(field)) continue;
    if (JSON.stringify(b[field]) === JSON.stringify(a[field])) continue;
    changes[field] = { before: redact(field, b[field], personal) ?? null, after: redact(field, a[field], personal) ?? null };
  }
  return Object.keys(changes).length ? changes : null;
}

/**
 * Keeps the network, not the host: IPv4 to its /24 (203.0.113.0), IPv6 to its /48.
 */
export function truncateAddress(address: string): string {
  if (address.includes(':')) {
    const [head] = address.split('::');
    const groups = (head ?? '').split(':').filter(Boolean);
    return `${groups.slice(0, 3).join(':')}::`;
  }
  const parts = address.split('.');
  return parts.length === 4 ? `${parts.slice(0, 3).join('.')}.0` : '';
}

/** The resource type a route acts on, from its path: `/v1/work-orders/{id}/history` -> `work-order`. */
export function resourceTypeOf(path: string): string {
  const segment = path.split('/').filter((s) => s && !s.startsWith('{') && !/^v\d+$/.test(s))[0] ?? 'api';
  return segment.endsWith('ies') ? `${segment.slice(0, -3)}y` : segment.endsWith('s') ? segment.slice(0, -1) : segment;
}
