/**
 * Passwords a user changes themself: `ForgotPassword`, `ConfirmForgotPassword` (the
 * e-mailed code) and `ChangePassword` (with an access token). Like Cognito, the code is
 * six digits, valid one hour, and replaced by the next request; a pool client that
 * prevents user existence errors answers `ForgotPassword` for an unknown user as if a
 * code had been sent.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { setPassword } from '../accounts';
import { checkSecretHash } from '../auth-flow';
import type { StandInContext } from '../context';
import { CognitoError, errors } from '../errors';
import { checkPasswordPolicy, verifyPassword } from '../passwords';
import type { AppClient, User, UserPool } from '../store';
import { authenticateAccessToken } from '../tokens';
import { fields, operation } from './operation';

const CODE_VALIDITY_MS = 60 * 60_000;
/** Code requests a user may make per hour, and wrong answers a code or a password change survives. */
const REQUESTS_PER_HOUR = 5;
const MAX_FAILED_ATTEMPTS = 5;

const limitExceeded = () => new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
const digest = (code: string) => createHash('sha256').update(code).digest();

/** `a***@e***`: how Cognito shows where a code went. */
function maskedEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}

function delivery(email: string) {
  return { CodeDeliveryDetails: { Destination: maskedEmail(email), DeliveryMedium: 'EMAIL', AttributeName: 'email' } };
}

function target(ctx: StandInContext, clientId: string): { pool: UserPool; client: AppClient } {
  const client = ctx.store.client(clientId);
  return { pool: ctx.store.pool(client.userPoolId), client };
}

const recoveryInput = {
  ClientId: fields.clientId,
  Username: fields.username,
  SecretHash: z.string().max(128).optional(),
  ClientMetadata: fields.stringMap.optional(),
  AnalyticsMetadata: z.object({ AnalyticsEndpointId: z.string().optional() }).optional(),
  UserContextData: z.object({ IpAddress: z.string().optional(), EncodedData: z.string().optional() }).optional(),
};

/** `ForgotPassword`: sends a six-digit code to the user's verified e-mail. */
const forgotPassword = operation(z.object(recoveryInput), async (ctx, input) => {
  const { pool, client } = target(ctx, input.ClientId);
  const user = ctx.store.findUser(pool, input.Username);
  checkSecretHash(client, input.SecretHash, [input.Username, ...(user ? [user.username] : [])]);
  if (!user) {
    if (client.preventUserExistenceErrors === 'ENABLED') return delivery(input.Username.includes('@') ? input.Username : 'unknown@unknown');
    throw errors.userNotFound();
  }
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  if (user.status === 'FORCE_CHANGE_PASSWORD') throw errors.notAuthorized('User password cannot be reset in the current state.');
  const email = user.attributes.get('email');
  if (!email || user.attributes.get('email_verified') !== 'true') {
    throw errors.invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
  }
  const now = ctx.now();
  const recent = (user.recoveryRequests ?? []).filter((at) => at > now - 3_600_000);
  if (recent.length >= REQUESTS_PER_HOUR) throw limitExceeded();
  user.recoveryRequests = [...recent, now];
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  user.recovery = { codeHash: digest(code).toString('base64'), expiresAt: now + CODE_VALIDITY_MS, failedAttempts: 0 };
  ctx.store.deliver({ userPoolId: pool.id, to: email, kind: 'password-reset', secret: code, sentAt: new Date(now).toISOString() });
  return delivery(email);
});

function checkCode(ctx: StandInContext, user: User, code: string): void {
  const pending = user.recovery;
  if (!pending) throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  if (pending.failedAttempts >= MAX_FAILED_ATTEMPTS) throw limitExceeded();
  if (pending.expiresAt < ctx.now()) throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  if (!timingSafeEqual(digest(code), Buffer.from(pending.codeHash, 'base64'))) {
    pending.failedAttempts += 1;
    throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
  }
}

/** `ConfirmForgotPassword`: the code and a new password; the user is then `CONFIRMED`. */
const confirmForgotPassword = operation(
  z.object({ ...recoveryInput, ConfirmationCode: z.string().min(1).max(2048), Password: fields.password }),
  async (ctx, input) => {
    const { pool, client } = target(ctx, input.ClientId);
    const user = ctx.store.findUser(pool, input.Username);
    checkSecretHash(client, input.SecretHash, [input.Username, ...(user ? [user.username] : [])]);
    // With user existence errors prevented, an unknown user looks like a wrong code.
    if (!user) {
      if (client.preventUserExistenceErrors === 'ENABLED') throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
      throw errors.userNotFound();
    }
    if (!user.enabled) throw errors.notAuthorized('User is disabled.');
    checkCode(ctx, user, input.ConfirmationCode);
    await setPassword(ctx, pool, user, input.Password, true);
    delete user.recovery;
    user.recoveryRequests = [];
    return {};
  },
);

/** `ChangePassword`: the signed-in user's previous and new password. */
const changePassword = operation(
  z.object({ PreviousPassword: fields.password.optional(), ProposedPassword: fields.password, AccessToken: fields.token }),
  async (ctx, input) => {
    const { pool, user } = await authenticateAccessToken(ctx, input.AccessToken);
    if ((user.failedPasswordChanges ?? 0) >= MAX_FAILED_ATTEMPTS) throw limitExceeded();
    if (!input.PreviousPassword || !user.passwordHash || !(await verifyPassword(input.PreviousPassword, user.passwordHash))) {
      user.failedPasswordChanges = (user.failedPasswordChanges ?? 0) + 1;
      throw errors.notAuthorized('Incorrect username or password.');
    }
    checkPasswordPolicy(input.ProposedPassword, pool.passwordPolicy);
    user.failedPasswordChanges = 0;
    await setPassword(ctx, pool, user, input.ProposedPassword, true);
    return {};
  },
);

/** The password recovery and change operations, by operation name. */
export const accountRecoveryOperations = {
  ForgotPassword: forgotPassword,
  ConfirmForgotPassword: confirmForgotPassword,
  ChangePassword: changePassword,
};
