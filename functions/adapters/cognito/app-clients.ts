/**
 * Cognito app clients of the tenant's machine clients and partner apps. Creation needs
 * CreateUserPoolClient (and DeleteUserPoolClient to undo it), deletion DeleteUserPoolClient,
 * on this pool only. A secret goes from Cognito's answer to the caller's, nowhere else.
 */
import { CognitoIdentityProviderClient, CreateUserPoolClientCommand, DeleteUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { APP_CLIENTS, appClientSettings, refreshAuthFlows } from '#lib/model/user-pool';
import { readEnv } from '#platform/config';

const { USER_POOL_ID } = readEnv({ USER_POOL_ID: z.string().min(1) });
const cognito = new CognitoIdentityProviderClient({});

/** A confidential client for the client-credentials grant, with a generated secret. */
export async function createMachineAppClient(name: string, scopes: string[]): Promise<{ clientId: string; clientSecret: string }> {
  const out = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: USER_POOL_ID,
      ClientName: name,
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: scopes,
      AllowedOAuthFlowsUserPoolClient: true,
      ExplicitAuthFlows: refreshAuthFlows(APP_CLIENTS.machine),
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      // Attributes, token lifetimes (a deleted client's last token ends within the hour), no rotation: no refresh token.
      ...appClientSettings(APP_CLIENTS.machine),
    }),
  );
  const client = out.UserPoolClient;
  if (!client?.ClientId || !client.ClientSecret) throw new Error('Cognito returned no client id or secret');
  return { clientId: client.ClientId, clientSecret: client.ClientSecret };
}

/** A public client (no secret) for the authorization-code grant with PKCE, exact redirect URIs. */
export async function createPartnerAppClient(name: string, scopes: string[], callbackUrls: string[], logoutUrls: string[]): Promise<{ clientId: string }> {
  const out = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: USER_POOL_ID,
      ClientName: name,
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', ...scopes],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: callbackUrls,
      ...(logoutUrls.length > 0 ? { LogoutURLs: logoutUrls } : {}),
      SupportedIdentityProviders: ['COGNITO'],
      // Tokens through the hosted login and /oauth2/token only; refresh tokens rotate.
      ExplicitAuthFlows: refreshAuthFlows(APP_CLIENTS.partner),
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      ...appClientSettings(APP_CLIENTS.partner),
    }),
  );
  if (!out.UserPoolClient?.ClientId) throw new Error('Cognito returned no client id');
  return { clientId: out.UserPoolClient.ClientId };
}

/** Deletes an app client; one already gone is the state the caller wants. */
export async function deleteAppClient(clientId: string): Promise<void> {
  try {
    await cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: USER_POOL_ID, ClientId: clientId }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
  }
}
