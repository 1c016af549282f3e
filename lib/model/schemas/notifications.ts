/** In-app notifications (issue 8, "Notifications"). */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { Id, IsoDateTime, PageQuery } from './common';

export const ListNotificationsQuery = lazySchema(() => PageQuery.extend({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Only the unread notifications'),
}));

export const Notification = lazySchema(() => z
  .object({
    id: Id.describe('The notification group: the same for every recipient of the same event'),
    type: z.string().describe('The domain event type, e.g. work_order.assigned'),
    groupKey: z.string().describe('Repeats of the same event share it and are one notification'),
    title: z.string(),
    body: z.string(),
    resource: z.object({ type: z.string(), id: z.string() }).describe('What the notification is about'),
    count: z.int().min(1).describe('Events grouped into it since it was last read'),
    firstAt: IsoDateTime,
    lastAt: IsoDateTime,
    readAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'Notification' }));

export const ReadAllResult = lazySchema(() => z.object({ updated: z.int().min(0) }).meta({ id: 'NotificationsReadAll' }));

export const notificationExample = {
  id: '8ZQ4M1J3X6C2N7R5T0V9W8Y6AB',
  type: 'alert.raised',
  groupKey: 'alert.raised:01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B:PH_001',
  title: 'MAJOR alert: pH high on PH_001',
  body: 'pH high: PH_001 value 9.2 above 8.5',
  resource: { type: 'alert', id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C' },
  count: 3,
  firstAt: '2026-11-21T09:30:00.000Z',
  lastAt: '2026-11-21T10:05:00.000Z',
  readAt: null,
};
