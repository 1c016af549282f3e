/**
 * API keys of partners and apps: what Hydrant knows about a key beyond API Gateway
 * (owner, usage plan, IP allow-list, expiry, status, rotations), and the rules
 * about them. The key's value lives only in API Gateway; Hydrant keeps its prefix so
 * an admin can recognise a key.
 */
import { randomInt } from 'node:crypto';
import { isIP, SocketAddress } from 'node:net';
import { domainEvent } from './events';
import { firstVersion } from './versions';

export type ApiKeyStatus = 'active' | 'disabled';

/** A gateway key replaced by a rotation: it keeps working until `graceUntil`. */
export interface RetiringKey {
  readonly gatewayKeyId: string;
  readonly keyPrefix: string;
  readonly graceUntil: string;
}

export interface ApiKey {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly name: string;
  /** The partner or app the key belongs to. */
  readonly owner: string;
  readonly planId: string;
  /** Normalised addresses and CIDR ranges; empty: anywhere. */
  readonly ipAllowList: readonly string[];
  readonly expiresAt: string | null;
  readonly status: ApiKeyStatus;
  readonly lastRotatedAt: string | null;
  /** The first characters of the current value. */
  readonly keyPrefix: string;
  /** API Gateway's id of the current value (the `apiKeyId` of requests and audit records). */
  readonly gatewayKeyId: string;
  readonly retiringKeys: readonly RetiringKey[];
  /** Rotate automatically every this many days; null: only by hand. */
  readonly autoRotateDays: number | null;
  /** When the schedule rotates the key next (null without `autoRotateDays`). */
  readonly nextRotationAt: string | null;
  /** When admins were told of the coming rotation (`nextRotationAt`); null until then. */
  readonly rotationNoticeSentAt: string | null;
  /** The value made by the last automatic rotation, waiting to be claimed once (never its value, which only API Gateway keeps). */
  readonly pendingValue: PendingValue | null;
}

/** A value an automatic rotation made: the current value of the key, until an admin claims it once. */
export interface PendingValue {
  readonly keyPrefix: string;
  readonly rotatedAt: string;
  /** When the old value stops working: claim the new one before. */
  readonly previousValueUntil: string;
  /** When admins were told of the rotation; null until the schedule did. */
  readonly notifiedAt: string | null;
}

export interface NewApiKey {
  readonly name: string;
  readonly owner: string;
  readonly planId: string;
  readonly ipAllowList?: readonly string[];
  readonly expiresAt?: string | null;
  readonly status?: ApiKeyStatus;
  readonly autoRotateDays?: number | null;
}

export type ApiKeyPatch = Partial<Pick<ApiKey, 'name' | 'owner' | 'planId' | 'ipAllowList' | 'expiresAt' | 'status' | 'autoRotateDays'>>;

/** What the platform enforces for one gateway key (the control table's key policy). */
export interface ApiKeyPolicy {
  /** Hydrant's id of the key (the api-keys resource). */
  readonly keyId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly planId: string;
  /** Addresses and CIDR ranges the key may be used from; empty: anywhere. */
  readonly ipAllowList: readonly string[];
  readonly expiresAt: string | null;
  readonly status: ApiKeyStatus;
  /** Set on the old value of a rotated key: it works until then. */
  readonly graceUntil: string | null;
}

export const KEY_VALUE_PREFIX = 'hyd_';
export const KEY_PREFIX_LENGTH = 8;
export const DEFAULT_GRACE_HOURS = 168;
export const MAX_GRACE_HOURS = 720;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const MIN_AUTO_ROTATE_DAYS = 30;
export const MAX_AUTO_ROTATE_DAYS = 365;
/** Admins are told this many days before an automatic rotation. */
export const ROTATION_NOTICE_DAYS = 7;

/** A new key value: `hyd_` and 40 base62 characters from the CSPRNG (~238 bits). */
export function generateKeyValue(): string {
  let out = KEY_VALUE_PREFIX;
  for (let i = 0; i < 40; i++) out += BASE62[randomInt(BASE62.length)];
  return out;
}

/** The part of a value that is kept and shown, to recognise a key. */
export const keyPrefixOf = (value: string): string => value.slice(0, KEY_PREFIX_LENGTH);

function expandIpv6(address: string): number[] {
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':') : []);
  const toGroups = (parts: string[]) =>
    parts.flatMap((p) => {
      if (!p.includes('.')) return [parseInt(p, 16)];
      const [a, b, c, d] = p.split('.').map(Number) as [number, number, number, number];
      return [(a << 8) | b, (c << 8) | d];
    });
  const front = toGroups(parse(head));
  const back = tail === undefined ? [] : toGroups(parse(tail));
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function maskIpv6(address: string, bits: number): string {
  const groups = expandIpv6(address).map((g, i) => {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    return keep === 0 ? 0 : g & (0xffff << (16 - keep)) & 0xffff;
  });
  return new SocketAddress({ address: groups.map((g) => g.toString(16)).join(':'), family: 'ipv6' }).address;
}

function maskIpv4(address: string, bits: number): string {
  const n = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const masked = bits === 0 ? 0 : (n - (n % 2 ** (32 - bits)));
  return [24, 16, 8, 0].map((shift) => Math.floor(masked / 2 ** shift) % 256).join('.');
}

/**
 * An allow-list entry in canonical form (an address, or a CIDR range as its network
 * address), or undefined when it is neither an IPv4 nor an IPv6 address or range.
 * `10.1.2.3/8` becomes `10.0.0.0/8`, `2001:DB8:0::1` becomes `2001:db8::1`; zone ids
 * and leading zeros are refused.
 */
export function normaliseIpEntry(entry: string): string | undefined {
  const match = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(entry.trim());
  if (!match) return undefined;
  const [, address = '', bitsText] = match;
  const family = address.includes('%') ? 0 : isIP(address);
  if (family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  const canonical = family === 4 ? address : new SocketAddress({ address, family: 'ipv6' }).address;
  if (bitsText === undefined) return canonical;
  const bits = Number(bitsText);
  if (bits > max || (bitsText.length > 1 && bitsText.startsWith('0'))) return undefined;
  return `${family === 4 ? maskIpv4(canonical, bits) : maskIpv6(canonical, bits)}/${bits}`;
}

/** The allow-list normalised and without duplicates; throws on an entry `normaliseIpEntry` refuses. */
export function normaliseIpAllowList(entries: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    const normal = normaliseIpEntry(entry);
    if (normal === undefined) throw new Error(`Not an IP address or CIDR range: ${entry}`);
    if (!out.includes(normal)) out.push(normal);
  }
  return out;
}

/** Whether an expiry is acceptable for a key being written now: absent, or in the future. */
export const expiryIsFuture = (expiresAt: string | null | undefined, now: number): boolean =>
  expiresAt === null || expiresAt === undefined || Date.parse(expiresAt) > now;

/** When the old value of a rotated key stops working. */
export function graceUntil(now: number, gracePeriodHours: number = DEFAULT_GRACE_HOURS): string {
  if (!Number.isInteger(gracePeriodHours) || gracePeriodHours < 0 || gracePeriodHours > MAX_GRACE_HOURS) {
    throw new RangeError(`gracePeriodHours must be an integer from 0 to ${MAX_GRACE_HOURS}`);
  }
  return new Date(now + gracePeriodHours * HOUR_MS).toISOString();
}

export function newApiKey(id: string, input: NewApiKey, gateway: { gatewayKeyId: string; value: string }, now: string): ApiKey {
  return {
    ...firstVersion(id, now),
    name: input.name,
    owner: input.owner,
    planId: input.planId,
    ipAllowList: normaliseIpAllowList(input.ipAllowList ?? []),
    expiresAt: input.expiresAt ?? null,
    status: input.status ?? 'active',
    lastRotatedAt: null,
    keyPrefix: keyPrefixOf(gateway.value),
    gatewayKeyId: gateway.gatewayKeyId,
    retiringKeys: [],
    ...rotationPlanOf(input.autoRotateDays ?? null, now, now),
    pendingValue: null,
  };
}

/**
 * The automatic rotation fields for `days` (null: none): every `days` from the last
 * rotation (or creation), never sooner than the notice period from `now`, so admins
 * are always told before a key they just put on a schedule rotates.
 */
export function rotationPlanOf(days: number | null, since: string, now: string): Pick<ApiKey, 'autoRotateDays' | 'nextRotationAt' | 'rotationNoticeSentAt'> {
  if (days === null) return { autoRotateDays: null, nextRotationAt: null, rotationNoticeSentAt: null };
  const due = Math.max(Date.parse(since) + days * DAY_MS, Date.parse(now) + ROTATION_NOTICE_DAYS * DAY_MS);
  return { autoRotateDays: days, nextRotationAt: new Date(due).toISOString(), rotationNoticeSentAt: null };
}

export function applyApiKeyPatch(key: ApiKey, patch: ApiKeyPatch, now: string): ApiKey {
  const rescheduled = patch.autoRotateDays !== undefined && patch.autoRotateDays !== key.autoRotateDays;
  return {
    ...key,
    ...patch,
    ...(patch.ipAllowList ? { ipAllowList: normaliseIpAllowList(patch.ipAllowList) } : {}),
    ...(rescheduled ? rotationPlanOf(patch.autoRotateDays ?? null, key.lastRotatedAt ?? key.createdAt, now) : {}),
    version: key.version + 1,
    updatedAt: now,
  };
}

/**
 * The key after a rotation: the new value is current, the old one retires at `until`;
 * the next automatic rotation is `autoRotateDays` from now. An automatic rotation
 * leaves the new value pending (claimed once by an admin); a rotation by hand answered
 * it, so nothing is pending any more.
 */
export function rotateApiKey(
  key: ApiKey,
  gateway: { gatewayKeyId: string; value: string },
  until: string,
  now: string,
  automatic = false,
): ApiKey {
  return {
    ...key,
    version: key.version + 1,
    updatedAt: now,
    lastRotatedAt: now,
    keyPrefix: keyPrefixOf(gateway.value),
    gatewayKeyId: gateway.gatewayKeyId,
    retiringKeys: [...key.retiringKeys, { gatewayKeyId: key.gatewayKeyId, keyPrefix: key.keyPrefix, graceUntil: until }],
    ...rotationPlanOf(key.autoRotateDays, now, now),
    pendingValue: automatic ? { keyPrefix: keyPrefixOf(gateway.value), rotatedAt: now, previousValueUntil: until, notifiedAt: null } : null,
  };
}

/** What the rotation schedule must do for a key, and when (its work list's sort key). */
export interface RotationSchedule {
  /** `notify-after` first (a rotation done but not yet told), then `notify-before`, then `rotate`. */
  readonly next: 'notify-after' | 'notify-before' | 'rotate';
  readonly at: string;
}

/**
 * The next step of the automatic rotation of a key, or null when there is none (no
 * schedule, a disabled key, an expiry before the due date, and nothing left to tell).
 */
export function rotationScheduleOf(key: ApiKey): RotationSchedule | null {
  if (key.pendingValue && key.pendingValue.notifiedAt === null) return { next: 'notify-after', at: key.pendingValue.rotatedAt };
  if (key.autoRotateDays === null || key.nextRotationAt === null || key.status !== 'active') return null;
  if (key.expiresAt !== null && key.expiresAt <= key.nextRotationAt) return null;
  if (key.rotationNoticeSentAt === null) {
    return { next: 'notify-before', at: new Date(Date.parse(key.nextRotationAt) - ROTATION_NOTICE_DAYS * DAY_MS).toISOString() };
  }
  return { next: 'rotate', at: key.nextRotationAt };
}

/** Whether the step is due at `now`. */
export const rotationStepDue = (schedule: RotationSchedule, now: number): boolean => Date.parse(schedule.at) <= now;

/** The key once admins were told of its coming rotation. */
export const withRotationNotice = (key: ApiKey, now: string): ApiKey => ({ ...key, version: key.version + 1, updatedAt: now, rotationNoticeSentAt: now });

/** The key once admins were told of its automatic rotation. */
export const withRotatedNotice = (key: ApiKey, now: string): ApiKey =>
  key.pendingValue ? { ...key, version: key.version + 1, updatedAt: now, pendingValue: { ...key.pendingValue, notifiedAt: now } } : key;

/** The key once its pending value was claimed. */
export const withValueClaimed = (key: ApiKey, now: string): ApiKey => ({ ...key, version: key.version + 1, updatedAt: now, pendingValue: null });

/** Every gateway key of the key: the current value and those still in their grace period. */
export const gatewayKeyIdsOf = (key: ApiKey): string[] => [key.gatewayKeyId, ...key.retiringKeys.map((r) => r.gatewayKeyId)];

/** The policy the platform enforces for one gateway key of `key`. */
export function policyOf(tenantId: string, key: ApiKey, gatewayKeyId: string): ApiKeyPolicy {
  const retiring = key.retiringKeys.find((r) => r.gatewayKeyId === gatewayKeyId);
  return {
    keyId: key.id,
    tenantId,
    name: key.name,
    planId: key.planId,
    ipAllowList: key.ipAllowList,
    expiresAt: key.expiresAt,
    status: key.status,
    graceUntil: retiring?.graceUntil ?? null,
  };
}

/**
 * When the maintenance schedule must next act on a gateway key: the end of its grace
 * period (then it is deleted) or its expiry (then it is disabled, unless that was
 * done already), whichever comes first; null when there is nothing left to do.
 */
export function deadlineOf(policy: Pick<ApiKeyPolicy, 'expiresAt' | 'graceUntil'>, expiryEnforced = false): string | null {
  const ends = [expiryEnforced ? null : policy.expiresAt, policy.graceUntil].filter((d): d is string => typeof d === 'string').sort();
  return ends[0] ?? null;
}

/** Whether API Gateway should accept the key's values at `now`: active and not expired. */
export const gatewayEnabled = (key: Pick<ApiKey, 'status' | 'expiresAt'>, now: number): boolean =>
  key.status === 'active' && expiryIsFuture(key.expiresAt, now);

/** What the maintenance schedule does with a gateway key whose deadline has come. */
export function maintenanceAction(policy: Pick<ApiKeyPolicy, 'expiresAt' | 'graceUntil'>, now: number): 'delete' | 'disable' | 'none' {
  if (policy.graceUntil && Date.parse(policy.graceUntil) <= now) return 'delete';
  if (policy.expiresAt && Date.parse(policy.expiresAt) <= now) return 'disable';
  return 'none';
}

/**
 * The fields of a key an audit record may show as changed: never a value, and the
 * gateway ids are shown only as the prefix an admin recognises.
 */
export function auditView(key: ApiKey): Record<string, unknown> {
  const { name, owner, planId, ipAllowList, expiresAt, status, lastRotatedAt, keyPrefix, version, autoRotateDays, nextRotationAt } = key;
  return { name, owner, planId, ipAllowList, expiresAt, status, lastRotatedAt, keyPrefix, version, autoRotateDays, nextRotationAt, pendingValue: key.pendingValue !== null };
}

/** What API Gateway must be told about one gateway key after a change of the key. */
export interface GatewayChange {
  readonly gatewayKeyId: string;
  /** Move the gateway key from one usage plan to another. */
  readonly plan?: { readonly from: string; readonly to: string };
  readonly enabled?: boolean;
  readonly name?: string;
}

/**
 * The gateway calls that take `before` to `after` for the fields in `changed`: a
 * new plan moves every gateway key; a new status or expiry (re)sets whether each is
 * enabled (a retiring one only while its grace lasts); a new name renames the
 * current one. Swapping `before` and `after` gives the calls that undo them.
 */
export function gatewayChangesOf(before: ApiKey, after: ApiKey, changed: ApiKeyPatch, now: number): GatewayChange[] {
  const enabling = changed.status !== undefined || changed.expiresAt !== undefined;
  const changes = gatewayKeyIdsOf(after).map((gatewayKeyId): GatewayChange => {
    const retiring = after.retiringKeys.find((r) => r.gatewayKeyId === gatewayKeyId);
    const inGrace = !retiring || Date.parse(retiring.graceUntil) > now;
    return {
      gatewayKeyId,
      ...(before.planId !== after.planId ? { plan: { from: before.planId, to: after.planId } } : {}),
      ...(enabling ? { enabled: gatewayEnabled(after, now) && inGrace } : {}),
      ...(!retiring && changed.name !== undefined && before.name !== after.name ? { name: `${after.name} (${after.id})` } : {}),
    };
  });
  return changes.filter((c) => c.plan || c.enabled !== undefined || c.name);
}

// ── Events of the automatic rotation (ids fixed per key and date: a rerun notifies once) ──

const rotationData = (key: ApiKey) => ({ keyId: key.id, name: key.name, owner: key.owner, keyPrefix: key.keyPrefix });

/** `api_key.rotation_due`: the key rotates automatically at its `nextRotationAt`. */
export function apiKeyRotationDueEvent(tenant: string, key: ApiKey, occurredAt: string) {
  return domainEvent('api_key.rotation_due', `api_key.rotation_due:${key.id}:${key.nextRotationAt}`, tenant, occurredAt, { ...rotationData(key), dueAt: key.nextRotationAt });
}

/** `api_key.rotated`: the key was rotated; its new value waits for an admin to claim it. */
export function apiKeyRotatedEvent(tenant: string, key: ApiKey, pending: Pick<PendingValue, 'rotatedAt' | 'previousValueUntil'>, occurredAt: string) {
  return domainEvent('api_key.rotated', `api_key.rotated:${key.id}:${pending.rotatedAt}`, tenant, occurredAt, {
    ...rotationData(key),
    rotatedAt: pending.rotatedAt,
    previousValueUntil: pending.previousValueUntil,
  });
}

/** Why a key's value cannot be claimed. */
export type ClaimRefusal = 'NO_PENDING_VALUE';

/**
 * A value is claimable when an automatic rotation left one pending for the key's current
 * prefix: none was made, it was claimed already, or a rotation by hand replaced it.
 */
export const claimRefusal = (key: Pick<ApiKey, 'pendingValue' | 'keyPrefix'>): ClaimRefusal | undefined =>
  !key.pendingValue || key.pendingValue.keyPrefix !== key.keyPrefix ? 'NO_PENDING_VALUE' : undefined;
