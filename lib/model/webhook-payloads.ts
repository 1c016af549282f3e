/**
 * The payloads of the event types whose data has its own schema, as the contract shows them
 * (openapi.yaml `webhooks`): the Standard Webhooks body `{id, type, occurredAt, tenant, data}`
 * an endpoint receives. More event types join the list as their payloads get a schema.
 */
import * as z from 'zod';
import type { EventType } from './events';
import { lazySchema } from './lazy-schema';
import { Alert, leakAlertExample } from './schemas/alerts';

export interface WebhookPayloadDecl {
  readonly type: EventType;
  readonly summary: string;
  readonly schema: z.ZodType;
  readonly example: unknown;
}

const envelope = (type: EventType, id: string) =>
  lazySchema(() => z.object({ id: z.string(), type: z.literal(type), occurredAt: z.iso.datetime({ offset: true }), tenant: z.string(), data: Alert }).meta({ id }));

export const webhookPayloads: readonly WebhookPayloadDecl[] = [
  {
    type: 'leak.suspected',
    summary: "The nightly leak detector raised a zone's leak alert (data: the alert, `conditionType` leak, with its `leak` figures)",
    schema: envelope('leak.suspected', 'LeakSuspectedEvent'),
    example: { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7E01', type: 'leak.suspected', occurredAt: leakAlertExample.raisedAt, tenant: 'acme', data: leakAlertExample },
  },
  {
    type: 'leak.cleared',
    summary: "A zone's night line returned: its leak alert was cleared (data: the cleared alert, `leak.clearedNight` set)",
    schema: envelope('leak.cleared', 'LeakClearedEvent'),
    example: {
      id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7E02',
      type: 'leak.cleared',
      occurredAt: '2026-11-27T06:00:03.000Z',
      tenant: 'acme',
      data: {
        ...leakAlertExample,
        version: 7,
        updatedAt: '2026-11-27T06:00:03.000Z',
        status: 'cleared',
        clearedAt: '2026-11-27T06:00:03.000Z',
        clearedBy: { ts: '2026-11-27T02:00:00.000Z', value: 4.2, reason: 'the night line returned on 2026-11-25' },
        leak: { ...leakAlertExample.leak, count: 5, lastSeenNight: '2026-11-24', clearedNight: '2026-11-25' },
      },
    },
  },
];
