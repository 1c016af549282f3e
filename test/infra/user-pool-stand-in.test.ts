/**
 * The cloud user pool and the local one must be the same pool: the CDK template and the
 * Cognito stand-in (configured by the local stack's bootstrap) are both built from
 * `lib/model/user-pool.ts`, and this test fails when either side drifts. It compares the
 * app clients (attributes a client may read and write, auth and OAuth flows, scopes, token
 * lifetimes, refresh-token rotation, secret, revocation), the custom attributes with their
 * mutability, the password policy and the resource server's scopes. It also holds the
 * security rules every app client of the template must keep.
 */
import {
  CognitoIdentityProviderClient,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  type UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '#lib/local/emulators/aws-clients';
import { createLocalUserPool } from '#lib/local/bootstrap/cognito';
import { startCognitoStandIn, type CognitoStandIn } from '#lib/local/emulators/cognito/server';
import { RESOURCE_SERVER_ID } from '#lib/model/scopes';
import { SELF_SERVICE_ATTRIBUTES } from '#lib/model/user-pool';
import { resourcesOf, synthHydrant, type Synthesised } from './synth';

const SECONDS = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 } as const;
type Unit = keyof typeof SECONDS;

/** What matters of an app client, in one shape for both sides. */
interface ClientView {
  readAttributes: string[];
  writeAttributes: string[];
  explicitAuthFlows: string[];
  allowedOAuthFlows: string[];
  allowedOAuthScopes: string[];
  tokenSeconds: { access: number; id: number; refresh: number };
  rotation: { feature: string; retryGracePeriodSeconds: number | undefined };
  enableTokenRevocation: boolean;
  preventUserExistenceErrors: string;
  hasSecret: boolean;
}

const sorted = (values: readonly string[] | undefined): string[] => [...(values ?? [])].sort();

/** Token lifetimes in seconds; CloudFormation's default units are hours, hours and days. */
function tokenSeconds(p: { AccessTokenValidity?: number; IdTokenValidity?: number; RefreshTokenValidity?: number; TokenValidityUnits?: Record<string, string | undefined> }) {
  const unit = (name: string, fallback: Unit) => SECONDS[(p.TokenValidityUnits?.[name] as Unit | undefined) ?? fallback];
  return {
    access: (p.AccessTokenValidity ?? 1) * unit('AccessToken', 'hours'),
    id: (p.IdTokenValidity ?? 1) * unit('IdToken', 'hours'),
    refresh: (p.RefreshTokenValidity ?? 30) * unit('RefreshToken', 'days'),
  };
}

function viewOfTemplate(p: Record<string, any>): ClientView {
  return {
    readAttributes: sorted(p.ReadAttributes),
    writeAttributes: sorted(p.WriteAttributes),
    explicitAuthFlows: sorted(p.ExplicitAuthFlows),
    allowedOAuthFlows: sorted(p.AllowedOAuthFlows),
    allowedOAuthScopes: sorted(p.AllowedOAuthScopes),
    tokenSeconds: tokenSeconds(p),
    rotation: { feature: p.RefreshTokenRotation?.Feature ?? 'DISABLED', retryGracePeriodSeconds: p.RefreshTokenRotation?.RetryGracePeriodSeconds },
    enableTokenRevocation: p.EnableTokenRevocation ?? true,
    preventUserExistenceErrors: p.PreventUserExistenceErrors ?? 'LEGACY',
    hasSecret: p.GenerateSecret === true,
  };
}

function viewOfStandIn(c: UserPoolClientType): ClientView {
  const rotation = c.RefreshTokenRotation;
  return {
    readAttributes: sorted(c.ReadAttributes),
    writeAttributes: sorted(c.WriteAttributes),
    explicitAuthFlows: sorted(c.ExplicitAuthFlows),
    allowedOAuthFlows: sorted(c.AllowedOAuthFlows),
    allowedOAuthScopes: sorted(c.AllowedOAuthScopes),
    tokenSeconds: tokenSeconds(c as never),
    rotation: { feature: rotation?.Feature ?? 'DISABLED', retryGracePeriodSeconds: rotation?.Feature === 'ENABLED' ? rotation.RetryGracePeriodSeconds : undefined },
    enableTokenRevocation: c.EnableTokenRevocation ?? true,
    preventUserExistenceErrors: c.PreventUserExistenceErrors ?? 'LEGACY',
    hasSecret: c.ClientSecret !== undefined,
  };
}

let synth: Synthesised;
let standIn: CognitoStandIn;
let cognito: CognitoIdentityProviderClient;
let local: { userPoolId: string; userPoolClientId: string };

beforeAll(async () => {
  synth = synthHydrant();
  standIn = await startCognitoStandIn();
  cognito = new CognitoIdentityProviderClient(localClientConfig(standIn.endpoint));
  local = await createLocalUserPool(standIn.endpoint, false);
});

afterAll(async () => {
  cognito.destroy();
  await standIn.stop();
});

const templateClients = () => Object.values(resourcesOf(synth.template, 'AWS::Cognito::UserPoolClient')).map((r) => r.Properties ?? {});
const templatePool = () => Object.values(resourcesOf(synth.template, 'AWS::Cognito::UserPool'))[0]?.Properties ?? {};

describe('the local user pool is the cloud one', () => {
  it('the login client: same attributes, flows, scopes, token lifetimes, rotation, secret and revocation', async () => {
    const clients = templateClients();
    expect(clients).toHaveLength(1);
    const { UserPoolClient } = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: local.userPoolId, ClientId: local.userPoolClientId }));
    expect(viewOfStandIn(UserPoolClient ?? {})).toEqual(viewOfTemplate(clients[0]!));
  });

  it('the custom attributes, with the same mutability and lengths', async () => {
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: local.userPoolId }));
    const localCustom = (UserPool?.SchemaAttributes ?? [])
      .filter((a) => a.Name?.startsWith('custom:'))
      .map((a) => ({ name: a.Name?.slice('custom:'.length), mutable: a.Mutable, min: a.StringAttributeConstraints?.MinLength, max: a.StringAttributeConstraints?.MaxLength }));
    const cloudCustom = ((templatePool().Schema ?? []) as Record<string, any>[])
      .filter((a) => a.AttributeDataType === 'String' && !['email'].includes(a.Name))
      .map((a) => ({ name: a.Name, mutable: a.Mutable, min: a.StringAttributeConstraints?.MinLength, max: a.StringAttributeConstraints?.MaxLength }));
    expect(sortByName(localCustom)).toEqual(sortByName(cloudCustom));
    expect(cloudCustom.find((a) => a.name === 'tenantId')?.mutable).toBe(false);
  });

  it('the password policy, temporary passwords included', async () => {
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: local.userPoolId }));
    const cloud = templatePool().Policies.PasswordPolicy;
    const { MinimumLength, RequireLowercase, RequireUppercase, RequireNumbers, RequireSymbols, TemporaryPasswordValidityDays } = UserPool?.Policies?.PasswordPolicy ?? {};
    expect({ MinimumLength, RequireLowercase, RequireUppercase, RequireNumbers, RequireSymbols, TemporaryPasswordValidityDays }).toEqual(cloud);
  });

  it('the sign-in names: e-mail, case-insensitive, verified automatically; MFA optional', async () => {
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: local.userPoolId }));
    const cloud = templatePool();
    expect({
      usernameAttributes: UserPool?.UsernameAttributes,
      caseSensitive: UserPool?.UsernameConfiguration?.CaseSensitive,
      autoVerified: UserPool?.AutoVerifiedAttributes,
      mfa: UserPool?.MfaConfiguration,
    }).toEqual({ usernameAttributes: cloud.UsernameAttributes, caseSensitive: cloud.UsernameConfiguration?.CaseSensitive, autoVerified: cloud.AutoVerifiedAttributes, mfa: cloud.MfaConfiguration });
  });

  it("the resource server's scopes", async () => {
    const { ResourceServer } = await cognito.send(new DescribeResourceServerCommand({ UserPoolId: local.userPoolId, Identifier: RESOURCE_SERVER_ID }));
    const cloud = Object.values(resourcesOf(synth.template, 'AWS::Cognito::UserPoolResourceServer'))[0]?.Properties;
    expect(cloud?.Identifier).toBe(RESOURCE_SERVER_ID);
    expect(ResourceServer?.Scopes).toEqual(cloud?.Scopes);
  });
});

describe('every app client of the template', () => {
  it('declares what it may read and write; users write their names only, never a custom attribute', () => {
    for (const p of templateClients()) {
      expect(p.ReadAttributes?.length, p.ClientName).toBeGreaterThan(0);
      // Cognito reads a missing or empty list as "every writable attribute".
      expect(p.WriteAttributes?.length, p.ClientName).toBeGreaterThan(0);
      for (const attribute of p.WriteAttributes as string[]) {
        expect(attribute.startsWith('custom:'), `${p.ClientName} writes ${attribute}`).toBe(false);
        expect(SELF_SERVICE_ATTRIBUTES as readonly string[], `${p.ClientName} writes ${attribute}`).toContain(attribute);
      }
    }
  });

  it('rotates refresh tokens with a retry grace period when it issues them, and refreshes only through rotation', () => {
    for (const p of templateClients()) {
      const clientCredentialsOnly = p.AllowedOAuthFlows?.length === 1 && p.AllowedOAuthFlows[0] === 'client_credentials';
      if (clientCredentialsOnly) continue;
      expect(p.RefreshTokenRotation?.Feature, p.ClientName).toBe('ENABLED');
      expect(p.RefreshTokenRotation?.RetryGracePeriodSeconds, p.ClientName).toBeGreaterThanOrEqual(0);
      expect(p.RefreshTokenRotation?.RetryGracePeriodSeconds, p.ClientName).toBeLessThanOrEqual(60);
      expect(p.ExplicitAuthFlows ?? [], p.ClientName).not.toContain('ALLOW_REFRESH_TOKEN_AUTH');
    }
  });
});

function sortByName<T extends { name?: string | undefined }>(items: T[]): T[] {
  return [...items].sort((a, b) => String(a.name).localeCompare(String(b.name)));
}
