/** The DynamoDB telemetry layout's keys: tenant first, UTC periods, partitions covering a range. */
import { describe, expect, it } from 'vitest';
import { latestKey, partitionsCovering, rawPartition, rollupKey } from '#adapters/telemetry/dynamodb-telemetry';

const utc = (iso: string) => Date.parse(iso);

describe('telemetry table keys', () => {
  it('starts every key with the tenant and the sensor', () => {
    const ts = utc('2026-03-29T01:47:13.250Z');
    expect(rawPartition('acme', 'PH_001', ts)).toBe('T#acme#S#PH_001#2026-03-29');
    expect(rollupKey('acme', 'PH_001', 'M', ts)).toEqual({ PK: 'T#acme#S#PH_001#M#2026-03-29', SK: utc('2026-03-29T01:47:00Z') });
    expect(rollupKey('acme', 'PH_001', 'Q', ts)).toEqual({ PK: 'T#acme#S#PH_001#Q#2026-03', SK: utc('2026-03-29T01:45:00Z') });
    expect(rollupKey('acme', 'PH_001', 'H', ts)).toEqual({ PK: 'T#acme#S#PH_001#H#2026-03', SK: utc('2026-03-29T01:00:00Z') });
    expect(rollupKey('acme', 'PH_001', 'D', ts)).toEqual({ PK: 'T#acme#S#PH_001#D#2026', SK: utc('2026-03-29T00:00:00Z') });
    expect(latestKey('acme', 'PH_001')).toEqual({ PK: 'T#acme#S#PH_001#LATEST', SK: 0 });
  });

  it('lists the partitions that cover a range, each with its part of the range', () => {
    expect(partitionsCovering('t', 'S1', 'R', utc('2026-03-30T12:00:00Z'), utc('2026-04-01T06:00:00Z'))).toEqual([
      { pk: 'T#t#S#S1#2026-03-30', from: utc('2026-03-30T12:00:00Z'), to: utc('2026-03-31T00:00:00Z') },
      { pk: 'T#t#S#S1#2026-03-31', from: utc('2026-03-31T00:00:00Z'), to: utc('2026-04-01T00:00:00Z') },
      { pk: 'T#t#S#S1#2026-04-01', from: utc('2026-04-01T00:00:00Z'), to: utc('2026-04-01T06:00:00Z') },
    ]);
    expect(partitionsCovering('t', 'S1', 'H', utc('2026-03-27T23:00:00Z'), utc('2026-04-03T22:00:00Z')).map((p) => p.pk)).toEqual(['T#t#S#S1#H#2026-03', 'T#t#S#S1#H#2026-04']);
    expect(partitionsCovering('t', 'S1', 'D', utc('2025-12-01T00:00:00Z'), utc('2026-02-01T00:00:00Z')).map((p) => p.pk)).toEqual(['T#t#S#S1#D#2025', 'T#t#S#S1#D#2026']);
    expect(partitionsCovering('t', 'S1', 'M', utc('2026-03-01T00:00:00Z'), utc('2026-03-01T00:00:00Z'))).toEqual([]);
  });
});
