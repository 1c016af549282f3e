/**
 * In-app notifications (issue 8): every user reads and marks its own; they are made by
 * the `notifications` worker from the domain events the outbox relay sends to that queue.
 */
import type { QueueDecl, RouteDecl } from '../types';
import { IdParams, pageOf } from '../schemas/common';
import { ListNotificationsQuery, Notification, notificationExample, ReadAllResult } from '../schemas/notifications';
import { ALL_ROLES, authenticated, READS_TABLE, WRITES_TABLE } from './access';

const common = { tag: 'Notifications', apiKey: true, auth: authenticated(ALL_ROLES) } as const;

export const notificationsRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'listNotifications',
    method: 'GET',
    path: '/v1/notifications',
    summary: "The caller's notifications, latest first (`unread=true`: only the unread ones)",
    handler: 'http/notifications/list',
    request: { query: ListNotificationsQuery },
    responses: { 200: { description: 'A page', schema: pageOf(Notification), example: { data: [notificationExample], nextCursor: null } } },
    fn: READS_TABLE,
  },
  {
    ...common,
    operationId: 'readNotification',
    method: 'POST',
    path: '/v1/notifications/{id}/read',
    summary: 'Mark one of the caller\'s notifications read (reading it again changes nothing)',
    handler: 'http/notifications/read',
    request: { params: IdParams },
    responses: { 200: { description: 'Read', schema: Notification, example: { ...notificationExample, readAt: '2026-11-21T10:06:00.000Z' } } },
    fn: WRITES_TABLE,
  },
  {
    ...common,
    operationId: 'readAllNotifications',
    method: 'POST',
    path: '/v1/notifications/read-all',
    summary: "Mark every unread notification of the caller read",
    handler: 'http/notifications/read-all',
    responses: { 200: { description: 'How many were marked read', schema: ReadAllResult, example: { updated: 4 } } },
    fn: WRITES_TABLE,
  },
];

/**
 * The `notifications` queue: every domain event envelope `{id, type, occurredAt, tenant, data}`
 * the outbox relay delivers. The worker is idempotent per event id and user (a marker in the
 * same transaction), reports failed records one by one; after 5 receives a record goes to the DLQ.
 */
export const NOTIFICATIONS_QUEUE: QueueDecl = {
  name: 'notifications',
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 5,
  batchSize: 10,
  consumer: { handler: 'workers/notifications', fn: { timeoutSeconds: 30, access: { table: 'readWrite' } } },
};
