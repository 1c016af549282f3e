/**
 * Whether a user has an authenticator app turned on (AdminGetUser's
 * UserMFASettingList), for the pre-token-generation trigger. The pool id comes from the
 * trigger's event, so the trigger needs no environment naming its own pool.
 */
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

const cognito = new CognitoIdentityProviderClient({});

export async function hasSoftwareTokenMfa(userPoolId: string, username: string): Promise<boolean> {
  const out = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  return out.UserMFASettingList?.includes('SOFTWARE_TOKEN_MFA') ?? false;
}
