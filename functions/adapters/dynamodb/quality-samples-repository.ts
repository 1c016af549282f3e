/**
 * Lab results of water quality in the application table, keyed by their natural key (point,
 * parameter, time taken, lab), so importing the same result twice finds the first. Keys
 * (all under the tenant):
 *   item         PK = T#t#QUALITY_SAMPLE#<point>#<parameter>#<takenAt>#<lab>   SK = QUALITY_SAMPLE
 *   by site      GSI2PK = T#t#SITE#<s>#QUALITY_SAMPLES   GSI2SK = <takenAt>#<id>   (a period is a key range)
 */
import type { Sample } from '#domain/quality/samples';
import { tenantKey } from './client';
import { entityRepository, isConditionFailure, type IndexSpec } from './entity-repository';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client';

export const sampleKey = (tenantId: string, naturalKey: string) => ({ PK: tenantKey(tenantId, 'QUALITY_SAMPLE', naturalKey), SK: 'QUALITY_SAMPLE' });

const bySite: IndexSpec<Sample, string> = {
  name: 'GSI2',
  partition: (tenantId, siteId) => tenantKey(tenantId, 'SITE', siteId, 'QUALITY_SAMPLES'),
  entry: (s) => ({ in: s.siteId, sort: `${s.takenAt}#${s.id}` }),
};

const samples = entityRepository<Sample>()({ entity: 'quality-sample', key: sampleKey, idOf: (s) => s.naturalKey, indexes: { bySite } });

/** Stores a new result; false when a result with its natural key is already stored (read it with {@link getSampleByKey}). */
export async function putNewSample(tenantId: string, sample: Sample): Promise<boolean> {
  try {
    await documentClient.send(new PutCommand(samples.transact.create(tenantId, sample).Put!));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export const getSampleByKey = (tenantId: string, naturalKey: string): Promise<Sample | undefined> => samples.get(tenantId, naturalKey, { consistent: true });

/** The results of a site taken in `[from, to)` (ISO instants), oldest first. */
export async function samplesOfSite(tenantId: string, siteId: string, from: string, to: string): Promise<Sample[]> {
  const found = await samples.all(tenantId, 'bySite', siteId, { sort: { between: [from, `${to}`] } });
  return found.filter((s) => s.takenAt < to);
}
