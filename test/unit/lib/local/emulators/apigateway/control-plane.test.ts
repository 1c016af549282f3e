/**
 * The local API Gateway control plane, driven by the real `@aws-sdk/client-api-gateway`
 * client: keys created, changed and deleted through it are what the local gateway
 * admits, and its errors are the SDK's exception classes.
 */
import {
  APIGatewayClient,
  ConflictException,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanKeyCommand,
  GetApiKeyCommand,
  GetUsageCommand,
  GetUsagePlanKeysCommand,
  NotFoundException,
  BadRequestException,
  UpdateApiKeyCommand,
} from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiGatewayControlPlane, type ApiGatewayControlPlane } from '#lib/local/emulators/apigateway/server';
import { localClientConfig } from '#lib/local/emulators/aws-clients';
import { UsagePlans } from '#lib/local/emulators/apigateway/usage-plans';

let plane: ApiGatewayControlPlane;
let client: APIGatewayClient;
const plans = new UsagePlans();
plans.addPlan({ id: 'standard', name: 'Standard', rateLimit: 100, burstLimit: 100, quota: { limit: 10, period: 'DAY' } });
plans.addPlan({ id: 'partner', name: 'Partner', rateLimit: 100, burstLimit: 100, quota: { limit: 1000, period: 'MONTH' } });

beforeAll(async () => {
  plane = await startApiGatewayControlPlane({ usagePlans: plans });
  client = new APIGatewayClient({ ...localClientConfig(plane.endpoint), maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  await plane.stop();
});

const VALUE = 'hyd_0123456789abcdefghijABCDEFGHIJ0123456789';

describe('local API Gateway control plane', () => {
  it('creates a key with the given value; it works on the gateway once in a plan', async () => {
    const key = await client.send(new CreateApiKeyCommand({ name: 'partner-a', value: VALUE, enabled: true }));
    expect(key).toMatchObject({ name: 'partner-a', value: VALUE, enabled: true });
    expect(key.id).toMatch(/^[a-z0-9]{10}$/);
    expect(key.createdDate).toBeInstanceOf(Date);
    expect(plans.admit(VALUE)).toEqual({ ok: false, reason: 'invalid' }); // in no plan yet
    const planKey = await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: 'standard', keyId: key.id, keyType: 'API_KEY' }));
    expect(planKey).toMatchObject({ id: key.id, type: 'API_KEY', name: 'partner-a' });
    expect(plans.admit(VALUE).ok).toBe(true);
    const listed = await client.send(new GetUsagePlanKeysCommand({ usagePlanId: 'standard' }));
    expect(listed.items?.map((k) => k.id)).toContain(key.id);
  });

  it('generates a value when none is given, and shows it only with includeValue', async () => {
    const key = await client.send(new CreateApiKeyCommand({ name: 'generated' }));
    expect(key.value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(key.enabled).toBe(false); // API Gateway's default
    expect((await client.send(new GetApiKeyCommand({ apiKey: key.id }))).value).toBeUndefined();
    expect((await client.send(new GetApiKeyCommand({ apiKey: key.id, includeValue: true }))).value).toBe(key.value);
  });

  it('disables, renames and deletes a key; the gateway refuses it', async () => {
    const value = 'hyd_disable0123456789abcdefghijklmnopqrstu';
    const key = await client.send(new CreateApiKeyCommand({ name: 'to-disable', value, enabled: true }));
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: 'partner', keyId: key.id, keyType: 'API_KEY' }));
    const updated = await client.send(
      new UpdateApiKeyCommand({ apiKey: key.id!, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }, { op: 'replace', path: '/name', value: 'renamed' }] }),
    );
    expect(updated).toMatchObject({ enabled: false, name: 'renamed' });
    expect(plans.admit(value)).toEqual({ ok: false, reason: 'invalid' });
    await client.send(new UpdateApiKeyCommand({ apiKey: key.id!, patchOperations: [{ op: 'replace', path: '/enabled', value: 'true' }] }));
    expect(plans.admit(value).ok).toBe(true);
    await client.send(new DeleteApiKeyCommand({ apiKey: key.id! }));
    expect(plans.admit(value)).toEqual({ ok: false, reason: 'invalid' });
    await expect(client.send(new GetApiKeyCommand({ apiKey: key.id! }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('moves a key between plans only through DeleteUsagePlanKey, as one stage allows one plan per key', async () => {
    const key = await client.send(new CreateApiKeyCommand({ name: 'mover', enabled: true }));
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: 'standard', keyId: key.id, keyType: 'API_KEY' }));
    await expect(client.send(new CreateUsagePlanKeyCommand({ usagePlanId: 'standard', keyId: key.id, keyType: 'API_KEY' }))).rejects.toBeInstanceOf(ConflictException);
    await expect(client.send(new CreateUsagePlanKeyCommand({ usagePlanId: 'partner', keyId: key.id, keyType: 'API_KEY' }))).rejects.toBeInstanceOf(ConflictException);
    await client.send(new DeleteUsagePlanKeyCommand({ usagePlanId: 'standard', keyId: key.id! }));
    await expect(client.send(new DeleteUsagePlanKeyCommand({ usagePlanId: 'standard', keyId: key.id! }))).rejects.toBeInstanceOf(NotFoundException);
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: 'partner', keyId: key.id, keyType: 'API_KEY' }));
    expect(plans.key(key.id!)?.planId).toBe('partner');
  });

  it('refuses bad requests and unknown ids with the SDK exception classes', async () => {
    await expect(client.send(new CreateApiKeyCommand({ name: 'short', value: 'too-short' }))).rejects.toBeInstanceOf(BadRequestException);
    await expect(client.send(new CreateApiKeyCommand({ name: 'dup', value: VALUE }))).rejects.toBeInstanceOf(ConflictException);
    await expect(client.send(new CreateUsagePlanKeyCommand({ usagePlanId: 'nope', keyId: 'x', keyType: 'API_KEY' }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(client.send(new UpdateApiKeyCommand({ apiKey: 'missing', patchOperations: [] }))).rejects.toBeInstanceOf(NotFoundException);
    const key = await client.send(new CreateApiKeyCommand({ name: 'patch' }));
    await expect(client.send(new UpdateApiKeyCommand({ apiKey: key.id!, patchOperations: [{ op: 'replace', path: '/value', value: 'x' }] }))).rejects.toBeInstanceOf(BadRequestException);
    await expect(client.send(new GetUsageCommand({ usagePlanId: 'standard', startDate: '2026-13-01', endDate: '2026-11-21' }))).rejects.toBeInstanceOf(BadRequestException);
  });

  it('answers GetUsage with [used, remaining] per key per day', async () => {
    const value = 'hyd_usage0123456789abcdefghijklmnopqrstuvw';
    const key = await client.send(new CreateApiKeyCommand({ name: 'usage', value, enabled: true }));
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: 'standard', keyId: key.id, keyType: 'API_KEY' }));
    for (let i = 0; i < 3; i++) expect(plans.admit(value).ok).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const usage = await client.send(new GetUsageCommand({ usagePlanId: 'standard', keyId: key.id, startDate: yesterday, endDate: today }));
    expect(usage).toMatchObject({ usagePlanId: 'standard', startDate: yesterday, endDate: today });
    expect(usage.items).toEqual({ [key.id!]: [[0, 10], [3, 7]] });
  });
});
