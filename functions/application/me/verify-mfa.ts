import { verifyAndEnableSoftwareToken } from '#adapters/cognito/mfa';
import type { Principal } from '#domain/principal';
import { userAccessToken } from './access-token';

/** A code of the new secret turns TOTP on (every later login asks for a code). Steps: the caller's own access token; Cognito verifies and enables. */
export async function verifyMfa(who: Principal, authorization: string | undefined, code: { code: string; deviceName?: string | undefined }): Promise<void> {
  await verifyAndEnableSoftwareToken(userAccessToken(authorization, who), code.code, code.deviceName);
}
