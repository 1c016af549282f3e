/**
 * The `telemetry-ingest` queue's worker with its adapters replaced: the whole batch goes to
 * the store in one write per tenant; a store failure fails that tenant's messages only (so
 * SQS delivers them again); unknown devices and invalid readings are counted, not retried.
 */
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reading } from '#domain/telemetry/types';

const write = vi.fn<(tenantId: string, readings: readonly Reading[]) => Promise<{ written: number; rejected: never[] }>>();
const touch = vi.fn(async () => undefined);
const directory = vi.fn();

vi.mock('#adapters/telemetry/telemetry-store', () => ({ telemetryStore: { write, query: vi.fn(), latest: vi.fn() } }));
vi.mock('#adapters/dynamodb/sensors-repository', () => ({ findSensorDirectoryEntries: directory, touchSensors: touch }));
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
const { handler } = await import('#workers/ingest-telemetry');
const { ingestDeviceMessages } = await import('#application/telemetry/ingest-device-messages');

const context = { awsRequestId: 'r1', functionName: 'ingest', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const now = Date.now();
const entries: Record<string, { tenantId: string; kind: string; unit: string }> = {
  PH_1: { tenantId: 'tenant-a', kind: 'ph', unit: 'pH' },
  FLOW_1: { tenantId: 'tenant-a', kind: 'flow', unit: 'm3/h' },
  PH_B: { tenantId: 'tenant-b', kind: 'ph', unit: 'pH' },
};

const record = (id: string, body: unknown): SQSRecord => ({ messageId: id, body: typeof body === 'string' ? body : JSON.stringify(body), attributes: { ApproximateReceiveCount: '1' } }) as unknown as SQSRecord;
const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

beforeEach(() => {
  write.mockReset();
  touch.mockClear();
  directory.mockReset();
  directory.mockImplementation(async (ids: string[]) => new Map(ids.filter((id) => entries[id]).map((id) => [id, { sensorId: id, siteId: 'S', clientId: null, ...entries[id] }])));
  write.mockImplementation(async (_t, readings) => ({ written: readings.length, rejected: [] }));
});

describe('ingest-telemetry (telemetry-ingest queue worker)', () => {
  it("writes all the batch's messages of a tenant in ONE store write, under that tenant, and moves lastReadingAt", async () => {
    const burst = Array.from({ length: 50 }, (_, i) => record(`m${i}`, { sensorId: 'PH_1', receivedAt: now, ts: now - 60_000 + i * 10, value: 7 + i / 100 }));
    const out = await handler(event(...burst, record('f', { sensorId: 'FLOW_1', receivedAt: now, readings: [{ ts: now - 5000, value: 12 }] })), context);
    expect(out).toEqual({ batchItemFailures: [] });
    expect(write).toHaveBeenCalledTimes(1);
    const [tenant, readings] = write.mock.calls[0]!;
    expect(tenant).toBe('tenant-a');
    expect(readings).toHaveLength(51);
    expect(readings[0]).toEqual({ sensorId: 'PH_1', ts: now - 60_000, value: 7, quality: 'GOOD' });
    expect(touch).toHaveBeenCalledWith('tenant-a', new Map([['PH_1', now - 60_000 + 490], ['FLOW_1', now - 5000]]));
  });

  it("fails only the messages of the tenant whose store write failed, so SQS delivers them again", async () => {
    write.mockImplementation(async (tenantId, readings) => {
      if (tenantId === 'tenant-b') throw Object.assign(new Error('ProvisionedThroughputExceeded'), { name: 'ProvisionedThroughputExceededException' });
      return { written: readings.length, rejected: [] };
    });
    const out = await handler(
      event(record('a1', { sensorId: 'PH_1', receivedAt: now, ts: now - 1000, value: 7 }), record('b1', { sensorId: 'PH_B', receivedAt: now, ts: now - 1000, value: 7 }), record('b2', { sensorId: 'PH_B', receivedAt: now, ts: now - 900, value: 7 })),
      context,
    );
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['b1', 'b2']);
  });

  it('fails a body that is not JSON (kept, then the DLQ), and the whole batch when the directory cannot be read', async () => {
    expect(await handler(event(record('bad', '{oops'), record('ok', { sensorId: 'PH_1', receivedAt: now, ts: now - 1000, value: 7 })), context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    directory.mockRejectedValue(new Error('throttled'));
    const out = await handler(event(record('x', { sensorId: 'PH_1', ts: now, value: 7 }), record('y', { sensorId: 'PH_1', ts: now - 1, value: 7 })), context);
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['x', 'y']);
  });

  it('counts readings of unknown devices and invalid readings without failing or writing them', async () => {
    const { outcomes, failed } = await ingestDeviceMessages([
      { id: 'ghost', body: { sensorId: 'GHOST_1', receivedAt: now, ts: now, value: 1 } },
      { id: 'notopic', body: { receivedAt: now, ts: now, value: 1 } },
      { id: 'invalid', body: { sensorId: 'PH_1', receivedAt: now, readings: [{ ts: now, value: 99 }, { ts: 'soon', value: 7 }] } },
    ]);
    expect(failed).toEqual([]);
    expect(outcomes.get('ghost')).toMatchObject({ accepted: 0, rejected: [{ index: 0, code: 'UNKNOWN_SENSOR' }] });
    expect(outcomes.get('notopic')).toMatchObject({ sensorId: null, accepted: 0 });
    expect(outcomes.get('invalid')!.rejected.map((r) => r.code)).toEqual(['OUT_OF_RANGE', 'INVALID_READING']);
    expect(write).not.toHaveBeenCalled();
  });

  it('judges each message on its own: indexes per message, a reading two messages share stored once and accepted in both', async () => {
    const { outcomes } = await ingestDeviceMessages([
      { id: 'first', body: { sensorId: 'PH_1', readings: [{ ts: now - 2000, value: 7 }, { ts: now - 2000, value: 7.1 }] } },
      { id: 'again', body: { sensorId: 'PH_1', ts: now - 2000, value: 7 } },
    ]);
    expect(outcomes.get('first')).toMatchObject({ accepted: 1, rejected: [{ index: 1, code: 'DUPLICATE' }] });
    expect(outcomes.get('again')).toMatchObject({ accepted: 1, rejected: [] });
    expect(write.mock.calls[0]![1]).toHaveLength(2);
  });

  it('rejects readings beyond 1000 in one message and stores the first 1000', async () => {
    const readings = Array.from({ length: 1002 }, (_, i) => ({ ts: now - 2_000_000 + i * 1000, value: 7 }));
    const { outcomes } = await ingestDeviceMessages([{ id: 'big', body: { sensorId: 'PH_1', receivedAt: now, readings } }]);
    expect(outcomes.get('big')!.accepted).toBe(1000);
    expect(outcomes.get('big')!.rejected.map((r) => r.index)).toEqual([1000, 1001]);
  });
});
