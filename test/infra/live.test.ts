/**
 * Live updates and e-mail in the CDK stack, from the app model: the WebSocket API with its
 * stage, `$connect` authorizer on `?token=` and one integration per route; ManageConnections
 * only on POST @connections of the stage, only for the functions that declare it; the SES
 * identity and ses:SendEmail on it only; the unsubscribe HMAC key with GenerateMac for the
 * signers and VerifyMac for the unsubscribe route; the notification-deliveries stream
 * consumer and the digest schedule.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_DELIVERIES } from '#lib/model/live';
import { appModel } from '#lib/model/index';
import { actionsOf, logicalId, render, resourcesOf, roleStatements, synthHydrant, type Synthesised } from './synth';

let synth: Synthesised;

beforeAll(() => {
  synth = synthHydrant({ context: { emailSender: 'alerts@hydrant.example' } });
});

/** Every statement of a function's role, and the resources of those granting `action`. */
function grantsOf(fn: { role: unknown }, action: string): string[] {
  return roleStatements(synth.template, logicalId(synth.stack, fn.role as never))
    .filter((s) => actionsOf([s]).includes(action))
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map(render));
}

/** Every function of the stack with its role, by description. */
function allFunctions(): Array<{ description: string; role: unknown; environment: Record<string, unknown> }> {
  const fns = synth.stack.node.findAll().filter((c) => c.constructor.name === 'HydrantFunction') as unknown as Array<{ description: string; role: unknown; function: unknown }>;
  const lambdas = resourcesOf(synth.template, 'AWS::Lambda::Function');
  return fns.map((f) => ({ description: f.description, role: f.role, environment: (lambdas[logicalId(synth.stack, f.function as never)]?.Properties?.Environment?.Variables ?? {}) as Record<string, unknown> }));
}

describe('the live WebSocket API', () => {
  it('is a WebSocket API selecting routes by body action, with a stage that logs access and throttles', () => {
    const live = synth.stack.stateless.live!;
    const api = resourcesOf(synth.template, 'AWS::ApiGatewayV2::Api')[logicalId(synth.stack, live.api)]!.Properties!;
    expect(api).toMatchObject({ ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' });
    const stage = resourcesOf(synth.template, 'AWS::ApiGatewayV2::Stage')[logicalId(synth.stack, live.stage)]!.Properties!;
    expect(stage).toMatchObject({ StageName: 'dev', AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 } });
    expect(stage.AccessLogSettings.DestinationArn).toBeDefined();
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({ connectionId: '$context.connectionId', principal: '$context.authorizer.principalId' });
  });

  it('routes $connect (behind the token authorizer), $disconnect and $default to their functions', () => {
    const live = synth.stack.stateless.live!;
    const routes = Object.values(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(appModel.webSocket!.routes.map((r) => r.routeKey).sort());
    const connect = routes.find((r) => r.RouteKey === '$connect')!;
    expect(connect.AuthorizationType).toBe('CUSTOM');
    for (const other of routes.filter((r) => r.RouteKey !== '$connect')) expect(other.AuthorizationType ?? 'NONE').toBe('NONE');
    const [authorizer] = Object.values(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Authorizer')).map((a) => a.Properties!);
    expect(authorizer).toMatchObject({ AuthorizerType: 'REQUEST', IdentitySource: ['route.request.querystring.token'] });
    expect(JSON.stringify(authorizer!.AuthorizerUri)).toContain(logicalId(synth.stack, live.functions.get('authorizer')!.function));
    const integrations = Object.values(resourcesOf(synth.template, 'AWS::ApiGatewayV2::Integration')).map((i) => JSON.stringify(i.Properties!.IntegrationUri));
    for (const route of appModel.webSocket!.routes) {
      expect(integrations.some((uri) => uri.includes(logicalId(synth.stack, live.functions.get(route.routeKey)!.function))), route.routeKey).toBe(true);
    }
  });

  it('the authorizer verifies tokens of the user pool and touches no data', () => {
    const authorizer = synth.stack.stateless.live!.functions.get('authorizer')!;
    const env = allFunctions().find((f) => f.role === authorizer.role)!.environment;
    expect(env.USER_POOL_ID).toBeDefined();
    expect(actionsOf(roleStatements(synth.template, logicalId(synth.stack, authorizer.role as never))).filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'))).toEqual([]);
  });

  it('grants ManageConnections on POST @connections of the stage only, to exactly the functions that push', () => {
    const live = synth.stack.stateless.live!;
    const apiRef = `<${logicalId(synth.stack, live.api)}>`;
    const posting = allFunctions().filter((f) => grantsOf(f, 'execute-api:ManageConnections').length > 0);
    expect(posting.map((f) => f.description).sort()).toEqual(['Live live: $default', 'SQS consumer of live-updates', `Stream consumer notification-deliveries (notification-event inserts)`].sort());
    for (const f of posting) {
      expect(grantsOf(f, 'execute-api:ManageConnections')).toEqual([`arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:${apiRef}/dev/POST/@connections/*`]);
      expect(JSON.stringify(f.environment.LIVE_CONNECTIONS_ENDPOINT)).toContain(logicalId(synth.stack, live.api));
    }
  });
});

describe('e-mail', () => {
  it('declares the sender identity from the context, with a configuration set', () => {
    const identities = Object.values(resourcesOf(synth.template, 'AWS::SES::EmailIdentity')).map((r) => r.Properties!);
    expect(identities).toEqual([expect.objectContaining({ EmailIdentity: 'alerts@hydrant.example' })]);
    expect(Object.values(resourcesOf(synth.template, 'AWS::SES::ConfigurationSet'))).toHaveLength(1);
  });

  it('grants ses:SendEmail on that identity and configuration set only, to the deliveries consumer and the digest', () => {
    const sending = allFunctions().filter((f) => grantsOf(f, 'ses:SendEmail').length > 0);
    expect(sending.map((f) => f.description).sort()).toEqual(['Scheduled notification-digest: cron(0 7 * * ? *)', 'Stream consumer notification-deliveries (notification-event inserts)'].sort());
    for (const f of sending) {
      expect(grantsOf(f, 'ses:SendEmail').sort()).toEqual(
        [
          'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/alerts@hydrant.example',
          `arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:configuration-set/<${logicalId(synth.stack, synth.stack.stateless.email.configurationSet)}>`,
        ].sort(),
      );
      expect(f.environment).toMatchObject({ EMAIL_FROM: 'Hydrant <alerts@hydrant.example>' });
      expect(render(f.environment.SES_CONFIGURATION_SET)).toBe(`<${logicalId(synth.stack, synth.stack.stateless.email.configurationSet)}>`);
    }
  });

  it('signs unsubscribe links with a KMS HMAC key: GenerateMac for the senders, VerifyMac for the unsubscribe route only', () => {
    const key = resourcesOf(synth.template, 'AWS::KMS::Key')[logicalId(synth.stack, synth.stack.stateful.unsubscribeKey)]!;
    expect(key.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect((key as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    const keyArn = `<${logicalId(synth.stack, synth.stack.stateful.unsubscribeKey)}.Arn>`;
    const signers = allFunctions().filter((f) => grantsOf(f, 'kms:GenerateMac').length > 0);
    expect(signers.map((f) => f.description).sort()).toEqual(['Scheduled notification-digest: cron(0 7 * * ? *)', 'Stream consumer notification-deliveries (notification-event inserts)'].sort());
    const verifiers = allFunctions().filter((f) => grantsOf(f, 'kms:VerifyMac').length > 0);
    expect(verifiers).toHaveLength(1);
    expect(verifiers[0]!.description).toContain('unsubscribe');
    for (const f of [...signers, ...verifiers]) expect([...grantsOf(f, 'kms:GenerateMac'), ...grantsOf(f, 'kms:VerifyMac')]).toEqual([keyArn]);
  });

  it('feeds the deliveries consumer with notification-event inserts of the table stream, and schedules the digest daily', () => {
    const { fn } = synth.stack.stateless.streamConsumers.get(NOTIFICATION_DELIVERIES.name)!;
    const [mapping] = Object.values(resourcesOf(synth.template, 'AWS::Lambda::EventSourceMapping')).filter(
      (m) => (m.Properties!.FunctionName as { Ref: string }).Ref === logicalId(synth.stack, fn.function),
    );
    expect(JSON.parse(mapping!.Properties!.FilterCriteria.Filters[0].Pattern)).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['notification-event'] } } } });
    expect(synth.stack.stateless.scheduleFunctions.has('notification-digest')).toBe(true);
  });
});
