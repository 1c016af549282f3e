/**
 * The local Cognito stand-in, driven by the real AWS SDK client exactly as the handlers
 * and the local stack drive it, with tokens verified against its JWKS as the API
 * Gateway authorizer verifies them.
 */
import { createHmac } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  CodeMismatchException,
  ConfirmForgotPasswordCommand,
  ExpiredCodeException,
  ForgotPasswordCommand,
  LimitExceededException,
  GetUserPoolMfaConfigCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  InvalidOAuthFlowException,
  InvalidParameterException,
  InvalidPasswordException,
  ListUsersCommand,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  UsernameExistsException,
  UserNotFoundException,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCognitoStandIn, type CognitoStandIn, type PreTokenGenerationV2Event } from '#lib/local/emulators/cognito/server';
import { InvalidCognitoJwtError, verifyCognitoJwt } from '#lib/local/emulators/cognito/verify';

const REGION = 'eu-west-1';
const PASSWORD = 'Correct-Horse-9';

interface Pool {
  userPoolId: string;
  webClientId: string;
  machineClientId: string;
  machineSecret: string;
}

function sdkClient(standIn: CognitoStandIn): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: REGION,
    endpoint: standIn.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** A pool shaped like Hydrant's: custom tenant/client attributes, role groups, a web and a machine client. */
async function createHydrantPool(cognito: CognitoIdentityProviderClient): Promise<Pool> {
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: 'hydrant-local',
      Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: true, RequireNumbers: true, RequireUppercase: true, RequireLowercase: true } },
      Schema: [
        { Name: 'tenantId', AttributeDataType: 'String', Mutable: true },
        { Name: 'clientId', AttributeDataType: 'String', Mutable: true },
      ],
    }),
  );
  const userPoolId = UserPool?.Id ?? '';
  await cognito.send(
    new CreateResourceServerCommand({
      UserPoolId: userPoolId,
      Identifier: 'hydrant',
      Name: 'Hydrant API',
      Scopes: [
        { ScopeName: 'telemetry.write', ScopeDescription: 'Send telemetry readings' },
        { ScopeName: 'telemetry.read', ScopeDescription: 'Read telemetry' },
      ],
    }),
  );
  for (const [GroupName, Precedence] of [['admin', 0], ['manager', 1], ['technician', 2], ['client', 3]] as const) {
    await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName, Precedence }));
  }
  const web = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const machine = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'partner',
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['hydrant/telemetry.write', 'hydrant/telemetry.read'],
    }),
  );
  return {
    userPoolId,
    webClientId: web.UserPoolClient?.ClientId ?? '',
    machineClientId: machine.UserPoolClient?.ClientId ?? '',
    machineSecret: machine.UserPoolClient?.ClientSecret ?? '',
  };
}

async function createUser(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
  options: { groups?: string[]; attributes?: Record<string, string>; permanent?: boolean } = {},
): Promise<void> {
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: PASSWORD,
      UserAttributes: Object.entries({ email: `${username}@example.com`, email_verified: 'true', ...options.attributes }).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  if (options.permanent !== false) {
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: PASSWORD, Permanent: true }));
  }
  for (const GroupName of options.groups ?? []) {
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName }));
  }
}

async function login(cognito: CognitoIdentityProviderClient, clientId: string, username: string, password = PASSWORD): Promise<AuthenticationResultType> {
  const { AuthenticationResult } = await cognito.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );
  if (!AuthenticationResult) throw new Error('expected tokens, got a challenge');
  return AuthenticationResult;
}

async function clientCredentials(standIn: CognitoStandIn, id: string, secret: string, scope?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${standIn.endpoint}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Cognito stand-in', () => {
  let standIn: CognitoStandIn;
  let cognito: CognitoIdentityProviderClient;
  let pool: Pool;
  const verifyOptions = () => ({ issuer: standIn.issuer(pool.userPoolId), jwksUrl: standIn.jwksUrl(pool.userPoolId) });

  beforeAll(async () => {
    standIn = await startCognitoStandIn();
    cognito = sdkClient(standIn);
    pool = await createHydrantPool(cognito);
    await createUser(cognito, pool.userPoolId, 'ana', { groups: ['manager', 'admin'], attributes: { 'custom:tenantId': 'tenant-1' } });
  });

  afterAll(async () => {
    cognito?.destroy();
    await standIn?.stop();
  });

  it('creates pools with Cognito-shaped ids in the signing region', () => {
    expect(pool.userPoolId).toMatch(/^eu-west-1_[0-9A-Za-z]{9}$/);
    expect(pool.webClientId).toMatch(/^[a-z0-9]{26}$/);
    expect(standIn.issuer(pool.userPoolId)).toBe(`http://127.0.0.1:${standIn.port}/${pool.userPoolId}`);
  });

  it('signs in with USER_PASSWORD_AUTH and issues tokens that verify against the JWKS with Cognito claims', async () => {
    const tokens = await login(cognito, pool.webClientId, 'ana');
    expect(tokens).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600, RefreshToken: expect.any(String) });

    const access = await verifyCognitoJwt(tokens.AccessToken ?? '', { ...verifyOptions(), tokenUse: 'access', clientId: pool.webClientId });
    expect(Object.keys(access).sort()).toEqual(
      ['sub', 'cognito:groups', 'iss', 'client_id', 'origin_jti', 'event_id', 'token_use', 'scope', 'auth_time', 'exp', 'iat', 'jti', 'username'].sort(),
    );
    expect(access).toMatchObject({
      'cognito:groups': ['admin', 'manager'],
      client_id: pool.webClientId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      username: 'ana',
    });
    expect(access.exp - access.iat).toBe(3600);

    const id = await verifyCognitoJwt(tokens.IdToken ?? '', { ...verifyOptions(), tokenUse: 'id', clientId: pool.webClientId });
    expect(id).toMatchObject({
      sub: access.sub,
      aud: pool.webClientId,
      'cognito:username': 'ana',
      'cognito:groups': ['admin', 'manager'],
      email: 'ana@example.com',
      email_verified: true,
      'custom:tenantId': 'tenant-1',
      origin_jti: access.origin_jti,
      event_id: access.event_id,
      auth_time: access.auth_time,
    });
    expect(decodeProtectedHeader(tokens.AccessToken ?? '')).toEqual({ kid: expect.any(String), alg: 'RS256' });
  });

  it('refuses tokens of another issuer, use or client, as the authorizer does', async () => {
    const tokens = await login(cognito, pool.webClientId, 'ana');
    const reasons = await Promise.all([
      verifyCognitoJwt(tokens.AccessToken ?? '', { ...verifyOptions(), issuer: standIn.issuer('eu-west-1_other') }),
      verifyCognitoJwt(tokens.IdToken ?? '', { ...verifyOptions(), tokenUse: 'access' }),
      verifyCognitoJwt(tokens.AccessToken ?? '', { ...verifyOptions(), clientId: 'someone-else' }),
      verifyCognitoJwt(`${tokens.AccessToken?.slice(0, -4)}AAAA`, verifyOptions()),
    ].map((p) => p.then(() => 'accepted', (e: unknown) => (e instanceof InvalidCognitoJwtError ? e.reason : String(e)))));
    expect(reasons).toEqual(['issuer', 'token_use', 'client', 'signature']);
  });

  it('rejects a wrong password, an unknown user and a weak password with the SDK exception classes', async () => {
    await expect(login(cognito, pool.webClientId, 'ana', 'Wrong-Password-1')).rejects.toThrow(NotAuthorizedException);
    await expect(login(cognito, pool.webClientId, 'nobody')).rejects.toThrow(UserNotFoundException);
    await expect(
      cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: 'ana', Password: 'short1!A', Permanent: true })),
    ).rejects.toThrow(InvalidPasswordException);
    await expect(createUser(cognito, pool.userPoolId, 'ana')).rejects.toThrow(UsernameExistsException);
    await expect(
      cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: 'x', UserAttributes: [{ Name: 'custom:undeclared', Value: '1' }] })),
    ).rejects.toThrow(InvalidParameterException);
  });

  it('refreshes tokens within the same session, then refuses them after RevokeToken', async () => {
    const tokens = await login(cognito, pool.webClientId, 'ana');
    const refresh = () =>
      cognito.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: pool.webClientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken ?? '' } }));

    const { AuthenticationResult: refreshed } = await refresh();
    expect(refreshed?.RefreshToken).toBeUndefined();
    const original = decodeJwt(tokens.AccessToken ?? '');
    const renewed = decodeJwt(refreshed?.AccessToken ?? '');
    expect(renewed.origin_jti).toBe(original.origin_jti);
    expect(renewed.auth_time).toBe(original.auth_time);
    expect(renewed.jti).not.toBe(original.jti);
    await expect(cognito.send(new GetUserCommand({ AccessToken: refreshed?.AccessToken }))).resolves.toMatchObject({ Username: 'ana' });

    await cognito.send(new RevokeTokenCommand({ ClientId: pool.webClientId, Token: tokens.RefreshToken }));
    await expect(refresh()).rejects.toThrow('Refresh Token has been revoked');
    await expect(cognito.send(new GetUserCommand({ AccessToken: refreshed?.AccessToken }))).rejects.toThrow(NotAuthorizedException);
    expect(standIn.isRevoked(String(original.origin_jti))).toBe(true);
  });

  it('signs every session of a user out with GlobalSignOut and AdminUserGlobalSignOut', async () => {
    await createUser(cognito, pool.userPoolId, 'gus');
    const first = await login(cognito, pool.webClientId, 'gus');
    const second = await login(cognito, pool.webClientId, 'gus');
    await cognito.send(new GlobalSignOutCommand({ AccessToken: first.AccessToken }));
    await expect(cognito.send(new GetUserCommand({ AccessToken: second.AccessToken }))).rejects.toThrow('Access Token has been revoked');

    const third = await login(cognito, pool.webClientId, 'gus');
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool.userPoolId, Username: 'gus' }));
    await expect(
      cognito.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: pool.webClientId, AuthParameters: { REFRESH_TOKEN: third.RefreshToken ?? '' } })),
    ).rejects.toThrow(NotAuthorizedException);
  });

  it('makes a user with a temporary password answer NEW_PASSWORD_REQUIRED', async () => {
    await createUser(cognito, pool.userPoolId, 'tomas', { permanent: false });
    const started = await cognito.send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.webClientId, AuthParameters: { USERNAME: 'tomas', PASSWORD } }),
    );
    expect(started.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(started.AuthenticationResult).toBeUndefined();
    expect(JSON.parse(started.ChallengeParameters?.userAttributes ?? '{}')).toMatchObject({ email: 'tomas@example.com' });

    const answer = (NEW_PASSWORD: string) =>
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: pool.webClientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: started.Session,
          ChallengeResponses: { USERNAME: 'tomas', NEW_PASSWORD },
        }),
      );
    await expect(answer('weak')).rejects.toThrow(InvalidPasswordException);
    const { AuthenticationResult } = await answer('Brand-New-Secret-7');
    expect(AuthenticationResult?.RefreshToken).toEqual(expect.any(String));
    await expect(answer('Brand-New-Secret-8')).rejects.toThrow(NotAuthorizedException);

    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'tomas' }));
    expect(user.UserStatus).toBe('CONFIRMED');
    await expect(login(cognito, pool.webClientId, 'tomas', 'Brand-New-Secret-7')).resolves.toHaveProperty('AccessToken');
  });

  it('issues client-credentials tokens with the requested scopes at /oauth2/token', async () => {
    const { status, body } = await clientCredentials(standIn, pool.machineClientId, pool.machineSecret, 'hydrant/telemetry.write');
    expect(status).toBe(200);
    expect(body).toEqual({ access_token: expect.any(String), expires_in: 3600, token_type: 'Bearer' });
    const claims = await verifyCognitoJwt(String(body.access_token), { ...verifyOptions(), tokenUse: 'access', scopes: ['hydrant/telemetry.write'] });
    expect(Object.keys(claims).sort()).toEqual(['sub', 'token_use', 'scope', 'auth_time', 'iss', 'exp', 'iat', 'version', 'jti', 'client_id'].sort());
    expect(claims).toMatchObject({ sub: pool.machineClientId, client_id: pool.machineClientId, scope: 'hydrant/telemetry.write', version: 2 });

    const all = await clientCredentials(standIn, pool.machineClientId, pool.machineSecret);
    expect(decodeJwt(String(all.body.access_token)).scope).toBe('hydrant/telemetry.write hydrant/telemetry.read');
    await expect(clientCredentials(standIn, pool.machineClientId, pool.machineSecret, 'hydrant/admin')).resolves.toEqual({ status: 400, body: { error: 'invalid_scope' } });
    await expect(clientCredentials(standIn, pool.machineClientId, 'wrong')).resolves.toEqual({ status: 400, body: { error: 'invalid_client' } });
    await expect(
      cognito.send(new CreateUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientName: 'no-secret', AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['hydrant/telemetry.read'], AllowedOAuthFlowsUserPoolClient: true })),
    ).rejects.toThrow(InvalidOAuthFlowException);
  });

  it('requires SECRET_HASH from clients with a secret', async () => {
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientName: 'server', GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    const clientId = UserPoolClient?.ClientId ?? '';
    const secretHash = createHmac('sha256', UserPoolClient?.ClientSecret ?? '').update(`ana${clientId}`).digest('base64');
    const signIn = (extra: Record<string, string>) =>
      cognito.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'ana', PASSWORD, ...extra } }));
    await expect(signIn({})).rejects.toThrow('SECRET_HASH was not received');
    await expect(signIn({ SECRET_HASH: secretHash })).resolves.toHaveProperty('AuthenticationResult.AccessToken');
  });

  it('does not let a disabled user sign in', async () => {
    await createUser(cognito, pool.userPoolId, 'dora');
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: pool.userPoolId, Username: 'dora' }));
    await expect(login(cognito, pool.webClientId, 'dora')).rejects.toThrow('User is disabled.');
    await cognito.send(new AdminEnableUserCommand({ UserPoolId: pool.userPoolId, Username: 'dora' }));
    await expect(login(cognito, pool.webClientId, 'dora')).resolves.toHaveProperty('AccessToken');
  });

  it('administers users: get, list with filter, groups, delete', async () => {
    await createUser(cognito, pool.userPoolId, 'carl', { groups: ['client'], attributes: { 'custom:clientId': 'client-7' } });
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'carl' }));
    expect(user).toMatchObject({ Username: 'carl', Enabled: true, UserStatus: 'CONFIRMED' });
    expect(user.UserCreateDate).toBeInstanceOf(Date);
    expect(user.UserAttributes).toContainEqual({ Name: 'custom:clientId', Value: 'client-7' });

    const listed = await cognito.send(new ListUsersCommand({ UserPoolId: pool.userPoolId, Filter: 'email = "carl@example.com"' }));
    expect(listed.Users?.map((u) => u.Username)).toEqual(['carl']);
    const prefixed = await cognito.send(new ListUsersCommand({ UserPoolId: pool.userPoolId, Filter: 'username ^= "ca"' }));
    expect(prefixed.Users?.map((u) => u.Username)).toEqual(['carl']);

    const groups = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: pool.userPoolId, Username: 'carl' }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['client']);
    await cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool.userPoolId, Username: 'carl', GroupName: 'client' }));
    const after = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: pool.userPoolId, Username: 'carl' }));
    expect(after.Groups).toEqual([]);

    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: pool.userPoolId, Username: 'carl' }));
    await expect(cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'carl' }))).rejects.toThrow(UserNotFoundException);
  });

  it('signs users in with their e-mail in pools whose username attribute is email', async () => {
    const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: 'by-email', UsernameAttributes: ['email'] }));
    const userPoolId = UserPool?.Id ?? '';
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    const { User } = await cognito.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: 'Eva@Example.com', MessageAction: 'SUPPRESS' }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: 'Eva@Example.com', Password: PASSWORD, Permanent: true }));

    // As in Cognito, the username is the sub, and the e-mail is what the user types.
    const sub = User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    expect(User?.Username).toBe(sub);
    const access = decodeJwt((await login(cognito, UserPoolClient?.ClientId ?? '', 'Eva@Example.com')).AccessToken ?? '');
    expect(access).toMatchObject({ sub, username: sub });
    const listed = await cognito.send(new ListUsersCommand({ UserPoolId: userPoolId, Filter: 'email = "Eva@Example.com"' }));
    expect(listed.Users?.map((u) => u.Username)).toEqual([sub]);
  });

  it('names operations it does not implement', async () => {
    await expect(cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: 'us-east-1_nothing' }))).rejects.toMatchObject({
      name: 'UnknownOperationException',
      message: expect.stringContaining('GetUserPoolMfaConfig'),
    });
  });
});

describe('Cognito stand-in with a pre token generation trigger', () => {
  const events: PreTokenGenerationV2Event[] = [];
  let standIn: CognitoStandIn;
  let cognito: CognitoIdentityProviderClient;
  let pool: Pool;

  beforeAll(async () => {
    // What Hydrant's trigger does in the cloud: tenant and client of the user into the access token.
    standIn = await startCognitoStandIn({
      preTokenGeneration: async (event) => {
        events.push(structuredClone(event));
        const { userAttributes } = event.request;
        event.response.claimsAndScopeOverrideDetails = {
          accessTokenGeneration: {
            claimsToAddOrOverride: {
              tenantId: userAttributes['custom:tenantId'] ?? '',
              ...(userAttributes['custom:clientId'] ? { clientId: userAttributes['custom:clientId'] } : {}),
              iss: 'ignored: protected claim',
            },
            scopesToAdd: ['hydrant/telemetry.read'],
          },
          idTokenGeneration: { claimsToSuppress: ['email'] },
        };
        return event;
      },
    });
    cognito = sdkClient(standIn);
    pool = await createHydrantPool(cognito);
    await createUser(cognito, pool.userPoolId, 'cleo', { groups: ['client'], attributes: { 'custom:tenantId': 'tenant-9', 'custom:clientId': 'client-3' } });
  });

  afterAll(async () => {
    cognito?.destroy();
    await standIn?.stop();
  });

  it('sends the V2_0 event and applies the response to the tokens', async () => {
    const tokens = await login(cognito, pool.webClientId, 'cleo');
    const access = decodeJwt(tokens.AccessToken ?? '');
    expect(access).toMatchObject({
      tenantId: 'tenant-9',
      clientId: 'client-3',
      iss: standIn.issuer(pool.userPoolId),
      scope: 'aws.cognito.signin.user.admin hydrant/telemetry.read',
    });
    expect(decodeJwt(tokens.IdToken ?? '')).not.toHaveProperty('email');

    expect(events.at(-1)).toEqual({
      version: '2',
      triggerSource: 'TokenGeneration_Authentication',
      region: REGION,
      userPoolId: pool.userPoolId,
      userName: 'cleo',
      callerContext: { awsSdkVersion: expect.stringMatching(/^aws-sdk-js-3\./), clientId: pool.webClientId },
      request: {
        userAttributes: {
          sub: access.sub,
          email: 'cleo@example.com',
          email_verified: 'true',
          'custom:tenantId': 'tenant-9',
          'custom:clientId': 'client-3',
          'cognito:user_status': 'CONFIRMED',
        },
        groupConfiguration: { groupsToOverride: ['client'], iamRolesToOverride: [], preferredRole: null },
        scopes: ['aws.cognito.signin.user.admin'],
      },
      response: { claimsAndScopeOverrideDetails: null },
    });

    const { AuthenticationResult } = await cognito.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: pool.webClientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken ?? '' } }),
    );
    expect(events.at(-1)?.triggerSource).toBe('TokenGeneration_RefreshTokens');
    expect(decodeJwt(AuthenticationResult?.AccessToken ?? '')).toMatchObject({ tenantId: 'tenant-9', clientId: 'client-3' });
  });
});

describe('Cognito stand-in: passwords users change themselves', () => {
  let standIn: CognitoStandIn;
  let cognito: CognitoIdentityProviderClient;
  let pool: Pool;
  let seq = 0;

  beforeAll(async () => {
    standIn = await startCognitoStandIn();
    cognito = sdkClient(standIn);
    pool = await createHydrantPool(cognito);
  });

  afterAll(async () => {
    cognito?.destroy();
    await standIn?.stop();
  });

  const fresh = async () => {
    const username = `reset${seq++}`;
    await createUser(cognito, pool.userPoolId, username);
    return username;
  };
  const codeFor = (username: string) => standIn.mailbox(`${username}@example.com`).filter((m) => m.kind === 'password-reset').at(-1)?.secret ?? '';
  const forgot = (Username: string) => cognito.send(new ForgotPasswordCommand({ ClientId: pool.webClientId, Username }));
  const confirm = (Username: string, ConfirmationCode: string, Password: string) =>
    cognito.send(new ConfirmForgotPasswordCommand({ ClientId: pool.webClientId, Username, ConfirmationCode, Password }));

  it('delivers an invitation with the temporary password unless told to suppress it', async () => {
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: 'invited', TemporaryPassword: 'Temp-Pass-123', UserAttributes: [{ Name: 'email', Value: 'invited@example.com' }] }));
    expect(standIn.mailbox('invited@example.com')).toEqual([expect.objectContaining({ kind: 'invitation', secret: 'Temp-Pass-123', userPoolId: pool.userPoolId })]);
    const over = await fetch(`${standIn.endpoint}/_local/mailbox?to=INVITED@example.com`);
    expect(((await over.json()) as { messages: unknown[] }).messages).toHaveLength(1);
  });

  it('sends a six-digit code and sets the new password with it, once', async () => {
    const username = await fresh();
    const sent = await forgot(username);
    expect(sent.CodeDeliveryDetails).toEqual({ Destination: `r***@e***`, DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const code = codeFor(username);
    expect(code).toMatch(/^\d{6}$/);
    await expect(confirm(username, code === '000000' ? '111111' : '000000', 'New-Password-42')).rejects.toBeInstanceOf(CodeMismatchException);
    await expect(confirm(username, code, 'weak')).rejects.toBeInstanceOf(InvalidPasswordException);
    await confirm(username, code, 'New-Password-42');
    expect((await login(cognito, pool.webClientId, username, 'New-Password-42')).AccessToken).toEqual(expect.any(String));
    await expect(confirm(username, code, 'Other-Password-42')).rejects.toBeInstanceOf(ExpiredCodeException);
  });

  it('limits code requests and wrong codes with LimitExceededException, and refuses unknown users in LEGACY clients', async () => {
    const username = await fresh();
    for (let i = 0; i < 5; i++) await forgot(username);
    await expect(forgot(username)).rejects.toBeInstanceOf(LimitExceededException);
    const other = await fresh();
    await forgot(other);
    for (let i = 0; i < 5; i++) await expect(confirm(other, 'abcdef', 'New-Password-42')).rejects.toBeInstanceOf(CodeMismatchException);
    await expect(confirm(other, codeFor(other), 'New-Password-42')).rejects.toBeInstanceOf(LimitExceededException);
    await expect(forgot('nobody-at-all')).rejects.toBeInstanceOf(UserNotFoundException);
  });

  it('changes the password of the token holder with the previous one', async () => {
    const username = await fresh();
    const { AccessToken } = await login(cognito, pool.webClientId, username);
    const change = (PreviousPassword: string, ProposedPassword: string) => cognito.send(new ChangePasswordCommand({ AccessToken, PreviousPassword, ProposedPassword }));
    await expect(change('Wrong-Password-1', 'New-Password-42')).rejects.toBeInstanceOf(NotAuthorizedException);
    await expect(change(PASSWORD, 'short')).rejects.toBeInstanceOf(InvalidPasswordException);
    await change(PASSWORD, 'New-Password-42');
    await expect(login(cognito, pool.webClientId, username)).rejects.toBeInstanceOf(NotAuthorizedException);
    expect((await login(cognito, pool.webClientId, username, 'New-Password-42')).AccessToken).toEqual(expect.any(String));
  });
});
