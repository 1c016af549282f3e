/**
 * Identity wiring: least-privilege Cognito grants of the machine-client and partner-app
 * routes, the pre-token-generation trigger (V3_0, its two reads), and the Cognito domain
 * of the OAuth endpoints.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, logicalId, resourcesOf, roleStatements, synthHydrant, type Synthesised } from './synth';

let synth: Synthesised;

beforeAll(() => {
  synth = synthHydrant();
});

const poolArn = () => ({ 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.stateful.userPool), 'Arn'] });

function cognitoStatementsOf(role: unknown) {
  return roleStatements(synth.template, logicalId(synth.stack, role as never)).filter((s) => actionsOf([s]).some((a) => a.startsWith('cognito-idp:')));
}

describe('machine clients and partner apps', () => {
  const expected: Record<string, string[]> = {
    createMachineClient: ['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient'],
    createPartnerApp: ['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient'],
    deleteMachineClient: ['cognito-idp:DeleteUserPoolClient'],
    deletePartnerApp: ['cognito-idp:DeleteUserPoolClient'],
    listMachineClients: [],
    listPartnerApps: [],
    setupMfa: [],
    verifyMfa: [],
    disableMfa: [],
    // The account a sign-in names, for the failed-sign-in lock (counted per account).
    respondToMfaChallenge: ['cognito-idp:AdminGetUser'],
    login: ['cognito-idp:AdminGetUser'],
    completeNewPassword: ['cognito-idp:AdminGetUser'],
    refreshTokens: [],
    forgotPassword: [],
  };
  for (const [operationId, actions] of Object.entries(expected)) {
    it(`${operationId} may call exactly ${actions.join(', ') || 'no Cognito action'}, on this pool only`, () => {
      const statements = cognitoStatementsOf(synth.stack.stateless.routeFunction(operationId).role);
      expect(actionsOf(statements).sort()).toEqual(actions);
      for (const s of statements) expect(s.Resource).toEqual(poolArn());
    });
  }

  it('tells the machine-client creator the token endpoint of the Cognito domain', () => {
    const fn = synth.stack.stateless.routeFunction('createMachineClient');
    const env = resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, fn.function)]!.Properties!.Environment.Variables;
    expect(JSON.stringify(env.OAUTH_TOKEN_ENDPOINT)).toContain('/oauth2/token');
  });
});

describe('pre-token-generation trigger', () => {
  it('is a V3_0 trigger (called for client-credentials tokens too)', () => {
    const pool = resourcesOf(synth.template, 'AWS::Cognito::UserPool')[logicalId(synth.stack, synth.stack.stateful.userPool)]!.Properties!;
    expect(pool.LambdaConfig.PreTokenGenerationConfig.LambdaVersion).toBe('V3_0');
  });

  it('may only GetItem on the application table and AdminGetUser on this pool', () => {
    const trigger = synth.stack.stateful.preTokenGeneration;
    const statements = roleStatements(synth.template, logicalId(synth.stack, trigger.role));
    const data = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:') || a.startsWith('cognito-idp:')));
    expect(actionsOf(data).sort()).toEqual(['cognito-idp:AdminGetUser', 'dynamodb:GetItem']);
    expect(cognitoStatementsOf(trigger.role).map((s) => s.Resource)).toEqual([poolArn()]);
  });
});

describe('Cognito domain', () => {
  it('exists, with the stage in its prefix, and is an output with the token endpoint', () => {
    const domains = Object.values(resourcesOf(synth.template, 'AWS::Cognito::UserPoolDomain'));
    expect(domains).toHaveLength(1);
    expect(JSON.stringify(domains[0]!.Properties!.Domain)).toContain('hydrant-dev-');
    expect(Object.keys(synth.template.findOutputs('*'))).toEqual(expect.arrayContaining(['AuthDomain', 'TokenEndpoint']));
  });
});
