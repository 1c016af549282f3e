/**
 * CloudFormation refuses a stack of more than 500 resources. The API's methods (one per
 * route, plus a CORS preflight per resource) live in nested stacks per area so that the
 * parent stays clear of it; every stack keeps a margin for the routes still to come. And as
 * the methods are not in the deployment's stack, the deployment is checked to wait for each
 * and to be a new one whenever a method changes.
 */
import { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { appModel } from '#lib/model/index';
import { logicalId, nestedStacksOf, resourcesOf, synthHydrant, type Synthesised } from './synth';

const MARGIN_LIMIT = 450;

let withCors: Synthesised;

beforeAll(() => {
  withCors = synthHydrant({ context: { corsOrigins: 'https://app.hydrant.example' } });
});

const resourceCount = (template: Template): number => Object.keys((template.toJSON() as { Resources: object }).Resources).length;
/** The deployment's logical id as deployed: its name plus a hash of what it deploys. */
const deploymentOf = (synth: Synthesised): string => {
  const ids = Object.keys(resourcesOf(synth.parentTemplate, 'AWS::ApiGateway::Deployment'));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('stack sizes with CORS set', () => {
  it(`keeps the parent and every nested stack under ${MARGIN_LIMIT} resources`, () => {
    const sizes = [
      ['parent', resourceCount(withCors.parentTemplate)] as const,
      ...nestedStacksOf(withCors.stack).map((nested) => [nested.node.id, resourceCount(Template.fromStack(nested))] as const),
    ];
    for (const [stack, size] of sizes) expect(size, stack).toBeLessThan(MARGIN_LIMIT);
  });

  it('keeps no API method in the parent stack: they are in the nested stacks of their area', () => {
    expect(Object.keys(resourcesOf(withCors.parentTemplate, 'AWS::ApiGateway::Method'))).toEqual([]);
    const nestedMethods = Object.keys(resourcesOf(withCors.template, 'AWS::ApiGateway::Method'));
    const paths = new Set(appModel.routes.map((r) => r.path));
    expect(nestedMethods.length).toBeGreaterThan(appModel.routes.length + paths.size);
  });
});

describe('deployment', () => {
  it('waits for every method (and so for every nested stack holding one), so a deploy never publishes a stage without them', () => {
    const deployment = withCors.stack.stateless.deployment;
    const waitedFor = new Set(deployment.node.dependencies.filter((d) => d instanceof CfnResource || d.node.defaultChild).map((d) => logicalId(withCors.stack, d instanceof CfnResource ? { node: { defaultChild: d } } : d)));
    expect([...waitedFor].sort()).toEqual(Object.keys(resourcesOf(withCors.template, 'AWS::ApiGateway::Method')).sort());
    const dependsOn = (withCors.parentTemplate.toJSON().Resources[deploymentOf(withCors)] as { DependsOn?: string[] }).DependsOn ?? [];
    const withMethods = nestedStacksOf(withCors.stack).filter((nested) => Object.keys(resourcesOf(Template.fromStack(nested), 'AWS::ApiGateway::Method')).length > 0);
    expect(withMethods.length).toBeGreaterThan(1);
    for (const nested of withMethods) expect(dependsOn, nested.node.id).toContain(withCors.stack.getLogicalId(nested.nestedStackResource as never));
  });

  it('is a new deployment when a method changes, and the same one when nothing does', () => {
    const route = appModel.routes.find((r) => r.auth.kind === 'authenticated' && r.apiKey)!;
    const changed = { ...appModel, routes: appModel.routes.map((r) => (r === route ? { ...r, apiKey: false } : r)) };
    const before = deploymentOf(synthHydrant());
    expect(deploymentOf(synthHydrant())).toBe(before);
    expect(deploymentOf(synthHydrant({ model: changed }))).not.toBe(before);
  });
});
