/**
 * E-mail notifications: each user's preferences (`/v1/me/notification-preferences`), and the
 * unsubscribe link of every e-mail (public: it works without signing in, its token is the
 * credential), and the daily digest schedule.
 */
import type { RouteDecl, ScheduleDecl } from '../types';
import {
  NotificationPreferences,
  NotificationPreferencesBody,
  notificationPreferencesExample,
  UnsubscribeQuery,
  UnsubscribeResult,
} from '../schemas/notification-preferences';
import { ALL_ROLES, authenticated, PUBLIC, READS_TABLE, WRITES_TABLE } from './access';

const common = { tag: 'Notifications', apiKey: true, auth: authenticated(ALL_ROLES) } as const;
const { updatedAt: _updatedAt, ...bodyExample } = notificationPreferencesExample;

export const notificationPreferencesRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'getNotificationPreferences',
    method: 'GET',
    path: '/v1/me/notification-preferences',
    summary: 'Your e-mail preferences: language, immediately or a daily digest, which notification types',
    handler: 'http/notification-preferences/get',
    responses: { 200: { description: 'The preferences (the defaults until set: English, no e-mail)', schema: NotificationPreferences, example: notificationPreferencesExample } },
    fn: READS_TABLE,
    audit: { resourceType: 'user' },
  },
  {
    ...common,
    operationId: 'updateNotificationPreferences',
    method: 'PUT',
    path: '/v1/me/notification-preferences',
    summary: 'Replace your e-mail preferences',
    handler: 'http/notification-preferences/update',
    request: { body: NotificationPreferencesBody, bodyExample },
    responses: { 200: { description: 'Saved', schema: NotificationPreferences, example: notificationPreferencesExample } },
    fn: WRITES_TABLE,
    audit: { resourceType: 'user' },
  },
  {
    tag: 'Notifications',
    apiKey: false,
    auth: PUBLIC,
    operationId: 'unsubscribe',
    method: 'GET',
    path: '/v1/unsubscribe',
    summary: "Turn off the e-mails of the user an e-mail's link names (no sign-in: the signed token is the credential; again changes nothing)",
    handler: 'http/notification-preferences/unsubscribe',
    request: { query: UnsubscribeQuery },
    responses: { 200: { description: 'E-mails are off', schema: UnsubscribeResult, example: { unsubscribed: true, email: 'off' } } },
    errorStatuses: [400],
    fn: { access: { table: 'readWrite', unsubscribeTokens: 'verify' } },
  },
];

/** Every day at 07:00 UTC, one e-mail per user who chose the digest, listing what they were notified of. */
export const notificationSchedules: readonly ScheduleDecl[] = [
  {
    name: 'notification-digest',
    expression: 'cron(0 7 * * ? *)',
    handler: 'workers/notification-digest',
    fn: { timeoutSeconds: 300, access: { table: 'readWrite', email: 'send', unsubscribeTokens: 'sign' } },
  },
];
