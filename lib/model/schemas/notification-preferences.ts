/** E-mail preferences of a user's notifications, and the unsubscribe link (issue 17, "Live updates and e-mail"). */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { IsoDateTime } from './common';

/** The event types a notification is made of (`functions/domain/notifications.ts`): what a user may have e-mailed. */
export const NOTIFIED_EVENT_TYPES = [
  'work_order.assigned',
  'work_order.status_changed',
  'work_order.escalated',
  'alert.raised',
  'request.created',
  'webhook.delivery_failed',
  'api_key.rotation_due',
  'api_key.rotated',
  'api.anomaly_detected',
] as const;
export type NotifiedEventType = (typeof NOTIFIED_EVENT_TYPES)[number];

export const EMAIL_MODES = ['off', 'immediate', 'digest'] as const;
export const LOCALES = ['en', 'fr'] as const;

export const NotificationPreferencesBody = lazySchema(() => z
  .strictObject({
    locale: z.enum(LOCALES).describe('The language of the e-mails'),
    email: z.enum(EMAIL_MODES).describe('`immediate`: one e-mail per notification event; `digest`: one e-mail a day (07:00 UTC) listing them; `off`: none'),
    eventTypes: z.array(z.enum(NOTIFIED_EVENT_TYPES)).max(NOTIFIED_EVENT_TYPES.length).describe('The notification types e-mailed (others stay in-app only)'),
  })
  .meta({ id: 'NotificationPreferencesBody' }));

export const NotificationPreferences = lazySchema(() => z
  .object({
    locale: z.enum(LOCALES),
    email: z.enum(EMAIL_MODES),
    eventTypes: z.array(z.enum(NOTIFIED_EVENT_TYPES)),
    updatedAt: IsoDateTime.nullable().describe('Null: never set (the defaults)'),
  })
  .meta({ id: 'NotificationPreferences' }));

export const UnsubscribeQuery = lazySchema(() => z.strictObject({
  token: z.string().min(1).max(1024).describe('The signed token of the link an e-mail carries'),
}));

export const UnsubscribeResult = lazySchema(() => z
  .object({ unsubscribed: z.literal(true), email: z.literal('off').describe('E-mails are off; in-app notifications go on') })
  .meta({ id: 'UnsubscribeResult' }));

export const notificationPreferencesExample = {
  locale: 'fr',
  email: 'digest',
  eventTypes: ['work_order.assigned', 'alert.raised'],
  updatedAt: '2026-11-21T09:30:00.000Z',
};
