/**
 * The GraphQL API on AppSync, from the model's `graphqlApi`: the schema file, Cognito user
 * pools by default and API keys as the additional mode, introspection off, AppSync's depth
 * and resolver-count limits, field logs without values, ONE Lambda resolver for every field
 * (nested ones batch-invoked) with least privilege, and the web ACL in front. cdk-nag has
 * its own test (nag.test.ts), which this stack passes.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERATED } from '../../scripts/generate';
import { GRAPHQL_FIELD_OPERATIONS, MAX_GRAPHQL_COMPLEXITY } from '#lib/model/graphql/schema';
import { appModel } from '#lib/model/index';
import { actionsOf, logicalId, render, resourcesOf, roleStatements, synthHydrant, type Synthesised } from './synth';

let synth: Synthesised;
let apiId: string;

beforeAll(() => {
  synth = synthHydrant();
  apiId = logicalId(synth.stack, synth.stack.stateless.graphql!.api);
});

const only = (type: string) => Object.entries(resourcesOf(synth.template, type));

describe('the AppSync GraphQL API', () => {
  it('serves the schema file, authorised by the user pool and, as an additional mode, API keys', () => {
    const [[id, api]] = only('AWS::AppSync::GraphQLApi') as unknown as [[string, { Properties: Record<string, any> }]];
    expect(id).toBe(apiId);
    expect(api.Properties).toMatchObject({
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      AdditionalAuthenticationProviders: [{ AuthenticationType: 'API_KEY' }],
      IntrospectionConfig: 'DISABLED',
      QueryDepthLimit: appModel.graphqlApi!.queryDepthLimit,
      ResolverCountLimit: MAX_GRAPHQL_COMPLEXITY,
      XrayEnabled: true,
      LogConfig: { FieldLogLevel: 'ERROR', ExcludeVerboseContent: true },
    });
    expect(render(api.Properties.UserPoolConfig.UserPoolId)).toBe(`<${logicalId(synth.stack, synth.stack.stateful.userPool)}>`);
    const [[, schema]] = only('AWS::AppSync::GraphQLSchema') as unknown as [[string, { Properties: { Definition: string } }]];
    expect(schema.Properties.Definition).toBe(GENERATED['lib/model/graphql/schema.graphql']());
    expect(only('AWS::AppSync::ApiKey')).toHaveLength(1);
  });

  it('resolves every field of the model with ONE Lambda data source, nested fields batch-invoked', () => {
    const sources = only('AWS::AppSync::DataSource');
    expect(sources).toHaveLength(1);
    const [[, source]] = sources as unknown as [[string, { Properties: Record<string, any> }]];
    expect(source.Properties.Type).toBe('AWS_LAMBDA');
    expect(render(source.Properties.LambdaConfig.LambdaFunctionArn)).toBe(`<${logicalId(synth.stack, synth.stack.stateless.graphql!.resolver.function)}.Arn>`);
    const resolvers = only('AWS::AppSync::Resolver').map(([, r]) => r.Properties as Record<string, any>);
    expect(resolvers.map((r) => `${r.TypeName}.${r.FieldName}`).sort()).toEqual(Object.keys(GRAPHQL_FIELD_OPERATIONS).sort());
    for (const r of resolvers) {
      expect(render(r.DataSourceName)).toBe(source.Properties.Name);
      expect(r.RequestMappingTemplate).toBeUndefined();
      if (r.TypeName === 'Query' || r.TypeName === 'Mutation') expect(r.MaxBatchSize).toBeUndefined();
      else expect(r.MaxBatchSize).toBe(appModel.graphqlApi!.maxBatchSize);
    }
  });

  it('gives the resolver function least privilege: the operations\' table and telemetry access (as their REST routes), audit appends only, no control table', () => {
    const role = logicalId(synth.stack, synth.stack.stateless.graphql!.resolver.function.role!);
    const statements = roleStatements(synth.template, role);
    const actions = actionsOf(statements);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']));
    expect(actions.filter((a) => a === 'dynamodb:Scan' || a.startsWith('cognito-idp:') || a.startsWith('apigateway:'))).toEqual([]);
    const resources = statements.flatMap((s) => [s.Resource].flat().map(render)).join(' ');
    expect(resources).not.toContain(logicalId(synth.stack, synth.stack.stateful.tables.control));
    const audit = statements.filter((s) => [s.Resource].flat().map(render).some((r: string) => r.includes(logicalId(synth.stack, synth.stack.stateful.tables.audit))));
    expect(actionsOf(audit)).toEqual(['dynamodb:PutItem']);
  });

  it('lets AppSync invoke that function only, and puts the web ACL in front', () => {
    const invokers = only('AWS::IAM::Policy').filter(([id]) => id.includes('Graphql') && id.includes('Resolvers'));
    expect(invokers).toHaveLength(1);
    const statements = (invokers[0]![1].Properties as { PolicyDocument: { Statement: Record<string, any>[] } }).PolicyDocument.Statement;
    expect(actionsOf(statements)).toEqual(['lambda:InvokeFunction']);
    const fnId = logicalId(synth.stack, synth.stack.stateless.graphql!.resolver.function);
    expect(statements.flatMap((s) => [s.Resource].flat().map(render)).every((r: string) => r.startsWith(`<${fnId}.Arn>`))).toBe(true);
    const associations = only('AWS::WAFv2::WebACLAssociation').map(([, a]) => render((a.Properties as Record<string, unknown>).ResourceArn));
    expect(associations).toContain(`<${apiId}.Arn>`);
  });

  it('logs no field values: the resolver logs field names, never arguments or results', () => {
    const source = readFileSync(new URL('../../functions/appsync/resolve.ts', import.meta.url), 'utf8');
    const logged = [...source.matchAll(/logger\.\w+\(([^;]*)\);/g)].map((m) => m[1]);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.filter((args) => /arguments|source|data/.test(args ?? ''))).toEqual([]);
  });
});
