/**
 * API keys of partners and apps. The value is answered once, on create and rotate
 * (`ApiKeyWithValue`); every other answer shows only its prefix.
 */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { expiryIsFuture, MAX_AUTO_ROTATE_DAYS, MAX_GRACE_HOURS, MIN_AUTO_ROTATE_DAYS, DEFAULT_GRACE_HOURS, normaliseIpEntry, ROTATION_NOTICE_DAYS } from '#domain/api-keys';
import { USAGE_PLANS } from '../usage-plans';
import { IsoDateTime, PageQuery, ResourceMeta, Text } from './common';

const PLAN_IDS = USAGE_PLANS.map((p) => p.id) as [string, ...string[]];
const PlanId = lazySchema(() => z.enum(PLAN_IDS).describe('The usage plan: its rate, burst and quota'));
const Status = lazySchema(() => z.enum(['active', 'disabled']));

const IpEntry = lazySchema(() => z
  .string()
  .max(64)
  .refine((v) => normaliseIpEntry(v) !== undefined, 'must be an IPv4 or IPv6 address or CIDR range')
  .meta({ example: '203.0.113.0/24' }));

const IpAllowList = lazySchema(() => z
  .array(IpEntry)
  .max(50)
  .describe('Addresses and CIDR ranges (IPv4, IPv6) the key may be used from; empty: anywhere. A call from elsewhere is 403 IP_NOT_ALLOWED'));

const AutoRotateDays = lazySchema(() => z
  .int()
  .min(MIN_AUTO_ROTATE_DAYS)
  .max(MAX_AUTO_ROTATE_DAYS)
  .describe(
    `Rotate the key automatically every this many days (from its last rotation). Admins are notified ${ROTATION_NOTICE_DAYS} days before and after; ` +
      'the new value is then claimed once with POST /v1/api-keys/{id}/pending-value, and the previous one keeps working for the default grace period',
  ));

const FutureDateTime = lazySchema(() => IsoDateTime.refine((v) => expiryIsFuture(v, Date.now()), 'must be in the future'));

export const CreateApiKeyBody = lazySchema(() => z.strictObject({
  name: Text(200),
  owner: Text(200).describe('The partner or app the key belongs to'),
  planId: PlanId,
  ipAllowList: IpAllowList.optional(),
  expiresAt: FutureDateTime.optional().describe('After this time the key is refused with 403 API_KEY_EXPIRED'),
  status: Status.optional(),
  autoRotateDays: AutoRotateDays.optional(),
}));

/** PATCH semantics: every field optional, at least one present; `expiresAt: null` removes the expiry. */
export const UpdateApiKeyBody = lazySchema(() => z
  .strictObject({
    name: Text(200).optional(),
    owner: Text(200).optional(),
    planId: PlanId.optional(),
    ipAllowList: IpAllowList.optional(),
    expiresAt: FutureDateTime.nullable().optional(),
    status: Status.optional().describe('`disabled`: API Gateway refuses the key (403 INVALID_API_KEY) until it is active again'),
    autoRotateDays: AutoRotateDays.nullable().optional().describe('`null` stops automatic rotation'),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

export const RotateApiKeyBody = lazySchema(() => z.strictObject({
  gracePeriodHours: z
    .int()
    .min(0)
    .max(MAX_GRACE_HOURS)
    .default(DEFAULT_GRACE_HOURS)
    .describe('How long the previous value keeps working (0: refused at once)'),
}));

export const ListApiKeysQuery = PageQuery;

const RetiringKey = lazySchema(() => z.object({
  gatewayKeyId: z.string(),
  keyPrefix: z.string(),
  graceUntil: IsoDateTime.describe('The previous value stops working then'),
}));

const ApiKeyFields = lazySchema(() => ({
  ...ResourceMeta,
  name: z.string(),
  owner: z.string(),
  planId: z.string(),
  ipAllowList: z.array(z.string()),
  expiresAt: IsoDateTime.nullable(),
  status: Status,
  lastRotatedAt: IsoDateTime.nullable(),
  keyPrefix: z.string().describe('The first 8 characters of the current value, to recognise the key'),
  gatewayKeyId: z.string().describe("API Gateway's id of the current value (the apiKeyId of audit records)"),
  retiringKeys: z.array(RetiringKey).describe('Previous values still in their grace period'),
  autoRotateDays: z.int().nullable().describe('Automatic rotation every this many days; null: only by hand'),
  nextRotationAt: IsoDateTime.nullable().describe('When the schedule rotates the key next'),
  rotationNoticeSentAt: IsoDateTime.nullable().describe('When admins were told of the coming rotation'),
  pendingValue: z
    .object({
      keyPrefix: z.string(),
      rotatedAt: IsoDateTime,
      previousValueUntil: IsoDateTime.describe('The previous value stops working then: claim the new one before'),
      notifiedAt: IsoDateTime.nullable(),
    })
    .nullable()
    .describe('A value made by an automatic rotation, to claim once with POST /v1/api-keys/{id}/pending-value'),
}));

export const ApiKey = lazySchema(() => z.object(ApiKeyFields).meta({ id: 'ApiKey' }));

export const ApiKeyWithValue = lazySchema(() => z
  .object({ ...ApiKeyFields, value: z.string().describe('The key value, shown only in this answer: store it now') })
  .meta({ id: 'ApiKeyWithValue' }));

export const apiKeyExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7K01',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  name: 'Telemetry bridge',
  owner: 'Aquatech Partners',
  planId: 'partner',
  ipAllowList: ['203.0.113.0/24', '2001:db8::/32'],
  expiresAt: '2027-11-21T00:00:00.000Z',
  status: 'active',
  lastRotatedAt: null,
  keyPrefix: 'hyd_7Gq2',
  gatewayKeyId: 'a1b2c3d4e5',
  retiringKeys: [],
  autoRotateDays: 90,
  nextRotationAt: '2027-02-19T09:30:00.000Z',
  rotationNoticeSentAt: null,
  pendingValue: null,
};

export const apiKeyWithValueExample = { ...apiKeyExample, value: 'hyd_7Gq2Xk9LmP4rT8vW1yZ3bC6dF0hJ5nQ2sU7xA9eK' };
