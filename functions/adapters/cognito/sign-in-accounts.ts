/**
 * The account a sign-in names. Users sign in with their e-mail, or their username, which
 * is their `sub` in a pool whose users sign in with e-mail: both spellings must count as
 * one account for the failed-sign-in lock. Needs AdminGetUser (`userPool: 'signIn'`).
 */
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { readEnv } from '#platform/config';

const { USER_POOL_ID } = readEnv({ USER_POOL_ID: z.string().min(1) });
const cognito = new CognitoIdentityProviderClient({});

/** The account's username (its stable key), or undefined when no account has this name. */
export async function accountOfSignInName(name: string): Promise<string | undefined> {
  try {
    const out = await cognito.send(new AdminGetUserCommand({ UserPoolId: USER_POOL_ID, Username: name }));
    return out.Username;
  } catch (error) {
    // A name Cognito cannot hold (too long, a space) names no account either.
    const name = (error as { name?: string }).name;
    if (name === 'UserNotFoundException' || name === 'InvalidParameterException') return undefined;
    throw error;
  }
}
