/** Webhooks (issue 6): subscriptions, their signing secret, the delivery log, test, retry and replay. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { EVENT_TYPES } from '../events';
import { Id, IsoDateTime, PageQuery, ResourceMeta, Text } from './common';

/** Event types a subscription may name: every domain event but `webhook.test` (sent to the endpoint it tests only). */
export const SUBSCRIBABLE_EVENT_TYPES = EVENT_TYPES.filter((t) => t !== 'webhook.test');

const Url = lazySchema(() => z.string().trim().min(1).max(2048).describe('https URL of the endpoint (locally also http://localhost or http://127.0.0.1)'));

const EventTypes = lazySchema(() => z
  .array(z.enum([...SUBSCRIBABLE_EVENT_TYPES, '*']))
  .min(1)
  .max(SUBSCRIBABLE_EVENT_TYPES.length)
  .refine((types) => new Set(types).size === types.length, 'must not repeat a type')
  .refine((types) => !types.includes('*') || types.length === 1, '`*` stands alone')
  .describe('The event types delivered, or `["*"]` for all'));

const Scalar = lazySchema(() => z.union([z.string().max(500), z.number(), z.boolean(), z.null()]));

export const FilterConditionSchema = lazySchema(() => z
  .strictObject({
    path: z
      .string()
      .max(200)
      .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'a dot-separated path such as data.priority'),
    op: z.enum(['eq', 'ne', 'in', 'gt', 'lt', 'exists']),
    value: z.union([Scalar, z.array(Scalar).max(50)]).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.op === 'in' && !Array.isArray(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: '`in` takes an array of values' });
    if ((c.op === 'gt' || c.op === 'lt') && typeof c.value !== 'number' && typeof c.value !== 'string')
      ctx.addIssue({ code: 'custom', path: ['value'], message: `\`${c.op}\` compares with a number or a string` });
    if ((c.op === 'eq' || c.op === 'ne') && (c.value === undefined || Array.isArray(c.value)))
      ctx.addIssue({ code: 'custom', path: ['value'], message: `\`${c.op}\` takes one value` });
    if (c.op === 'exists' && c.value !== undefined && typeof c.value !== 'boolean')
      ctx.addIssue({ code: 'custom', path: ['value'], message: '`exists` takes true (default) or false' });
  })
  .describe('A condition on the event envelope; every condition of a filter must hold'));

const Filter = lazySchema(() => z.array(FilterConditionSchema).max(10));
const Format = lazySchema(() => z.enum(['standard', 'slack']).describe('`standard`: Standard Webhooks body; `slack`: a Slack incoming-webhook message'));

export const CreateWebhookBody = lazySchema(() => z.strictObject({
  url: Url,
  eventTypes: EventTypes,
  description: Text(500).optional(),
  filter: Filter.optional(),
  format: Format.default('standard'),
  enabled: z.boolean().default(true),
}));

export const UpdateWebhookBody = lazySchema(() => z
  .strictObject({
    url: Url.optional(),
    eventTypes: EventTypes.optional(),
    description: Text(500).nullable().optional(),
    filter: Filter.optional(),
    format: Format.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'at least one field'));

export const Webhook = lazySchema(() => z
  .object({
    ...ResourceMeta,
    url: z.string(),
    eventTypes: z.array(z.string()),
    description: z.string().nullable(),
    filter: z.array(z.object({ path: z.string(), op: z.string(), value: z.unknown().optional() })),
    format: Format,
    enabled: z.boolean(),
    disabledReason: z.string().nullable().describe('Why Hydrant disabled the endpoint (410 Gone, failing for 5 days); null when enabled or disabled by a user'),
    failingSince: IsoDateTime.nullable().describe('First failed attempt since the last success'),
    secretRotatedAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'Webhook' }));

export const webhookExample = {
  id: '01JD7W0000000000000WEBH00K',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  url: 'https://partner.example/hooks/hydrant',
  eventTypes: ['work_order.created', 'alert.raised'],
  description: 'ERP partner',
  filter: [{ path: 'data.priority', op: 'in', value: ['high', 'critical'] }],
  format: 'standard',
  enabled: true,
  disabledReason: null,
  failingSince: null,
  secretRotatedAt: null,
} as const;

const SECRET_EXAMPLE = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export const CreatedWebhook = lazySchema(() => Webhook.extend({ secret: z.string().describe('The signing secret, shown this once') }));
export const RotatedSecret = lazySchema(() => z.object({
  id: z.string(),
  secret: z.string().describe('The new signing secret, shown this once'),
  previousSecretValidUntil: IsoDateTime.describe('Until then every delivery carries both signatures'),
}));

export const ListWebhooksQuery = PageQuery;

export const DeliveryAttempt = lazySchema(() => z.object({
  attempt: z.int().min(1),
  trigger: z.enum(['scheduled', 'manual']),
  at: IsoDateTime,
  statusCode: z.int().nullable(),
  latencyMs: z.number(),
  error: z.string().nullable(),
  responseStart: z.string().nullable().describe('The first 1024 bytes of the answer'),
}));

export const WebhookDelivery = lazySchema(() => z
  .object({
    id: z.string().describe("The event's id: also the `webhook-id` header of every attempt"),
    webhookId: z.string(),
    eventType: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.array(DeliveryAttempt),
    nextAttemptAt: IsoDateTime.nullable(),
    lastError: z.string().nullable(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: 'WebhookDelivery' }));

export const deliveryExample = {
  id: '01JD7W00000000000000EVENT1',
  webhookId: webhookExample.id,
  eventType: 'work_order.created',
  status: 'pending',
  attempts: [
    { attempt: 1, trigger: 'scheduled', at: '2026-11-21T09:30:01.000Z', statusCode: 503, latencyMs: 84.2, error: null, responseStart: 'Service Unavailable' },
  ],
  nextAttemptAt: '2026-11-21T09:30:06.000Z',
  lastError: 'HTTP 503',
  createdAt: '2026-11-21T09:30:00.900Z',
  updatedAt: '2026-11-21T09:30:01.100Z',
} as const;

export const ListDeliveriesQuery = lazySchema(() => PageQuery.extend({ status: z.enum(['pending', 'succeeded', 'failed']).optional() }));

export const DeliveryParams = lazySchema(() => z.strictObject({ id: Id, deliveryId: Id }));

export const ReplayBody = lazySchema(() => z.strictObject({ since: IsoDateTime.describe('Resend what the endpoint should have received since then (at most 30 days ago)') }));
export const Replay = lazySchema(() => z.object({ webhookId: z.string(), since: IsoDateTime, queued: z.int().describe('Deliveries created or retried') }));
export const TestSent = lazySchema(() => z.object({ eventId: z.string(), type: z.literal('webhook.test') }));

export { SECRET_EXAMPLE };
