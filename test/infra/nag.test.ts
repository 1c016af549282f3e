/**
 * cdk-nag AwsSolutions passes on the app exactly as `bin/hydrant.ts` builds it (and on
 * the fixture model that exercises queues, schedules, IoT rules and CORS), and every
 * acknowledgement is still needed: an acknowledgement that matches no finding is a
 * stale reason that would silently hide the next real one.
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { PolicyValidationPluginReport } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHydrantApp } from '#lib/cloud/app';
import { appModel } from '#lib/model/index';
import { FIXTURE_FUNCTIONS, synthHydrant } from './synth';
import { readFileSync } from 'node:fs';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };

/** The findings of AwsSolutions, with or without the acknowledgements applied. */
function nagFindings(app: App, honourAcknowledgements: boolean): PolicyValidationPluginReport['violations'] {
  const pack = new AwsSolutionsChecks();
  // Test-only: bypass the pack's private acknowledgement lookup to see every raw finding.
  if (!honourAcknowledgements) (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  return pack.validateScope(app).violations;
}

/** Every acknowledgement in the construct tree: where it is and which rule it names. */
function acknowledgements(app: App): { path: string; id: string; reason: string }[] {
  return app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason }))),
  );
}

function expectEveryAcknowledgementUsed(app: App): void {
  const raw = nagFindings(app, false);
  const stale = acknowledgements(app).filter(
    (ack) => !raw.some((v) => v.ruleName === ack.id && v.violatingResources.some((r) => r.constructPath === ack.path || r.constructPath?.startsWith(`${ack.path}/`))),
  );
  expect(stale).toEqual([]);
}

describe('cdk-nag AwsSolutions on the app model', () => {
  let app: App;

  beforeAll(() => {
    delete process.env.CDK_VALIDATION;
    ({ app } = createHydrantApp({ model: appModel, nag: true, appProps: { context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } } }));
    // Throws with the report if the registered plugin finds an unacknowledged error.
    app.synth();
  });

  it('reports no unacknowledged error or warning', () => {
    const findings = nagFindings(app, true).map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  it('gives every acknowledgement a specific written reason', () => {
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^AwsSolutions-[A-Z0-9]+(\[.+\])?$/);
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(60);
    }
    // Never a blanket acknowledgement on the stack or the app.
    expect(acks.filter((a) => a.path.split('/').length < 3)).toEqual([]);
  });

  it('has no stale acknowledgement', () => {
    expectEveryAcknowledgementUsed(app);
  });
});

describe('cdk-nag AwsSolutions on queues, schedules, IoT rules and CORS', () => {
  it('passes with the fixture model and CORS origins', async () => {
    const { fixtureModel } = await import('./fixtures/model');
    const { app } = synthHydrant({ model: fixtureModel, functionsDir: FIXTURE_FUNCTIONS, nag: true, context: { corsOrigins: 'https://app.hydrant.example' } });
    expect(nagFindings(app, true).map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expectEveryAcknowledgementUsed(app);
  });
});
