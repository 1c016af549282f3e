/**
 * The AppSync Lambda resolver routes each event by `parentTypeName.fieldName` to the same
 * resolvers as graphql-js, builds the Principal from the Cognito claims as REST does, and
 * turns refusals into AppSync errors (`errorType` the problem code), one by one for a
 * batch. The refusals here come before any use case runs, so nothing reaches DynamoDB.
 */
import { describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  for (const name of ['TABLE_NAME', 'AUDIT_TABLE_NAME', 'TELEMETRY_TABLE_NAME']) process.env[name] ??= 'unit-test-unreachable';
  process.env.AWS_REGION ??= 'eu-west-3';
  process.env.TELEMETRY_STORE ??= 'dynamodb';
});

const { handler } = await import('#appsync/resolve');

const technicianClaims = { sub: 'sub-tech', 'cognito:username': 'tech', 'cognito:groups': ['technician'], 'custom:tenantId': 'tenant-1', scope: 'aws.cognito.signin.user.admin' };
const event = (parentTypeName: string, fieldName: string, args: Record<string, unknown>, claims: Record<string, unknown> | null = technicianClaims, source: Record<string, unknown> | null = null) => ({
  arguments: args,
  source,
  identity: claims ? { claims, sourceIp: ['203.0.113.9'] } : null,
  request: { headers: { 'user-agent': 'vitest' } },
  info: { parentTypeName, fieldName },
});

describe('the AppSync resolver', () => {
  it('refuses a technician\'s createWorkOrder as REST does: errorType FORBIDDEN, no internals', async () => {
    const refusal = await handler(event('Mutation', 'createWorkOrder', { input: { title: 'Fuite', type: 'corrective' } })).catch((e: Error) => e);
    expect(refusal).toBeInstanceOf(Error);
    expect({ name: (refusal as Error).name, message: (refusal as Error).message }).toEqual({ name: 'FORBIDDEN', message: 'The role technician may not call this route' });
  });

  it('validates arguments with the operation\'s schema before running it', async () => {
    const refusal = (await handler(event('Query', 'workOrder', { id: 'not-a-ulid' })).catch((e: Error) => e)) as Error;
    expect(refusal.name).toBe('VALIDATION_FAILED');
  });

  it('answers a batch item by item; without a Cognito identity (an API key alone) every item is UNAUTHORIZED', async () => {
    const workOrder = { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', assetId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C' };
    const items = await handler([event('WorkOrder', 'asset', {}, null, workOrder), event('WorkOrder', 'history', {}, null, workOrder)]);
    expect(items).toEqual([
      { data: null, errorType: 'UNAUTHORIZED', errorMessage: 'A valid bearer token is required' },
      { data: null, errorType: 'UNAUTHORIZED', errorMessage: 'A valid bearer token is required' },
    ]);
  });

  it('refuses a field it has no resolver for', async () => {
    const refusal = (await handler(event('Query', 'users', {})).catch((e: Error) => e)) as Error;
    expect(refusal.name).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
