/**
 * Users, authenticator apps and machine clients for the tests. Users are created in the
 * local Cognito stand-in through the real SDK (as an operator would with the AWS CLI);
 * TOTP codes come from the `otpauth` package, an implementation independent of the
 * stand-in's; everything else goes through the API.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { createHash, randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { inject } from 'vitest';
import { DEMO_PASSWORD, DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { localClientConfig } from '#lib/local/emulators/aws-clients';
import type { Role } from '#lib/model/types';
import { call, tokenFor, USERS } from './api';

let seq = 0;
let cognito: CognitoIdentityProviderClient | undefined;

function stack() {
  const env = inject('stackEnv');
  cognito ??= new CognitoIdentityProviderClient(localClientConfig(env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER as string));
  return { env, cognito };
}

/** A new confirmed user with the demo password, in a role and tenant. */
export async function createUser(role: Role, tenantId = DEMO_TENANT_ID): Promise<string> {
  const { env, cognito: client } = stack();
  const email = `${role}-${process.pid}-${Date.now()}-${seq++}@mfa.example`;
  const UserPoolId = env.USER_POOL_ID as string;
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:tenantId', Value: tenantId },
      ],
    }),
  );
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: email, Password: DEMO_PASSWORD, Permanent: true }));
  await client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: email, GroupName: role }));
  return email;
}

/** The code of an authenticator holding `secret`, `stepOffset` 30-second steps from now. */
export function totpCode(secret: string, stepOffset = 0): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: Date.now() + stepOffset * 30_000 });
}

/** Logs in with the demo password; the raw answer (tokens or a challenge). */
export async function login(email: string) {
  return call('POST', '/v1/auth/login', { body: { username: email, password: DEMO_PASSWORD } });
}

/**
 * Enrols an authenticator for a logged-in user through the API; returns the secret.
 * The verification uses the current step, so the next usable code is the next step's.
 */
export async function enrolTotp(accessToken: string): Promise<string> {
  const setup = await call('POST', '/v1/me/mfa/setup', { token: accessToken });
  if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  const secret = setup.body.secret as string;
  const verify = await call('POST', '/v1/me/mfa/verify', { token: accessToken, body: { code: totpCode(secret), deviceName: 'Test phone' } });
  if (verify.status !== 200) throw new Error(`verify failed: ${verify.status} ${JSON.stringify(verify.body)}`);
  return secret;
}

/** A new technician with TOTP on, and a pending SOFTWARE_TOKEN_MFA login challenge. */
export async function userWithMfaChallenge(): Promise<{ email: string; secret: string; session: string }> {
  const email = await createUser('technician');
  const first = await login(email);
  const secret = await enrolTotp(first.body.access_token);
  const challenge = await login(email);
  if (challenge.body.challenge !== 'SOFTWARE_TOKEN_MFA') throw new Error(`expected an MFA challenge: ${JSON.stringify(challenge.body)}`);
  return { email, secret, session: challenge.body.session };
}

/** A machine client of the demo tenant created through the API (its secret included). */
export async function createMachineClient(scopes: string[]): Promise<{ id: string; clientId: string; clientSecret: string; tokenEndpoint: string }> {
  const res = await call('POST', '/v1/machine-clients', { token: await tokenFor(USERS.admin), body: { name: `Machine ${process.pid}-${seq++}`, scopes } });
  if (res.status !== 201) throw new Error(`machine client: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The client-credentials grant at the user pool domain's token endpoint (the stand-in's). */
export async function clientCredentialsToken(client: { clientId: string; clientSecret: string }, scope?: string): Promise<Response> {
  const endpoint = inject('stackEnv').OAUTH_TOKEN_ENDPOINT as string;
  return fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }),
  });
}

/**
 * A user's access token issued to a partner app with `scopes`, through the hosted login's
 * authorization-code flow with PKCE, as the partner's app would obtain it.
 */
export async function partnerAppUserToken(scopes: string[], username: string = USERS.manager): Promise<string> {
  const redirectUri = 'https://app.partner.example/oauth/callback';
  const app = await call('POST', '/v1/partner-apps', { token: await tokenFor(USERS.admin), body: { name: `Partner ${process.pid}-${seq++}`, scopes, callbackUrls: [redirectUri] } });
  if (app.status !== 201) throw new Error(`partner app: ${app.status} ${JSON.stringify(app.body)}`);
  const tokenEndpoint = inject('stackEnv').OAUTH_TOKEN_ENDPOINT as string;
  const verifier = randomBytes(48).toString('base64url');
  const params = {
    response_type: 'code',
    client_id: app.body.clientId as string,
    redirect_uri: redirectUri,
    scope: ['openid', ...scopes.map((s) => `hydrant/${s}`)].join(' '),
    state: 's',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  };
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const signIn = await fetch(tokenEndpoint.replace('/oauth2/token', '/oauth2/authorize'), {
    method: 'POST',
    redirect: 'manual',
    headers: form,
    body: new URLSearchParams({ ...params, username, password: DEMO_PASSWORD }),
  });
  const code = new URL(signIn.headers.get('location') ?? 'invalid:').searchParams.get('code');
  if (!code) throw new Error(`partner sign-in: ${signIn.status} ${await signIn.text()}`);
  const tokens = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: form,
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: params.client_id, code, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  if (tokens.status !== 200) throw new Error(`partner token: ${tokens.status} ${await tokens.text()}`);
  return ((await tokens.json()) as { access_token: string }).access_token;
}
