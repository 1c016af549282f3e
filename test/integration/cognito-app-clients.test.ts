/**
 * The app clients as `lib/model/user-pool.ts` declares them, in the Cognito stand-in
 * configured by the local stack's bootstrap: what a user may write about themselves with
 * their own access token, what the client may read, and refresh-token rotation with its
 * grace period (on a clock the test moves, no sleeping).
 */
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  NotAuthorizedException,
  RevokeTokenCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '#lib/local/emulators/aws-clients';
import { createLocalUserPool, type LocalUserPool } from '#lib/local/bootstrap/cognito';
import { ACME_CLIENT_ID, BLUE_RIVER_CLIENT_ID, DEMO_PASSWORD, DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { startCognitoStandIn, type CognitoStandIn } from '#lib/local/emulators/cognito/server';
import { APP_CLIENTS, attributeMutability, SELF_SERVICE_ATTRIBUTES } from '#lib/model/user-pool';

const CLIENT_USER = 'client@hydrant.local';
const GRACE_MS = APP_CLIENTS.login.refreshTokenRotation.retryGracePeriodSeconds * 1000;

let standIn: CognitoStandIn;
let cognito: CognitoIdentityProviderClient;
let pool: LocalUserPool;
let clock = Date.now();

beforeAll(async () => {
  standIn = await startCognitoStandIn({ now: () => clock });
  cognito = new CognitoIdentityProviderClient(localClientConfig(standIn.endpoint));
  pool = await createLocalUserPool(standIn.endpoint, true);
});

afterAll(async () => {
  cognito.destroy();
  await standIn.stop();
});

async function signIn(clientId = pool.userPoolClientId, username = CLIENT_USER) {
  const out = await cognito.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: DEMO_PASSWORD } }),
  );
  if (!out.AuthenticationResult?.AccessToken || !out.AuthenticationResult.RefreshToken) throw new Error('expected tokens');
  return out.AuthenticationResult as { AccessToken: string; IdToken: string; RefreshToken: string };
}

async function ownAttributes(accessToken: string): Promise<Record<string, string>> {
  const out = await cognito.send(new GetUserCommand({ AccessToken: accessToken }));
  return Object.fromEntries((out.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']));
}

describe('what a user may write about themselves (UpdateUserAttributes with their access token)', () => {
  it('a client user cannot move to another client, nor change tenant', async () => {
    const { AccessToken } = await signIn();
    for (const [Name, Value] of [['custom:clientId', BLUE_RIVER_CLIENT_ID], ['custom:tenantId', 'another-tenant']]) {
      await expect(cognito.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name, Value }] }))).rejects.toBeInstanceOf(NotAuthorizedException);
    }
    const after = await ownAttributes(AccessToken);
    expect(after['custom:clientId']).toBe(ACME_CLIENT_ID);
    expect(after['custom:tenantId']).toBe(DEMO_TENANT_ID);
    // The next tokens still carry the client the administrator gave.
    const { IdToken } = await signIn();
    expect(decodeJwt(IdToken)['custom:clientId']).toBe(ACME_CLIENT_ID);
  });

  it('refuses every attribute of the pool but the self-service ones, and accepts those', async () => {
    const { AccessToken } = await signIn();
    const refused = [...attributeMutability().keys()].filter((name) => !(SELF_SERVICE_ATTRIBUTES as readonly string[]).includes(name));
    expect(refused).toEqual(expect.arrayContaining(['email', 'email_verified', 'custom:clientId', 'custom:tenantId']));
    for (const Name of refused) {
      const value = Name === 'email_verified' ? 'false' : Name === 'email' ? 'someone.else@hydrant.local' : 'x';
      await expect(cognito.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name, Value: value }] })), Name).rejects.toBeInstanceOf(NotAuthorizedException);
    }
    await cognito.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'given_name', Value: 'Claire-Marie' }] }));
    expect((await ownAttributes(AccessToken)).given_name).toBe('Claire-Marie');
    await cognito.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'given_name', Value: 'Claire' }] }));
  });

  it('mirrors the cloud hole: a client declared without WriteAttributes lets a user write a mutable custom attribute', async () => {
    // What the login client was before the fix; kept as a check that the stand-in would show it.
    const open = await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientName: 'undeclared', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], WriteAttributes: [] }),
    );
    const { AccessToken } = await signIn(open.UserPoolClient?.ClientId, 'client2@hydrant.local');
    await cognito.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'custom:clientId', Value: BLUE_RIVER_CLIENT_ID }] }));
    // Immutable attributes stay refused even there.
    await expect(cognito.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'custom:tenantId', Value: 'x' }] }))).rejects.toBeInstanceOf(NotAuthorizedException);
  });

  it('refuses a client whose write permissions name an immutable attribute', async () => {
    await expect(
      cognito.send(new CreateUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientName: 'bad', WriteAttributes: ['custom:tenantId'] })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('answers GetUser with what the client may read only', async () => {
    const { AccessToken } = await signIn();
    expect(Object.keys(await ownAttributes(AccessToken)).sort()).toEqual(['sub', ...APP_CLIENTS.login.readAttributes].sort());
  });
});

describe('refresh-token rotation of the login client', () => {
  const refresh = (RefreshToken: string) => cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: pool.userPoolClientId, RefreshToken }));

  it('answers a new refresh token; the one used works for the grace period only', async () => {
    const first = await signIn();
    const rotated = await refresh(first.RefreshToken);
    const second = rotated.AuthenticationResult?.RefreshToken ?? '';
    expect(second).not.toBe('');
    expect(second).not.toBe(first.RefreshToken);

    // A retry within the grace period (the answer was lost) gets tokens and the same next refresh token.
    clock += GRACE_MS - 1000;
    expect((await refresh(first.RefreshToken)).AuthenticationResult?.RefreshToken).toBe(second);

    clock += 2000;
    await expect(refresh(first.RefreshToken)).rejects.toBeInstanceOf(NotAuthorizedException);
    const third = (await refresh(second)).AuthenticationResult?.RefreshToken ?? '';
    expect(third).not.toBe(second);
  });

  it('refuses REFRESH_TOKEN_AUTH on a rotating client, as Cognito does', async () => {
    const { RefreshToken } = await signIn();
    await expect(
      cognito.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: pool.userPoolClientId, AuthParameters: { REFRESH_TOKEN: RefreshToken } })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('revokes the whole rotated session with the latest refresh token', async () => {
    const first = await signIn();
    const next = (await refresh(first.RefreshToken)).AuthenticationResult?.RefreshToken ?? '';
    await cognito.send(new RevokeTokenCommand({ ClientId: pool.userPoolClientId, Token: next }));
    await expect(refresh(next)).rejects.toBeInstanceOf(NotAuthorizedException);
    await expect(refresh(first.RefreshToken)).rejects.toBeInstanceOf(NotAuthorizedException);
  });
});
