/**
 * Notifications for tests: domain events sent straight to the `notifications` queue of
 * the shared local stack (the worker consumes them as in the cloud), and a fixture that
 * writes one notification group in-process for several demo users at once.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { decodeJwt } from 'jose';
import { inject } from 'vitest';
import { ulid } from 'ulid';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { tokenFor, USERS } from './api';

let sqs: SQSClient | undefined;

/** The Cognito `sub` of a demo user (the key of its notifications). */
export const subOf = async (email: string): Promise<string> => decodeJwt(await tokenFor(email)).sub as string;

export interface Envelope {
  id: string;
  type: string;
  occurredAt: string;
  tenant: string;
  data: Record<string, unknown>;
}

export const envelope = (type: string, data: Record<string, unknown>, over: Partial<Envelope> = {}): Envelope => ({
  id: ulid(),
  type,
  occurredAt: new Date().toISOString(),
  tenant: DEMO_TENANT_ID,
  data,
  ...over,
});

/** Sends raw bodies to the notifications queue, as the outbox relay does. */
export async function sendToNotificationsQueue(...bodies: string[]): Promise<void> {
  const env = inject('stackEnv');
  sqs ??= new SQSClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL_SQS, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  for (const body of bodies) await sqs.send(new SendMessageCommand({ QueueUrl: env.QUEUE_URL_NOTIFICATIONS, MessageBody: body }));
}

/** One unread notification group for the admin, the manager, the technician and Acme's client user (not Blue River's). */
export async function fixtureNotification(): Promise<{ id: string }> {
  Object.assign(process.env, inject('stackEnv'));
  const { applyNotificationEvent } = await import('#adapters/dynamodb/notifications-repository');
  const { groupedNotification, notificationGroupId, planNotification } = await import('#domain/notifications');
  const event = envelope('work_order.escalated', { workOrderId: ulid(), title: 'Fixture work order' });
  const plan = planNotification(event)!;
  const id = notificationGroupId(event.tenant, plan.groupKey);
  for (const email of [USERS.admin, USERS.manager, USERS.technician, USERS.client]) {
    const userId = await subOf(email);
    await applyNotificationEvent(event.tenant, userId, id, event.id, (existing) => groupedNotification(existing, plan, event, userId));
  }
  return { id };
}
