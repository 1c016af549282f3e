/**
 * Users made through the API, as an admin would: created (the local stack returns the
 * temporary password), then activated through NEW_PASSWORD_REQUIRED; and the Cognito
 * stand-in's mailbox, where invitations and reset codes are "delivered".
 */
import { inject } from 'vitest';
import { call, tokenFor, USERS } from './api';

let seq = 0;
export const uniqueEmail = (prefix = 'user') => `${prefix}-${process.pid}-${Date.now()}-${seq++}@hydrant.example`;

/** A strong password nobody has used: 4 classes, 20+ characters, no dictionary word. */
export const strongPassword = () => `Qv7#${Math.random().toString(36).slice(2, 10)}-Zx9!${seq++}`;

export interface CreatedUser {
  readonly id: string;
  readonly email: string;
  readonly temporaryPassword: string;
  readonly technicianId: string | null;
  readonly version: number;
  readonly [field: string]: unknown;
}

/** A new user in FORCE_CHANGE_PASSWORD, created by the demo admin. */
export async function createdUser(role: 'admin' | 'manager' | 'technician' | 'client' = 'technician', extra: Record<string, unknown> = {}): Promise<CreatedUser> {
  const body = { email: uniqueEmail(role), givenName: 'Camille', familyName: `Erasable${seq++}`, role, ...(role === 'client' ? { clientId: '01JC8Y5T0000000000ACME0001' } : {}), ...extra };
  const res = await call('POST', '/v1/users', { token: await tokenFor(USERS.admin), body });
  if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A user who completed their first login: their password and tokens. */
export async function activatedUser(role: 'admin' | 'manager' | 'technician' | 'client' = 'technician') {
  const user = await createdUser(role);
  const login = await call('POST', '/v1/auth/login', { body: { username: user.email, password: user.temporaryPassword } });
  if (login.body?.challenge !== 'NEW_PASSWORD_REQUIRED') throw new Error(`expected NEW_PASSWORD_REQUIRED: ${JSON.stringify(login.body)}`);
  const password = strongPassword();
  const done = await call('POST', '/v1/auth/new-password', { body: { username: user.email, session: login.body.session, newPassword: password } });
  if (done.status !== 200) throw new Error(`new-password failed: ${done.status} ${JSON.stringify(done.body)}`);
  return { user, password, tokens: done.body as { access_token: string; refresh_token: string; id_token: string } };
}

export interface MailboxMessage {
  readonly to: string;
  readonly kind: 'invitation' | 'password-reset';
  readonly secret: string;
  readonly sentAt: string;
}

/** What the Cognito stand-in "delivered" to an address, oldest first. */
export async function mailbox(to: string): Promise<MailboxMessage[]> {
  const endpoint = inject('stackEnv').AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
  const res = await fetch(`${endpoint}/_local/mailbox?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: MailboxMessage[] }).messages;
}

/** The last password reset code sent to an address. */
export async function lastResetCode(to: string): Promise<string> {
  const codes = (await mailbox(to)).filter((m) => m.kind === 'password-reset');
  const last = codes.at(-1);
  if (!last) throw new Error(`no reset code for ${to}`);
  return last.secret;
}
