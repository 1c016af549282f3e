/**
 * Creates the local user pool as the CDK stack declares it (groups, custom attributes
 * and the login client from `lib/model/user-pool.ts`, resource server with the model's scopes) and the
 * demo users, through the real Cognito SDK client.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { appModel, ROLES } from '#lib/model/index';
import { APP_CLIENTS, appClientSettings, CUSTOM_ATTRIBUTES, PASSWORD_POLICY, refreshAuthFlows } from '#lib/model/user-pool';
import { localClientConfig } from '../emulators/aws-clients';
import { DEMO_PASSWORD, DEMO_TENANT_ID, DEMO_USERS } from './demo-data';

export interface LocalUserPool {
  readonly userPoolId: string;
  readonly userPoolClientId: string;
}

export async function createLocalUserPool(endpoint: string, withDemoUsers: boolean): Promise<LocalUserPool> {
  const cognito = new CognitoIdentityProviderClient(localClientConfig(endpoint));
  const pool = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: 'hydrant-local',
      Policies: {
        PasswordPolicy: {
          MinimumLength: PASSWORD_POLICY.minLength,
          RequireLowercase: PASSWORD_POLICY.requireLowercase,
          RequireUppercase: PASSWORD_POLICY.requireUppercase,
          RequireNumbers: PASSWORD_POLICY.requireDigits,
          RequireSymbols: PASSWORD_POLICY.requireSymbols,
          TemporaryPasswordValidityDays: PASSWORD_POLICY.temporaryPasswordValidityDays,
        },
      },
      UsernameAttributes: ['email'],
      // As the cloud pool (signInCaseSensitive: false): Ana@… and ana@… are one user.
      UsernameConfiguration: { CaseSensitive: false },
      // As the cloud pool: users may enrol an authenticator app (TOTP).
      MfaConfiguration: 'OPTIONAL',
      AutoVerifiedAttributes: ['email'],
      Schema: CUSTOM_ATTRIBUTES.map((a) => ({
        Name: a.name,
        AttributeDataType: 'String',
        Mutable: a.mutable,
        StringAttributeConstraints: { MinLength: String(a.minLength), MaxLength: String(a.maxLength) },
      })),
    }),
  );
  const userPoolId = pool.UserPool?.Id as string;
  for (const role of ROLES) await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: role }));
  await cognito.send(
    new CreateResourceServerCommand({
      UserPoolId: userPoolId,
      Identifier: 'hydrant',
      Name: 'Hydrant API',
      Scopes: appModel.scopes.map((s) => ({ ScopeName: s.name, ScopeDescription: s.description })),
    }),
  );
  const client = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: APP_CLIENTS.login.name,
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', ...refreshAuthFlows(APP_CLIENTS.login)],
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      ...appClientSettings(APP_CLIENTS.login),
    }),
  );
  if (withDemoUsers) {
    for (const user of DEMO_USERS) {
      await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: user.email,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'given_name', Value: user.givenName },
            { Name: 'family_name', Value: user.familyName },
            { Name: 'custom:tenantId', Value: DEMO_TENANT_ID },
            ...(user.clientId ? [{ Name: 'custom:clientId', Value: user.clientId }] : []),
          ],
        }),
      );
      await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: user.email, Password: DEMO_PASSWORD, Permanent: true }));
      await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.email, GroupName: user.role }));
    }
  }
  cognito.destroy();
  return { userPoolId, userPoolClientId: client.UserPoolClient?.ClientId as string };
}
