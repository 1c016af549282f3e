/**
 * The IoT rule's ingest function with its adapters replaced: what it throws (a store
 * failure, so the message is kept by the invocation's failure handling) and what it
 * only counts (unknown devices, invalid readings), and the tenant it writes under.
 */
import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reading } from '#domain/telemetry/types';

const write = vi.fn<(tenantId: string, readings: readonly Reading[]) => Promise<{ written: number; rejected: never[] }>>();
const touch = vi.fn(async () => undefined);
const directory = vi.fn();

vi.mock('#adapters/telemetry/telemetry-store', () => ({ telemetryStore: { write, query: vi.fn(), latest: vi.fn() } }));
vi.mock('#adapters/dynamodb/sensors-repository', () => ({ findSensorDirectoryEntry: directory, touchSensors: touch }));
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
const { handler } = await import('#workers/ingest-telemetry');

const context = { awsRequestId: 'r1', functionName: 'ingest', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const now = Date.now();

beforeEach(() => {
  write.mockReset();
  touch.mockClear();
  directory.mockReset();
  directory.mockImplementation(async (id: string) => (id === 'PH_1' ? { sensorId: 'PH_1', tenantId: 'tenant-a', siteId: 'S', clientId: null, kind: 'ph', unit: 'pH' } : undefined));
});

describe('ingest-telemetry (IoT rule function)', () => {
  it('writes a device message under the tenant of its directory entry and moves lastReadingAt', async () => {
    write.mockImplementation(async (_t, readings) => ({ written: readings.length, rejected: [] }));
    const out = await handler({ sensorId: 'PH_1', receivedAt: now, ts: now - 1000, value: 7.2 }, context);
    expect(out).toEqual({ sensorId: 'PH_1', accepted: 1, rejected: [] });
    expect(write).toHaveBeenCalledWith('tenant-a', [{ sensorId: 'PH_1', ts: now - 1000, value: 7.2, quality: 'GOOD' }]);
    expect(touch).toHaveBeenCalledWith('tenant-a', new Map([['PH_1', now - 1000]]));
  });

  it('throws when the store fails, so the message is not lost', async () => {
    write.mockRejectedValue(Object.assign(new Error('ProvisionedThroughputExceeded'), { name: 'ProvisionedThroughputExceededException' }));
    await expect(handler({ sensorId: 'PH_1', receivedAt: now, readings: [{ ts: now, value: 7 }] }, context)).rejects.toThrow('ProvisionedThroughputExceeded');
  });

  it('counts readings of unknown devices and invalid readings without throwing or writing them', async () => {
    write.mockImplementation(async (_t, readings) => ({ written: readings.length, rejected: [] }));
    const unknown = await handler({ sensorId: 'GHOST_1', receivedAt: now, ts: now, value: 1 }, context);
    expect(unknown).toMatchObject({ accepted: 0, rejected: [{ index: 0, code: 'UNKNOWN_SENSOR' }] });
    const noTopic = await handler({ receivedAt: now, ts: now, value: 1 }, context);
    expect(noTopic).toMatchObject({ sensorId: null, accepted: 0 });
    const invalid = await handler({ sensorId: 'PH_1', receivedAt: now, readings: [{ ts: now, value: 99 }, { ts: 'soon', value: 7 }] }, context);
    expect(invalid.rejected.map((r) => r.code)).toEqual(['OUT_OF_RANGE', 'INVALID_READING']);
    expect(write).not.toHaveBeenCalled();
  });

  it('rejects readings beyond 1000 in one message and stores the first 1000', async () => {
    write.mockImplementation(async (_t, readings) => ({ written: readings.length, rejected: [] }));
    const readings = Array.from({ length: 1002 }, (_, i) => ({ ts: now - 2_000_000 + i * 1000, value: 7 }));
    const out = await handler({ sensorId: 'PH_1', receivedAt: now, readings }, context);
    expect(out.accepted).toBe(1000);
    expect(out.rejected.map((r) => r.index)).toEqual([1000, 1001]);
  });
});
