/**
 * In-app notifications: who is told what about which domain event, and how repeats of
 * the same event are grouped into one notification (a group key, a count and `lastAt`)
 * instead of piling up.
 *
 * Rules (`planNotification`):
 *   work_order.assigned        -> the assigned technician's user
 *   work_order.status_changed  -> every manager and the assignee
 *   work_order.escalated       -> every manager
 *   alert.raised               -> every manager
 *   leak.suspected             -> every manager (grouped per zone: the nightly repeats are one)
 *   leak.cleared               -> every manager (the zone's night line returned)
 *   request.created            -> every manager (a client reported something in the field)
 *   webhook.delivery_failed    -> every manager (a partner endpoint missed an event for good)
 *   api_key.rotation_due       -> every admin (an API key rotates automatically in a few days)
 *   api_key.rotated            -> every admin (an API key was rotated: claim its new value)
 *   api.anomaly_detected       -> every admin (a key's last hour looked wrong; grouped per key)
 * Any other event type notifies nobody.
 *
 * Pure: no AWS SDK, no I/O. Roles are resolved to users by the caller (a directory port).
 */
import { createHash } from 'node:crypto';

/** The envelope of every domain event (the outbox's shape). */
export interface NotificationEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly tenant: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Who a notification goes to: everyone of a role of the tenant, or one user (Cognito `sub`). */
export type Audience = { readonly kind: 'role'; readonly role: AudienceRole } | { readonly kind: 'user'; readonly userId: string };

/** The roles a notification can address as a whole. */
export type AudienceRole = 'manager' | 'admin';

/** What an event turns into, before it is addressed to users. */
export interface NotificationPlan {
  readonly audiences: readonly Audience[];
  /** Events with the same group key are one notification per user. */
  readonly groupKey: string;
  readonly type: string;
  readonly title: string;
  readonly body: string;
  readonly resource: { readonly type: string; readonly id: string };
}

/** One user's notification (a group of one or more events). */
export interface Notification {
  /** Shared by every recipient of the group (derived from tenant and group key). */
  readonly id: string;
  readonly userId: string;
  readonly type: string;
  readonly groupKey: string;
  readonly title: string;
  readonly body: string;
  readonly resource: { readonly type: string; readonly id: string };
  /** Events in the group since it was last read. */
  readonly count: number;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly lastEventId: string;
  readonly readAt: string | null;
  readonly version: number;
}

const MANAGERS: Audience = { kind: 'role', role: 'manager' };
const ADMINS: Audience = { kind: 'role', role: 'admin' };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** The work order an event is about: `data.workOrderId`, `data.workOrder.id` or `data.id`. */
function workOrderOf(data: Readonly<Record<string, unknown>>): { id: string; title: string } | undefined {
  const nested = obj(data.workOrder);
  const id = str(data.workOrderId) ?? str(nested.id) ?? str(data.id);
  if (!id) return undefined;
  return { id, title: str(data.title) ?? str(nested.title) ?? id };
}

/**
 * The assignee's user id: `assigneeUserId`, `technicianUserId`, `assignee.userId` or
 * `technician.userId` (a technician profile links a Cognito user).
 */
export function assigneeUserOf(data: Readonly<Record<string, unknown>>): string | undefined {
  const nested = obj(data.workOrder);
  for (const source of [data, nested]) {
    const found =
      str(source.assigneeUserId) ?? str(source.technicianUserId) ?? str(obj(source.assignee).userId) ?? str(obj(source.technician).userId);
    if (found) return found;
  }
  return undefined;
}

/** The plan of an event, or undefined when it notifies nobody (unknown type or missing subject). */
export function planNotification(event: NotificationEvent): NotificationPlan | undefined {
  const { data } = event;
  switch (event.type) {
    case 'work_order.assigned': {
      const wo = workOrderOf(data);
      const userId = assigneeUserOf(data);
      if (!wo || !userId) return undefined;
      return {
        audiences: [{ kind: 'user', userId }],
        groupKey: `work_order.assigned:${wo.id}`,
        type: event.type,
        title: `Work order assigned to you: ${wo.title}`,
        body: str(data.start) ? `Scheduled for ${str(data.start)}` : 'A work order was assigned to you',
        resource: { type: 'work-order', id: wo.id },
      };
    }
    case 'work_order.status_changed': {
      const wo = workOrderOf(data);
      if (!wo) return undefined;
      const userId = assigneeUserOf(data);
      const to = str(data.to) ?? str(obj(data.workOrder).status) ?? str(data.status) ?? 'changed';
      const from = str(data.from);
      return {
        audiences: userId ? [MANAGERS, { kind: 'user', userId }] : [MANAGERS],
        groupKey: `work_order.status_changed:${wo.id}`,
        type: event.type,
        title: `Work order ${wo.title}: ${to}`,
        body: from ? `Status changed from ${from} to ${to}` : `Status is now ${to}`,
        resource: { type: 'work-order', id: wo.id },
      };
    }
    case 'work_order.escalated': {
      const wo = workOrderOf(data);
      if (!wo) return undefined;
      return {
        audiences: [MANAGERS],
        groupKey: `work_order.escalated:${wo.id}`,
        type: event.type,
        title: `Escalated: ${wo.title} is still unassigned`,
        body: str(data.reason) ?? 'A critical work order is still unassigned',
        resource: { type: 'work-order', id: wo.id },
      };
    }
    case 'alert.raised': {
      const alertId = str(data.id) ?? str(data.alertId);
      if (!alertId) return undefined;
      // Repeats of one rule on one sensor are one notification, whatever the alert id.
      const subject = [str(data.ruleId), str(data.sensorId)].filter(Boolean).join(':') || alertId;
      const severity = (str(data.severity) ?? 'alert').toUpperCase();
      return {
        audiences: [MANAGERS],
        groupKey: `alert.raised:${subject}`,
        type: event.type,
        title: `${severity} alert: ${str(data.ruleName) ?? 'rule'} on ${str(data.sensorId) ?? 'a sensor'}`,
        body: str(data.message) ?? 'An alert was raised',
        resource: { type: 'alert', id: alertId },
      };
    }
    case 'leak.suspected':
    case 'leak.cleared': {
      const alertId = str(data.id);
      const zoneId = str(data.zoneId);
      if (!alertId || !zoneId) return undefined;
      const leak = obj(data.leak);
      const suspected = event.type === 'leak.suspected';
      return {
        audiences: [MANAGERS],
        groupKey: `${event.type}:${zoneId}`,
        type: event.type,
        title: suspected
          ? `Leak suspected in a zone since ${str(leak.startNight) ?? 'a recent night'}: +${num(leak.addedFlowM3h) ?? '?'} m³/h`
          : `Leak cleared in a zone: ${str(obj(data.clearedBy).reason) ?? 'the night line returned'}`,
        body: str(data.message) ?? (suspected ? 'The night flow rose above its baseline' : 'The night flow is back to its baseline'),
        resource: { type: 'alert', id: alertId },
      };
    }
    case 'request.created': {
      const requestId = str(data.id);
      if (!requestId) return undefined;
      return {
        audiences: [MANAGERS],
        groupKey: `request.created:${requestId}`,
        type: event.type,
        title: `New service request (${str(data.kind) ?? 'other'}): ${str(data.title) ?? requestId}`,
        body: str(data.address) ?? str(data.description) ?? 'A client reported a problem',
        resource: { type: 'request', id: requestId },
      };
    }
    case 'webhook.delivery_failed': {
      const webhookId = str(data.webhookId);
      if (!webhookId) return undefined;
      const disabled = data.disabled === true ? ' The endpoint was disabled.' : '';
      return {
        audiences: [MANAGERS],
        groupKey: `webhook.delivery_failed:${webhookId}`,
        type: event.type,
        title: `Webhook delivery failed: ${str(data.eventType) ?? 'an event'} to ${str(data.url) ?? webhookId}`,
        body: `${str(data.lastError) ?? 'Every attempt failed'}.${disabled}`,
        resource: { type: 'webhook', id: webhookId },
      };
    }
    case 'api_key.rotation_due': {
      const keyId = str(data.keyId);
      if (!keyId) return undefined;
      return {
        audiences: [ADMINS],
        groupKey: `api_key.rotation_due:${keyId}`,
        type: event.type,
        title: `API key ${str(data.name) ?? keyId} rotates automatically on ${str(data.dueAt) ?? 'its due date'}`,
        body: `Its value ${str(data.keyPrefix) ?? ''}… will be replaced; the new value is claimed once with POST /v1/api-keys/${keyId}/pending-value, and the current one keeps working for the grace period after.`,
        resource: { type: 'api-key', id: keyId },
      };
    }
    case 'api_key.rotated': {
      const keyId = str(data.keyId);
      if (!keyId) return undefined;
      return {
        audiences: [ADMINS],
        groupKey: `api_key.rotated:${keyId}`,
        type: event.type,
        title: `API key ${str(data.name) ?? keyId} was rotated automatically: claim its new value`,
        body: `Claim the new value ${str(data.keyPrefix) ?? ''}… once with POST /v1/api-keys/${keyId}/pending-value and give it to ${str(data.owner) ?? 'its owner'}; the previous value stops working at ${str(data.previousValueUntil) ?? 'the end of the grace period'}.`,
        resource: { type: 'api-key', id: keyId },
      };
    }
    case 'api.anomaly_detected': {
      const apiKeyId = str(data.apiKeyId);
      if (!apiKeyId) return undefined;
      const kinds = Array.isArray(data.kinds) ? data.kinds.filter((k): k is string => typeof k === 'string') : [];
      return {
        audiences: [ADMINS],
        // Repeats for one key, hour after hour, are one notification with a count.
        groupKey: `api.anomaly_detected:${apiKeyId}`,
        type: event.type,
        title: `API usage anomaly on key ${str(data.apiKeyName) ?? apiKeyId}: ${kinds.join(', ') || 'unusual calls'}`,
        body: `In the hour from ${str(data.hour) ?? 'the last hour'}; see GET /v1/admin/anomalies`,
        resource: { type: 'anomaly', id: str(data.anomalyId) ?? apiKeyId },
      };
    }
    default:
      return undefined;
  }
}

/** The distinct users an audience list names, with the users of each role already looked up. */
export function recipientsOf(audiences: readonly Audience[], usersOfRole: (role: AudienceRole) => readonly string[]): string[] {
  const users = new Set<string>();
  for (const a of audiences) {
    if (a.kind === 'user') users.add(a.userId);
    else for (const u of usersOfRole(a.role)) users.add(u);
  }
  return [...users];
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The id of a group: the same for every recipient (so a link names one notification),
 * stable across events, shaped like a ULID (26 Crockford base-32 characters).
 */
export function notificationGroupId(tenant: string, groupKey: string): string {
  const digest = createHash('sha256').update(`${tenant}\u0000${groupKey}`).digest();
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of digest) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += CROCKFORD[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
    if (out.length === 26) break;
  }
  return out;
}

/**
 * The user's notification once this event is added to its group. An unread group
 * counts one more; a group already read starts again at one (unread). The text and
 * `lastAt` follow the latest event by `occurredAt`, so late deliveries do not win.
 */
export function groupedNotification(existing: Notification | undefined, plan: NotificationPlan, event: NotificationEvent, userId: string): Notification {
  const id = notificationGroupId(event.tenant, plan.groupKey);
  if (!existing || existing.readAt !== null) {
    return {
      id,
      userId,
      type: plan.type,
      groupKey: plan.groupKey,
      title: plan.title,
      body: plan.body,
      resource: plan.resource,
      count: 1,
      firstAt: event.occurredAt,
      lastAt: event.occurredAt,
      lastEventId: event.id,
      readAt: null,
      version: (existing?.version ?? 0) + 1,
    };
  }
  const newer = event.occurredAt >= existing.lastAt;
  return {
    ...existing,
    ...(newer ? { title: plan.title, body: plan.body, resource: plan.resource, lastAt: event.occurredAt, lastEventId: event.id } : {}),
    firstAt: event.occurredAt < existing.firstAt ? event.occurredAt : existing.firstAt,
    count: existing.count + 1,
    version: existing.version + 1,
  };
}

/** The notification marked read (reading twice keeps the first time). */
export function readNotification(n: Notification, now: string): Notification {
  if (n.readAt !== null) return n;
  return { ...n, readAt: now, version: n.version + 1 };
}

/** What the API shows of a notification (not the recipient, the last event id or the version). */
export function notificationView(n: Notification) {
  const { userId: _user, lastEventId: _event, version: _version, ...view } = n;
  return view;
}
