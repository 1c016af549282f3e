/**
 * Authenticator-app (TOTP) MFA: `AssociateSoftwareToken`, `VerifySoftwareToken`,
 * `SetUserMFAPreference` and `AdminSetUserMFAPreference`, with Cognito's errors. Sign-in
 * then asks for a code (`SOFTWARE_TOKEN_MFA`, in `auth-flow.ts`).
 */
import * as z from 'zod';
import { touch } from '../accounts';
import type { StandInContext } from '../context';
import { CognitoError, errors } from '../errors';
import type { SoftwareToken, User, UserPool } from '../store';
import { authenticateAccessToken } from '../tokens';
import { matchTotp, newTotpSecret } from '../totp';
import { fields, operation } from './operation';

function softwareTokenOf(user: User): SoftwareToken {
  user.softwareToken ??= { enabled: false, preferred: false, lastUsedStep: -1 };
  return user.softwareToken;
}

/** The user of an access token; the Session form (the MFA_SETUP challenge of pools with MFA ON) is not served. */
async function userOf(ctx: StandInContext, input: { AccessToken?: string | undefined; Session?: string | undefined }): Promise<{ pool: UserPool; user: User }> {
  if (input.AccessToken) return authenticateAccessToken(ctx, input.AccessToken);
  if (input.Session) throw errors.invalidParameter('Session is not supported by the local Cognito stand-in: pools with MfaConfiguration ON are not served.');
  throw errors.invalidParameter('Either AccessToken or Session must be provided.');
}

/** `AssociateSoftwareToken`: a new shared secret for an authenticator app, not yet in use. */
const associateSoftwareToken = operation(
  z.object({ AccessToken: fields.token.optional(), Session: z.string().min(20).max(2048).optional() }),
  async (ctx, input) => {
    const { pool, user } = await userOf(ctx, input);
    if (pool.mfaConfiguration === 'OFF') throw errors.invalidParameter('User pool does not have MFA enabled.');
    const secret = newTotpSecret();
    softwareTokenOf(user).pendingSecret = secret;
    touch(ctx, user);
    return { SecretCode: secret };
  },
);

/**
 * `VerifySoftwareToken`: a code of the associated secret makes it the user's
 * authenticator. A wrong code is `EnableSoftwareTokenMFAException`, as in Cognito.
 */
const verifySoftwareToken = operation(
  z.object({
    AccessToken: fields.token.optional(),
    Session: z.string().min(20).max(2048).optional(),
    UserCode: z.string().regex(/^[0-9]+$/).length(6),
    FriendlyDeviceName: z.string().max(131072).optional(),
  }),
  async (ctx, input) => {
    const { user } = await userOf(ctx, input);
    const token = softwareTokenOf(user);
    if (!token.pendingSecret) throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been associated with the user.');
    const step = matchTotp(token.pendingSecret, input.UserCode, ctx.now(), -1);
    if (step === undefined) throw new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
    token.secret = token.pendingSecret;
    delete token.pendingSecret;
    token.lastUsedStep = step;
    if (input.FriendlyDeviceName) token.friendlyName = input.FriendlyDeviceName;
    else delete token.friendlyName;
    touch(ctx, user);
    return { Status: 'SUCCESS' };
  },
);

const mfaSettings = z.object({ Enabled: z.boolean().optional(), PreferredMfa: z.boolean().optional() });
const preferenceInput = {
  SMSMfaSettings: mfaSettings.optional(),
  SoftwareTokenMfaSettings: mfaSettings.optional(),
  EmailMfaSettings: mfaSettings.optional(),
};

function applyPreference(ctx: StandInContext, pool: UserPool, user: User, input: { SMSMfaSettings?: z.output<typeof mfaSettings> | undefined; SoftwareTokenMfaSettings?: z.output<typeof mfaSettings> | undefined; EmailMfaSettings?: z.output<typeof mfaSettings> | undefined }): void {
  if (input.SMSMfaSettings?.Enabled || input.EmailMfaSettings?.Enabled) {
    throw errors.invalidParameter('Only software token MFA is supported by the local Cognito stand-in.');
  }
  const settings = input.SoftwareTokenMfaSettings;
  if (!settings) return;
  if (pool.mfaConfiguration === 'OFF' && settings.Enabled) throw errors.invalidParameter('User pool does not have MFA enabled.');
  const token = softwareTokenOf(user);
  if (settings.Enabled && !token.secret) throw errors.invalidParameter('User has not verified software token mfa');
  if (settings.PreferredMfa && !(settings.Enabled ?? token.enabled)) throw errors.invalidParameter('Cannot set a disabled MFA method as preferred.');
  if (settings.Enabled !== undefined) token.enabled = settings.Enabled;
  token.preferred = token.enabled && (settings.PreferredMfa ?? token.preferred);
  touch(ctx, user);
}

/** `SetUserMFAPreference`: the user of an access token turns TOTP on or off. */
const setUserMfaPreference = operation(z.object({ AccessToken: fields.token, ...preferenceInput }), async (ctx, input) => {
  const { pool, user } = await authenticateAccessToken(ctx, input.AccessToken);
  applyPreference(ctx, pool, user, input);
  return {};
});

/** `AdminSetUserMFAPreference`: the same, by an administrator. */
const adminSetUserMfaPreference = operation(
  z.object({ UserPoolId: fields.userPoolId, Username: fields.username, ...preferenceInput }),
  async (ctx, input) => {
    const pool = ctx.store.pool(input.UserPoolId);
    applyPreference(ctx, pool, ctx.store.user(pool, input.Username), input);
    return {};
  },
);

/** `UserMFASettingList` and `PreferredMfaSetting` of `GetUser` and `AdminGetUser`. */
export function mfaSettingsToApi(user: User): { UserMFASettingList?: string[]; PreferredMfaSetting?: string } {
  const token = user.softwareToken;
  if (!token?.enabled || !token.secret) return {};
  return { UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], ...(token.preferred ? { PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' } : {}) };
}

/** The MFA operations, by operation name. */
export const mfaOperations = {
  AssociateSoftwareToken: associateSoftwareToken,
  VerifySoftwareToken: verifySoftwareToken,
  SetUserMFAPreference: setUserMfaPreference,
  AdminSetUserMFAPreference: adminSetUserMfaPreference,
};
