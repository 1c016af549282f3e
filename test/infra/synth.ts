/**
 * Synthesises the Hydrant app the way `bin/hydrant.ts` does, for CDK assertion tests:
 * cdk.json's context, bundling skipped (`aws:cdk:bundling-stacks: []`), and cdk-nag only
 * when a test asks for it.
 */
import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { createHydrantApp } from '#lib/cloud/app';
import type { HydrantStack } from '#lib/cloud/hydrant-stack';
import type { AppModel } from '#lib/model/types';
import { appModel } from '#lib/model/index';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };

/** The fixture `functions/` folder of the wiring tests (handlers that exist only to be bundled). */
export const FIXTURE_FUNCTIONS = new URL('./fixtures/functions', import.meta.url).pathname;

export interface SynthOptions {
  readonly model?: AppModel;
  /** Context on top of cdk.json's. */
  readonly context?: Record<string, unknown>;
  readonly nag?: boolean;
  readonly functionsDir?: string;
}

export interface Synthesised {
  readonly stack: HydrantStack;
  readonly template: Template;
  readonly app: ReturnType<typeof createHydrantApp>['app'];
}

export function synthHydrant(options: SynthOptions = {}): Synthesised {
  // The built-in CloudFormation validation only matters where nag runs; skipping it is 2-4x faster.
  if (!options.nag) process.env.CDK_VALIDATION = 'false';
  const { app, stack } = createHydrantApp({
    model: options.model ?? appModel,
    nag: options.nag ?? false,
    ...(options.functionsDir ? { functionsDir: options.functionsDir } : {}),
    appProps: { context: { ...cdkJson.context, ...options.context, 'aws:cdk:bundling-stacks': [] } },
  });
  return { app, stack, template: Template.fromStack(stack) };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, any> }>;

/** All resources of a type, by logical id. */
export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The logical id a construct's CloudFormation resource got. */
export function logicalId(stack: HydrantStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

/** Rebuilds the full path of every API Gateway method: `GET /v1/sites/{id}` -> method resource. */
export function methodsByRoute(template: Template): Map<string, Record<string, any>> {
  const resources = resourcesOf(template, 'AWS::ApiGateway::Resource');
  const pathOf = (ref: unknown): string => {
    const id = (ref as { Ref?: string }).Ref;
    if (!id || !resources[id]) return ''; // the root resource (Fn::GetAtt RootResourceId)
    const props = resources[id]!.Properties!;
    return `${pathOf(props.ParentId)}/${props.PathPart}`;
  };
  const methods = new Map<string, Record<string, any>>();
  for (const method of Object.values(resourcesOf(template, 'AWS::ApiGateway::Method'))) {
    const props = method.Properties!;
    methods.set(`${props.HttpMethod} ${pathOf(props.ResourceId) || '/'}`, props);
  }
  return methods;
}

/** Every statement of the identity policies attached to a role (its AWS::IAM::Policy resources and inline policies). */
export function roleStatements(template: Template, roleLogicalId: string): Record<string, any>[] {
  const statements: Record<string, any>[] = [];
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const roles = (policy.Properties!.Roles ?? []) as { Ref?: string }[];
    if (roles.some((r) => r.Ref === roleLogicalId)) statements.push(...policy.Properties!.PolicyDocument.Statement);
  }
  const role = resourcesOf(template, 'AWS::IAM::Role')[roleLogicalId];
  for (const inline of (role?.Properties?.Policies ?? []) as { PolicyDocument: { Statement: Record<string, any>[] } }[]) {
    statements.push(...inline.PolicyDocument.Statement);
  }
  return statements;
}

/** The actions of statements, flattened. */
export function actionsOf(statements: readonly Record<string, any>[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]) as string[]);
}
