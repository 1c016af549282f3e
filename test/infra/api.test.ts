/**
 * The REST API is the app model's routes, exactly: one method and one Lambda per route,
 * the Cognito authorizer and the API key where the declaration says so, and API
 * Gateway's own errors in the problem+json shape.
 */
import { USAGE_PLANS } from '#lib/model/usage-plans';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#lib/cloud/hydrant-stack';
import { appModel } from '#lib/model/index';
import { logicalId, methodsByRoute, resourcesOf, synthHydrant, type Synthesised } from './synth';

// Public by design: no token exists yet (login and its challenges, a forgotten password), the URL is the credential (the feed,
// the unsubscribe link, a connector's OAuth2 callback and its signed state) or a browser opens it before any sign-in (the docs page, its script and the contract).
const PUBLIC_OPERATIONS = ['getHealth', 'login', 'refreshTokens', 'completeNewPassword', 'respondToMfaChallenge', 'forgotPassword', 'resetPassword', 'getScheduleIcs', 'getDocsPage', 'getDocsScript', 'getOpenApi', 'unsubscribe', 'completeConnectorOAuth'];

let synth: Synthesised;
let methods: Map<string, Record<string, any>>;

beforeAll(() => {
  synth = synthHydrant();
  methods = methodsByRoute(synth.template);
});

// The stage ceiling is ten times the largest plan, so no plan is capped by it.
const maxPlan = (field: 'rateLimit' | 'burstLimit') => Math.max(...USAGE_PLANS.map((p) => p[field]));

describe('routes', () => {
  it('has exactly one method per route of the model, and a CORS preflight on each of its paths (the console\'s origin is always allowed)', () => {
    const expected = appModel.routes.map((r) => `${r.method} ${r.path}`).sort();
    expect([...methods.keys()].filter((k) => !k.startsWith('OPTIONS ')).sort()).toEqual(expected);
    for (const path of new Set(appModel.routes.map((r) => r.path))) expect(methods.has(`OPTIONS ${path}`), path).toBe(true);
  });

  it('gives every route its own Lambda function, bundled from the route\'s handler module', () => {
    const functions = resourcesOf(synth.template, 'AWS::Lambda::Function');
    const seen = new Set<string>();
    for (const route of appModel.routes) {
      const fn = synth.stack.stateless.routeFunction(route.operationId);
      expect(fn.entry).toBe(join(REPO_ROOT, 'functions', `${route.handler}.ts`));
      const fnId = logicalId(synth.stack, fn.function);
      expect(functions[fnId], route.operationId).toBeDefined();
      expect(seen.has(fnId)).toBe(false);
      seen.add(fnId);
      const method = methods.get(`${route.method} ${route.path}`)!;
      expect(method.Integration.Type).toBe('AWS_PROXY');
      // Every route is integrated by its function's fixed name (see Stateless.integrationOf).
      expect(JSON.stringify(method.Integration.Uri)).toContain(`:function:hydrant-dev-${route.operationId}/invocations`);
      expect(functions[fnId]!.Properties!.FunctionName).toBe(`hydrant-dev-${route.operationId}`);
      expect(method.OperationName).toBe(route.operationId);
    }
    // The routes, the queue consumers, the schedules, the IoT rule functions, the stream consumers, the WebSocket API's
    // authorizer and routes, the AppSync resolver, plus the Cognito pre-token-generation trigger.
    const iotFunctions = appModel.iotRules.flatMap((r) => r.actions).filter((a) => a.kind === 'function').length;
    const webSocketFunctions = appModel.webSocket ? appModel.webSocket.routes.length + 1 : 0;
    const workers =
      appModel.queues.filter((q) => q.consumer).length + appModel.schedules.length + iotFunctions + (appModel.streamConsumers ?? []).length + webSocketFunctions + (appModel.graphqlApi ? 1 : 0);
    // ... and CDK's own: the console's BucketDeployment handler.
    expect(Object.keys(functions)).toHaveLength(appModel.routes.length + workers + 2);
  });

  it('sizes each function as the model declares', () => {
    const functions = resourcesOf(synth.template, 'AWS::Lambda::Function');
    for (const route of appModel.routes) {
      const props = functions[logicalId(synth.stack, synth.stack.stateless.routeFunction(route.operationId).function)]!.Properties!;
      expect(props.MemorySize, route.operationId).toBe(route.fn.memoryMb ?? 256);
      expect(props.Timeout, route.operationId).toBe(route.fn.timeoutSeconds ?? 10);
      expect(props.Runtime).toBe('nodejs24.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
    }
  });
});

describe('authorisation', () => {
  it('uses the Cognito authorizer on every method but health, login and its challenges, refresh, forgot/reset password, the calendar feed and the unsubscribe link', () => {
    const authorizerId = logicalId(synth.stack, synth.stack.stateless.authorizer as never);
    const authorizers = resourcesOf(synth.template, 'AWS::ApiGateway::Authorizer');
    expect(authorizers[authorizerId]?.Properties).toMatchObject({
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::GetAtt': [logicalId(synth.stack, synth.stack.stateful.userPool), 'Arn'] }],
    });
    for (const route of appModel.routes) {
      const method = methods.get(`${route.method} ${route.path}`)!;
      if (PUBLIC_OPERATIONS.includes(route.operationId)) {
        expect(method.AuthorizationType, route.operationId).toBe('NONE');
        expect(method.AuthorizerId).toBeUndefined();
      } else {
        expect(method.AuthorizationType, route.operationId).toBe('COGNITO_USER_POOLS');
        expect(method.AuthorizerId).toEqual({ Ref: authorizerId });
      }
    }
  });

  it('accepts user access tokens and, where declared, machine tokens with the route\'s scopes', () => {
    for (const route of appModel.routes) {
      if (route.auth.kind !== 'authenticated') continue;
      const method = methods.get(`${route.method} ${route.path}`)!;
      expect(method.AuthorizationScopes, route.operationId).toEqual([
        'aws.cognito.signin.user.admin',
        ...(route.auth.scopes ?? []).map((s) => `hydrant/${s}`),
      ]);
    }
  });

  it('requires an API key on every /v1 method but health, the calendar feed (calendar apps send no header) and the unsubscribe link (an e-mail link sends none)', () => {
    const KEYLESS = ['GET /v1/health', 'GET /v1/schedule.ics', 'GET /v1/unsubscribe', 'GET /v1/connectors/oauth/callback'];
    for (const [key, method] of methods) {
      // CORS preflights carry no credentials (browsers send none), as the CORS test checks.
      if (!key.split(' ')[1]!.startsWith('/v1') || key.startsWith('OPTIONS ')) continue;
      expect(method.ApiKeyRequired ?? false, key).toBe(!KEYLESS.includes(key));
    }
  });

  it('declares every scope of the model on the resource server `hydrant`', () => {
    synth.template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'hydrant',
      Scopes: appModel.scopes.map((s) => ({ ScopeName: s.name, ScopeDescription: s.description })),
    });
  });
});

describe('usage plans and keys', () => {
  it('has one usage plan per plan of the model, attached to the stage, with its rate and burst and no API Gateway quota', () => {
    const stageId = logicalId(synth.stack, synth.stack.stateless.api.deploymentStage);
    const plans = resourcesOf(synth.template, 'AWS::ApiGateway::UsagePlan');
    expect(Object.keys(plans)).toHaveLength(appModel.usagePlans.length);
    expect([...synth.stack.stateless.usagePlans.keys()]).toEqual(appModel.usagePlans.map((p) => p.id));
    for (const decl of appModel.usagePlans) {
      const plan = plans[logicalId(synth.stack, synth.stack.stateless.usagePlans.get(decl.id)!)]!.Properties!;
      expect(plan.UsagePlanName).toBe(`hydrant-dev-${decl.id}`);
      expect(plan.Throttle, decl.id).toEqual({ RateLimit: decl.rateLimit, BurstLimit: decl.burstLimit });
      // Hydrant counts the quota itself, so a 304 does not count: API Gateway must not count too.
      expect(plan.Quota, decl.id).toBeUndefined();
      expect(plan.ApiStages).toEqual([{ ApiId: { Ref: logicalId(synth.stack, synth.stack.stateless.api) }, Stage: { Ref: stageId }, Throttle: {} }]);
    }
  });

  it('puts one bootstrap key in the first plan of the model and outputs its id, never its value', () => {
    const keyId = logicalId(synth.stack, synth.stack.stateless.bootstrapApiKey);
    const firstPlan = synth.stack.stateless.usagePlans.get(appModel.usagePlans[0]!.id)!;
    expect(synth.stack.stateless.defaultUsagePlan).toBe(firstPlan);
    synth.template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    synth.template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
    synth.template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', {
      KeyId: { Ref: keyId },
      KeyType: 'API_KEY',
      UsagePlanId: { Ref: logicalId(synth.stack, firstPlan) },
    });
    // No fixed value: API Gateway generates it, so it is in no template or output.
    expect(resourcesOf(synth.template, 'AWS::ApiGateway::ApiKey')[keyId]!.Properties!.Value).toBeUndefined();
    synth.template.hasOutput('BootstrapApiKeyId', { Value: { Ref: keyId } });
  });

  it('refuses a model without usage plans or with a duplicate plan id', () => {
    expect(() => synthHydrant({ model: { ...appModel, usagePlans: [] } })).toThrow(/declares no usage plan/);
    expect(() => synthHydrant({ model: { ...appModel, usagePlans: [appModel.usagePlans[0]!, appModel.usagePlans[0]!] } })).toThrow(
      /Duplicate usage plan standard/,
    );
  });

  it('outputs what clients and operators need, the name of every table included', () => {
    const outputs = Object.keys(synth.template.findOutputs('*')).sort();
    expect(outputs).toEqual([
      'AlarmTopicArn',
      'ApiUrl',
      'AuditTableName',
      'AuthDomain',
      'BootstrapApiKeyId',
      'ConsoleUrl',
      'ControlTableName',
      'DocumentsBucketName',
      'EmailSender',
      'LiveUrl',
      'TableName',
      'TokenEndpoint',
      'UserPoolClientId',
      'UserPoolId',
    ]);
    for (const [output, table] of [
      ['TableName', synth.stack.stateful.tables.app],
      ['ControlTableName', synth.stack.stateful.tables.control],
      ['AuditTableName', synth.stack.stateful.tables.audit],
    ] as const) {
      synth.template.hasOutput(output, { Value: { Ref: logicalId(synth.stack, table) } });
    }
  });
});

describe('stage', () => {
  it('names the stage after the context stage, with access logs, tracing, execution logging and throttling', () => {
    synth.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'dev',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      MethodSettings: [
        Match.objectLike({ HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'ERROR', DataTraceEnabled: false, ThrottlingRateLimit: maxPlan('rateLimit') * 10, ThrottlingBurstLimit: maxPlan('burstLimit') * 10 }),
      ],
    });
  });

  it('protects the stage with a regional WAF web ACL: AWS common rules and a per-IP rate limit', () => {
    const stageId = logicalId(synth.stack, synth.stack.stateless.api.deploymentStage);
    synth.template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } } }),
        Match.objectLike({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } } }),
      ]),
    });
    // The REST stage's, and the AppSync API's (graphql.test.ts).
    const association = Object.values(resourcesOf(synth.template, 'AWS::WAFv2::WebACLAssociation')).filter((a) => JSON.stringify(a.Properties!.ResourceArn).includes(stageId));
    expect(association).toHaveLength(1);
  });

  it('answers API Gateway\'s own errors as problem+json with the contract\'s statuses and codes', () => {
    // The same statuses and codes the local gateway answers with.
    const expectations: [string, string, string][] = [
      ['UNAUTHORIZED', '401', 'UNAUTHORIZED'],
      ['INVALID_API_KEY', '403', 'INVALID_API_KEY'],
      ['MISSING_AUTHENTICATION_TOKEN', '404', 'ROUTE_NOT_FOUND'],
      ['THROTTLED', '429', 'THROTTLED'],
      ['QUOTA_EXCEEDED', '429', 'QUOTA_EXCEEDED'],
    ];
    for (const [type, status, code] of expectations) {
      synth.template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        StatusCode: status,
        ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
        ResponseTemplates: { 'application/json': Match.stringLikeRegexp(`"code":"${code}"`) },
      });
    }
    for (const response of Object.values(resourcesOf(synth.template, 'AWS::ApiGateway::GatewayResponse'))) {
      // Every template must be JSON once API Gateway substitutes its variables.
      const body = (response.Properties!.ResponseTemplates['application/json'] as string)
        .replace('$context.error.messageString', '"message"')
        .replace('$context.requestId', 'id');
      expect(() => JSON.parse(body)).not.toThrow();
    }
  });
});

describe('CORS from context', () => {
  it('adds preflight on every resource and passes the origins to the functions when corsOrigins is set', () => {
    const origins = 'https://app.hydrant.example,http://localhost:5173';
    const withCors = synthHydrant({ context: { corsOrigins: origins } });
    const corsMethods = methodsByRoute(withCors.template);
    const options = [...corsMethods.entries()].filter(([key]) => key.startsWith('OPTIONS '));
    const paths = new Set(appModel.routes.map((r) => r.path));
    for (const path of paths) expect(corsMethods.has(`OPTIONS ${path}`), path).toBe(true);
    for (const [, method] of options) {
      expect(method.AuthorizationType).toBe('NONE');
      expect(method.ApiKeyRequired ?? false).toBe(false);
    }
    // The configured origins, then the console's (its CloudFront domain).
    for (const fn of Object.values(resourcesOf(withCors.template, 'AWS::Lambda::Function'))) {
      const allowed = fn.Properties!.Environment?.Variables?.CORS_ALLOWED_ORIGINS;
      if (allowed === undefined) continue; // CDK's own BucketDeployment handler
      if (typeof allowed === 'string') {
        expect(allowed).toBe(origins); // the Cognito trigger of the stateful stack answers no browser
        continue;
      }
      expect(allowed['Fn::Join'][1][0]).toBe(`${origins},https://`);
      expect(JSON.stringify(allowed['Fn::Join'][1][1])).toContain('DomainName');
    }
  });
});
