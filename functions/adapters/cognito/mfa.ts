/**
 * Authenticator-app (TOTP) MFA against the user pool: enrolment with the caller's own
 * access token (AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference: no
 * IAM, the token is the authorisation) and the SOFTWARE_TOKEN_MFA answer of login.
 */
import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  GetUserCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidCredentials, Unauthorized, ValidationFailed } from '#platform/errors';
import { refusal, respondToChallenge, toTokens, type Tokens } from './user-auth';

const cognito = new CognitoIdentityProviderClient({});

/** A wrong authenticator code at sign-in: 401, stable code. */
export class InvalidMfaCode extends Unauthorized {
  override readonly code = 'INVALID_MFA_CODE';
}

/** A wrong authenticator code while enrolling: 400, stable code. */
export class MfaCodeMismatch extends ValidationFailed {
  override readonly code = 'INVALID_MFA_CODE';
  constructor() {
    super('The code does not match the new secret (check the device clock, or wait for the next code)', [{ path: 'code', message: 'does not match' }]);
  }
}

const nameOf = (error: unknown) => (error as { name?: string }).name;

/** A refused access token (revoked, expired for Cognito) is the caller's 401, not our 500. */
function tokenRefusal(error: unknown): Error {
  if (nameOf(error) === 'NotAuthorizedException') return new Unauthorized('Your access token is no longer accepted: sign in again');
  return error as Error;
}

/** The caller's e-mail (the authenticator's label). */
export async function emailOf(accessToken: string): Promise<string | undefined> {
  try {
    const out = await cognito.send(new GetUserCommand({ AccessToken: accessToken }));
    return out.UserAttributes?.find((a) => a.Name === 'email')?.Value;
  } catch (error) {
    throw tokenRefusal(error);
  }
}

/** A new shared secret for the caller's authenticator app, not in use until verified. */
export async function associateSoftwareToken(accessToken: string): Promise<string> {
  try {
    const out = await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    if (!out.SecretCode) throw new Error('Cognito returned no secret');
    return out.SecretCode;
  } catch (error) {
    throw tokenRefusal(error);
  }
}

/** Checks a code of the new secret, then makes TOTP the caller's enabled, preferred MFA. */
export async function verifyAndEnableSoftwareToken(accessToken: string, code: string, deviceName: string | undefined): Promise<void> {
  try {
    const out = await cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code, ...(deviceName ? { FriendlyDeviceName: deviceName } : {}) }));
    if (out.Status !== 'SUCCESS') throw new MfaCodeMismatch();
  } catch (error) {
    const name = nameOf(error);
    if (name === 'EnableSoftwareTokenMFAException' || name === 'CodeMismatchException') throw new MfaCodeMismatch();
    if (name === 'SoftwareTokenMFANotFoundException') throw new ValidationFailed('Start with POST /v1/me/mfa/setup', [{ path: 'code', message: 'no authenticator is being set up' }]);
    throw tokenRefusal(error);
  }
  await setSoftwareTokenPreference(accessToken, true);
}

/** Turns TOTP on (preferred) or off for the caller. */
export async function setSoftwareTokenPreference(accessToken: string, enabled: boolean): Promise<void> {
  try {
    await cognito.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: enabled, PreferredMfa: enabled } }));
  } catch (error) {
    throw tokenRefusal(error);
  }
}

/** Answers login's SOFTWARE_TOKEN_MFA challenge; a wrong code is 401 INVALID_MFA_CODE. */
export async function respondToSoftwareTokenChallenge(username: string, session: string, code: string): Promise<Tokens> {
  try {
    const out = await respondToChallenge('SOFTWARE_TOKEN_MFA', username, session, { SOFTWARE_TOKEN_MFA_CODE: code });
    if (out.ChallengeName) throw new InvalidCredentials(`The account must first complete the ${out.ChallengeName} step`);
    return toTokens(out.AuthenticationResult);
  } catch (error) {
    const name = nameOf(error);
    if (name === 'CodeMismatchException' || name === 'ExpiredCodeException') throw new InvalidMfaCode('The authenticator code is wrong or was already used');
    if (name === 'NotAuthorizedException') throw new InvalidCredentials('The login session is invalid or expired: log in again');
    if (name === 'InvalidParameterException') throw new InvalidCredentials('The login session does not belong to this user or challenge');
    throw refusal(error, 'The login could not be completed');
  }
}
