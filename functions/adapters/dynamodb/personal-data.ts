/**
 * Where Hydrant's table keeps data about a person, found for an export (GDPR art. 15,
 * 20) and pseudonymised for an erasure (art. 17). Records name people by their Cognito
 * `sub` (work orders, history, checklist answers, time entries, schedule entries,
 * service requests, documents); a technician profile and the time entries copy the
 * technician's name and e-mail. Everything is found with Queries of the tenant's
 * partitions (no Scan): the tenant's work orders, each partition of those changed since
 * the person joined (history and time entries live there), the tenant's schedule and
 * service requests, the documents of those records, and the person's notifications.
 */
import { DeleteCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName, tenantKey } from './client';

type Item = Record<string, any>;

/** Whose data: every id records may name them by, their technician profile, and since when they exist. */
export interface DataSubject {
  readonly tenantId: string;
  readonly userIds: readonly string[];
  readonly technicianId: string | null;
  /** Records last changed before this cannot mention them. */
  readonly since: string;
}

/** The items found, with their keys (an erasure updates them in place). */
export interface PersonalDataItems {
  readonly workOrders: Item[];
  readonly workOrderHistory: Item[];
  readonly timeEntries: Item[];
  readonly scheduleEntries: Item[];
  readonly notifications: Item[];
  readonly serviceRequests: Item[];
  readonly documents: Item[];
}

/** Bounds one export or erasure: partitions read at once, and items read in all. */
const CONCURRENCY = 8;
const MAX_ITEMS = 20_000;

async function queryAll(input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await documentClient.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...((out.Items ?? []) as Item[]));
    startKey = out.LastEvaluatedKey;
  } while (startKey && items.length < MAX_ITEMS);
  return items;
}

const byIndex = (index: string, pk: string): QueryCommandInput => ({
  TableName: tableName,
  IndexName: index,
  KeyConditionExpression: `${index}PK = :pk`,
  ExpressionAttributeValues: { ':pk': pk },
});

async function inBatches<T, R>(inputs: readonly T[], run: (input: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < inputs.length; i += CONCURRENCY) out.push(...(await Promise.all(inputs.slice(i, i + CONCURRENCY).map(run))));
  return out;
}

const mentions = (ids: ReadonlySet<string>, actor: unknown): boolean =>
  typeof actor === 'string' ? ids.has(actor) : typeof actor === 'object' && actor !== null && ids.has((actor as { subject?: string }).subject ?? '');

const answeredBy = (ids: ReadonlySet<string>, workOrder: Item): boolean =>
  Array.isArray(workOrder.checklist) && workOrder.checklist.some((c: Item) => ids.has(c?.result?.answeredBy));

/** Every record of the table that is about the subject. */
export async function findPersonalData(subject: DataSubject): Promise<PersonalDataItems> {
  const { tenantId, technicianId } = subject;
  const ids = new Set(subject.userIds);
  const allWorkOrders = await queryAll(byIndex('GSI1', tenantKey(tenantId, 'WOS')));
  const changedSince = allWorkOrders.filter((w) => String(w.updatedAt ?? '') >= subject.since);
  // History and time entries share their work order's partition: one Query each.
  const partitions = await inBatches(changedSince, (w) =>
    queryAll({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': tenantKey(tenantId, 'WO', String(w.id)) } }),
  );
  const partitionItems = partitions.flat();
  const workOrderHistory = partitionItems.filter((i) => String(i.SK).startsWith('HIST#') && mentions(ids, i.by));
  const timeEntries = partitionItems.filter((i) => String(i.SK).startsWith('TIME#') && (i.technicianId === technicianId || mentions(ids, i.createdBy)));
  const workOrders = allWorkOrders.filter(
    (w) => mentions(ids, w.createdBy) || (technicianId !== null && w.assignedTechnicianId === technicianId) || answeredBy(ids, w),
  );
  const scheduleEntries = (await queryAll(byIndex('GSI2', tenantKey(tenantId, 'SCHED')))).filter(
    (e) => (technicianId !== null && e.technicianId === technicianId) || mentions(ids, e.assignedBy),
  );
  const serviceRequests = (await queryAll(byIndex('GSI1', tenantKey(tenantId, 'REQUESTS')))).filter(
    (r) => mentions(ids, r.requestedBy) || mentions(ids, r.convertedBy),
  );
  const parents = [...workOrders.map((w) => ['work-order', w.id]), ...serviceRequests.map((r) => ['request', r.id])];
  const documents = (await inBatches(parents, ([type, id]) => queryAll(byIndex('GSI1', tenantKey(tenantId, 'PARENT', type, id, 'DOCS'))))).flat().filter((d) => mentions(ids, d.uploadedBy));
  const notifications = (await inBatches([...ids], (id) => queryAll(byIndex('GSI1', tenantKey(tenantId, 'USER', id, 'NOTIFS'))))).flat();
  return { workOrders, workOrderHistory, timeEntries, scheduleEntries, notifications, serviceRequests, documents };
}

async function setFields(item: Item, fields: Record<string, unknown>, bumpVersion: boolean): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(fields).map(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:v${i}`] = value;
    return `#a${i} = :v${i}`;
  });
  if (bumpVersion && typeof item.version === 'number') {
    names['#version'] = 'version';
    values[':one'] = 1;
    sets.push('#version = #version + :one');
  }
  if (sets.length === 0) return;
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { PK: item.PK, SK: item.SK },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * Replaces every mention of the subject by the pseudonym: ids in `createdBy`, `by`,
 * `answeredBy`, `assignedBy`, `requestedBy`, `convertedBy`, `uploadedBy`, and the copied
 * technician name of time entries; deletes their notifications. Versions are bumped so
 * cached copies (ETags) are not served again.
 */
export async function pseudonymisePersonalData(subject: DataSubject, found: PersonalDataItems, pseudonym: string): Promise<void> {
  const ids = new Set(subject.userIds);
  const swap = (actor: unknown) => (mentions(ids, actor) ? (typeof actor === 'string' ? pseudonym : { subject: pseudonym, username: pseudonym }) : actor);
  const updates: Array<() => Promise<void>> = [];
  for (const w of found.workOrders) {
    const checklist = Array.isArray(w.checklist)
      ? w.checklist.map((c: Item) => (c?.result && ids.has(c.result.answeredBy) ? { ...c, result: { ...c.result, answeredBy: pseudonym } } : c))
      : w.checklist;
    updates.push(() => setFields(w, { createdBy: swap(w.createdBy), checklist }, true));
  }
  for (const h of found.workOrderHistory) updates.push(() => setFields(h, { by: pseudonym }, false));
  for (const t of found.timeEntries) {
    updates.push(() => setFields(t, { createdBy: swap(t.createdBy), ...(t.technicianId === subject.technicianId ? { technicianName: pseudonym } : {}) }, true));
  }
  for (const e of found.scheduleEntries) if (mentions(ids, e.assignedBy)) updates.push(() => setFields(e, { assignedBy: pseudonym }, false));
  for (const r of found.serviceRequests) updates.push(() => setFields(r, { requestedBy: swap(r.requestedBy), convertedBy: swap(r.convertedBy) }, true));
  for (const d of found.documents) updates.push(() => setFields(d, { uploadedBy: swap(d.uploadedBy) }, true));
  for (const n of found.notifications) updates.push(() => documentClient.send(new DeleteCommand({ TableName: tableName, Key: { PK: n.PK, SK: n.SK } })).then(() => undefined));
  await inBatches(updates, (update) => update());
}
