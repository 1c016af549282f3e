/** The exact API Gateway requests of the api-keys adapter (SDK mocked: these are cloud calls). */
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanKeyCommand,
  NotFoundException,
  UpdateApiKeyCommand,
} from '@aws-sdk/client-api-gateway';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const gateway = mockClient(APIGatewayClient);
let adapter: typeof import('#adapters/apigateway/api-keys');

const notFound = () => new NotFoundException({ message: 'Invalid API Key identifier specified', $metadata: {} });

beforeAll(async () => {
  vi.stubEnv('USAGE_PLAN_IDS', JSON.stringify({ standard: 'up-std01', partner: 'up-par02' }));
  vi.stubEnv('AWS_REGION', 'eu-west-3');
  adapter = await import('#adapters/apigateway/api-keys');
});

beforeEach(() => gateway.reset());

const calls = () => gateway.calls().map((c) => [c.args[0].constructor.name, c.args[0].input]);

describe('API Gateway api-keys adapter', () => {
  it('creates a key with Hydrant’s value, then puts it into the plan’s usage plan', async () => {
    gateway.on(CreateApiKeyCommand).resolves({ id: 'gw123', enabled: true }).on(CreateUsagePlanKeyCommand).resolves({ id: 'gw123', type: 'API_KEY' });
    const id = await adapter.provisionGatewayKey({ name: 'Bridge (01J)', description: 'of Aquatech', value: 'hyd_x', planId: 'partner', enabled: true });
    expect(id).toBe('gw123');
    expect(calls()).toEqual([
      ['CreateApiKeyCommand', { name: 'Bridge (01J)', value: 'hyd_x', enabled: true, description: 'of Aquatech' }],
      ['CreateUsagePlanKeyCommand', { usagePlanId: 'up-par02', keyId: 'gw123', keyType: 'API_KEY' }],
    ]);
  });

  it('deletes the new key again when the usage plan refuses it, and reports the first failure', async () => {
    gateway.on(CreateApiKeyCommand).resolves({ id: 'gw9' }).on(CreateUsagePlanKeyCommand).rejects(new Error('plan full')).on(DeleteApiKeyCommand).resolves({});
    await expect(adapter.provisionGatewayKey({ name: 'n', value: 'v', planId: 'standard', enabled: true })).rejects.toThrow('plan full');
    expect(calls().at(-1)).toEqual(['DeleteApiKeyCommand', { apiKey: 'gw9' }]);
  });

  it('refuses a plan that USAGE_PLAN_IDS does not map, before calling anything', async () => {
    await expect(adapter.addKeyToPlan('gw1', 'trial')).rejects.toThrow(/trial/);
    expect(gateway.calls()).toHaveLength(0);
  });

  it('enables, disables and renames with replace patch operations', async () => {
    gateway.on(UpdateApiKeyCommand).resolves({});
    await adapter.setGatewayKeyEnabled('gw1', false);
    await adapter.renameGatewayKey('gw1', 'New (01J)');
    expect(calls()).toEqual([
      ['UpdateApiKeyCommand', { apiKey: 'gw1', patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }],
      ['UpdateApiKeyCommand', { apiKey: 'gw1', patchOperations: [{ op: 'replace', path: '/name', value: 'New (01J)' }] }],
    ]);
  });

  it('moves a key out of its plan before into the new one (one plan per stage)', async () => {
    gateway.on(DeleteUsagePlanKeyCommand).resolves({}).on(CreateUsagePlanKeyCommand).resolves({}).on(UpdateApiKeyCommand).resolves({});
    await adapter.applyGatewayChange({ gatewayKeyId: 'gw1', plan: { from: 'standard', to: 'partner' }, enabled: true });
    expect(calls()).toEqual([
      ['DeleteUsagePlanKeyCommand', { usagePlanId: 'up-std01', keyId: 'gw1' }],
      ['CreateUsagePlanKeyCommand', { usagePlanId: 'up-par02', keyId: 'gw1', keyType: 'API_KEY' }],
      ['UpdateApiKeyCommand', { apiKey: 'gw1', patchOperations: [{ op: 'replace', path: '/enabled', value: 'true' }] }],
    ]);
  });

  it('deleting or disabling a key that is already gone is done, not an error', async () => {
    gateway.on(DeleteApiKeyCommand).rejects(notFound()).on(UpdateApiKeyCommand).rejects(notFound()).on(DeleteUsagePlanKeyCommand).rejects(notFound());
    await expect(adapter.deleteGatewayKey('gw1')).resolves.toBeUndefined();
    await expect(adapter.disableGatewayKeyIfExists('gw1')).resolves.toBeUndefined();
    await expect(adapter.removeKeyFromPlan('gw1', 'standard')).resolves.toBeUndefined();
    await expect(adapter.setGatewayKeyEnabled('gw1', true)).rejects.toBeInstanceOf(NotFoundException);
  });

  it('other failures are not swallowed; discarding a key only logs them', async () => {
    gateway.on(DeleteApiKeyCommand).rejects(new Error('throttled'));
    await expect(adapter.deleteGatewayKey('gw1')).rejects.toThrow('throttled');
    await expect(adapter.discardGatewayKey('gw1')).resolves.toBeUndefined();
  });
});
