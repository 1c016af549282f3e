/**
 * Live updates over WebSocket: who may hold a connection, how long it is kept, which
 * connections an alert change reaches, and the messages pushed.
 *
 * Rules:
 *   - only a user's own token opens a connection (no machine client, no partner app acting
 *     for a user, no user who must still enrol in MFA), as the console is for people;
 *   - a connection is kept until the token expires, at most API Gateway's 2 hours: a push
 *     never reaches a connection whose token has expired;
 *   - an alert change reaches the connections whose user may see the alert (client users:
 *     their client's alerts only, as `GET /v1/alerts`); a notification only its own user's.
 *
 * Pure: no AWS SDK, no I/O.
 */
import type { Alert } from './alerts/alerts';
import type { Notification } from './notifications';
import { canSeeClientData, type Principal, type Role } from './principal';

/** One open connection of a user. */
export interface LiveConnection {
  /** API Gateway's connection id. */
  readonly id: string;
  readonly userId: string;
  readonly username: string | null;
  readonly role: Role | null;
  /** Client users only: the client they see. */
  readonly clientId: string | null;
  readonly connectedAt: string;
  /** Epoch seconds: the token's expiry, at most the connection limit (the table's TTL). */
  readonly expiresAt: number;
  readonly version: number;
}

/** Why a principal may not open a connection. */
export type LiveRefusal = 'not_a_user' | 'delegated' | 'mfa_setup_required' | 'no_role';

/** Whether a principal may subscribe to live updates; a refusal says why. */
export function liveRefusalOf(principal: Principal): LiveRefusal | undefined {
  if (principal.kind !== 'user') return 'not_a_user';
  if (principal.delegated) return 'delegated';
  if (principal.mfaSetupRequired) return 'mfa_setup_required';
  if (!principal.role) return 'no_role';
  return undefined;
}

/** The connection of a principal that may subscribe, opened at `now` with a token expiring at `tokenExp` (epoch seconds). */
export function liveConnection(principal: Principal, id: string, now: Date, tokenExp: number, maxSeconds: number): LiveConnection {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return {
    id,
    userId: principal.subject,
    username: principal.username ?? null,
    role: principal.role ?? null,
    clientId: principal.clientId ?? null,
    connectedAt: now.toISOString(),
    expiresAt: Math.min(tokenExp, nowSeconds + maxSeconds),
    version: 1,
  };
}

/** Whether a connection is still within its token's life at `now`. */
export const isLive = (connection: LiveConnection, now: Date): boolean => connection.expiresAt > Math.floor(now.getTime() / 1000);

/** The principal a connection stands for, to ask the visibility rules REST asks. */
function viewerOf(connection: LiveConnection, tenantId: string): Principal {
  return {
    kind: 'user',
    subject: connection.userId,
    tenantId,
    scopes: [],
    ...(connection.role ? { role: connection.role } : {}),
    ...(connection.clientId ? { clientId: connection.clientId } : {}),
  };
}

/** Whether the user of a connection may see a resource owned by `clientId` (null: the operator's own). */
export const connectionMaySee = (connection: LiveConnection, tenantId: string, clientId: string | null): boolean =>
  connection.role !== null && canSeeClientData(viewerOf(connection, tenantId), clientId);

/** The alert event types pushed live. */
export const LIVE_ALERT_EVENTS = ['alert.raised', 'alert.cleared'] as const;
export type LiveAlertEvent = (typeof LIVE_ALERT_EVENTS)[number];

/** A message pushed to a connection: `{type, data}`. */
export type LiveMessage =
  | { readonly type: 'notification'; readonly data: LiveNotification }
  | { readonly type: LiveAlertEvent; readonly data: Alert }
  | { readonly type: 'pong'; readonly data: { readonly at: string } }
  | { readonly type: 'error'; readonly data: { readonly code: string; readonly message: string } };

/** A notification as `GET /v1/notifications` shows it. */
export type LiveNotification = Pick<Notification, 'id' | 'type' | 'groupKey' | 'title' | 'body' | 'resource' | 'count' | 'firstAt' | 'lastAt' | 'readAt'>;

export function notificationMessage(n: Notification): LiveMessage {
  const { id, type, groupKey, title, body, resource, count, firstAt, lastAt, readAt } = n;
  return { type: 'notification', data: { id, type, groupKey, title, body, resource, count, firstAt, lastAt, readAt } };
}

/** The live message of a domain event, with the client that owns its subject; undefined: not pushed live. */
export function alertChangeMessage(type: string, data: unknown): { message: LiveMessage; clientId: string | null } | undefined {
  if (!(LIVE_ALERT_EVENTS as readonly string[]).includes(type)) return undefined;
  const alert = data as Alert;
  if (!alert || typeof alert !== 'object' || typeof alert.id !== 'string') return undefined;
  return { message: { type: type as LiveAlertEvent, data: alert }, clientId: alert.clientId ?? null };
}

/** The answer to a message a client sends (`{"action":"ping"}`); anything else is an error message. */
export function answerToClientMessage(body: string | null | undefined, now: Date): LiveMessage {
  let action: unknown;
  try {
    action = (JSON.parse(body ?? '') as { action?: unknown }).action;
  } catch {
    action = undefined;
  }
  if (action === 'ping') return { type: 'pong', data: { at: now.toISOString() } };
  return { type: 'error', data: { code: 'UNKNOWN_ACTION', message: 'Send {"action":"ping"}; updates are pushed without asking' } };
}

/**
 * What the `$connect` authorizer hands to the routes of a connection (API Gateway passes
 * its context, strings and numbers only, in `requestContext.authorizer` of every route).
 */
export interface LiveAuthorizerContext {
  readonly tenantId: string;
  readonly subject: string;
  readonly username: string;
  readonly role: string;
  /** Empty: not a client user. */
  readonly clientId: string;
  /** The token's expiry, epoch seconds. */
  readonly exp: number;
}

export function authorizerContextOf(principal: Principal, exp: number): LiveAuthorizerContext {
  return { tenantId: principal.tenantId, subject: principal.subject, username: principal.username ?? '', role: principal.role ?? '', clientId: principal.clientId ?? '', exp };
}

const ROLES: readonly Role[] = ['admin', 'manager', 'technician', 'client'];

/** The principal and token expiry of an authorizer context; undefined when it is not one the authorizer made. */
export function principalOfAuthorizerContext(context: Readonly<Record<string, unknown>> | null | undefined): { principal: Principal; exp: number } | undefined {
  if (!context) return undefined;
  const text = (key: string) => (typeof context[key] === 'string' ? (context[key] as string) : '');
  const role = ROLES.find((r) => r === text('role'));
  const exp = Number(context.exp);
  if (!text('tenantId') || !text('subject') || !role || !Number.isFinite(exp)) return undefined;
  const principal: Principal = {
    kind: 'user',
    subject: text('subject'),
    tenantId: text('tenantId'),
    role,
    scopes: [],
    ...(text('username') ? { username: text('username') } : {}),
    ...(role === 'client' && text('clientId') ? { clientId: text('clientId') } : {}),
  };
  return { principal, exp };
}
