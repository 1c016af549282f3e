/**
 * E-mail notifications in the application table. Keys (all under the tenant but the digest index's):
 *   preferences     PK = T#t#USER#<u>#NOTIFPREFS          SK = NOTIFPREFS
 *   e-mail sent     PK = T#t#EMAILSENT#<eventId>#<u>       SK = EMAILSENT   (TTL 14 days)
 *   digest entry    PK = T#t#USER#<u>#DIGEST#<eventId>     SK = DIGEST
 *     pending       GSI3PK = EMAIL_DIGEST#PENDING           GSI3SK = <t>#<u>#<at>#<eventId>
 * The "sent" marker makes an immediate e-mail of a redelivered event go out once; digest
 * entries are keyed by event, so keeping one twice is one line; the digest schedule reads
 * the pending index (every tenant, like the no-data rules' index) and deletes what it sent.
 */
import { BatchWriteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DigestEntry, NotificationPreferences } from '#domain/email-notifications';
import { DEFAULT_PREFERENCES } from '#domain/email-notifications';
import { documentClient, tableName, tenantKey } from './client';
import { entityRepository, partitionItems } from './entity-repository';
import { withoutKeys } from './items';

const SENT_TTL_SECONDS = 14 * 86_400;

type StoredPreferences = NotificationPreferences & { readonly userId: string };

const preferences = entityRepository<StoredPreferences>()({
  entity: 'notification-preferences',
  key: (tenantId, userId) => ({ PK: tenantKey(tenantId, 'USER', userId, 'NOTIFPREFS'), SK: 'NOTIFPREFS' }),
  idOf: (p) => p.userId,
});

/** A user's preferences, the defaults when never set. */
export async function preferencesOf(tenantId: string, userId: string): Promise<NotificationPreferences> {
  const found = await preferences.get(tenantId, userId, { consistent: true });
  if (!found) return DEFAULT_PREFERENCES;
  const { userId: _user, ...prefs } = found;
  return prefs;
}

/** Saves preferences read at `readVersion` (0: never saved); VersionConflict when they changed meanwhile. */
export async function savePreferences(tenantId: string, userId: string, next: NotificationPreferences, readVersion: number): Promise<void> {
  const value = { ...next, userId };
  if (readVersion === 0) await preferences.create(tenantId, value);
  else await preferences.putVersion(tenantId, value, readVersion);
}

const sentKey = (tenantId: string, eventId: string, userId: string) => ({ PK: tenantKey(tenantId, 'EMAILSENT', eventId, userId), SK: 'EMAILSENT' });

/** Whether the e-mail of this event was already sent to this user. */
export async function emailAlreadySent(tenantId: string, eventId: string, userId: string): Promise<boolean> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: sentKey(tenantId, eventId, userId), ConsistentRead: true }));
  return out.Item !== undefined;
}

/** Records that the e-mail of this event went to this user. */
export async function recordEmailSent(tenantId: string, eventId: string, userId: string, messageId: string, now: Date): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...sentKey(tenantId, eventId, userId), entity: 'email-sent', messageId, expiresAt: Math.floor(now.getTime() / 1000) + SENT_TTL_SECONDS },
    }),
  );
}

const DIGEST_PENDING = 'EMAIL_DIGEST#PENDING';
const digestKey = (e: Pick<DigestEntry, 'tenantId' | 'userId' | 'eventId'>) => ({ PK: tenantKey(e.tenantId, 'USER', e.userId, 'DIGEST', e.eventId), SK: 'DIGEST' });

/** Keeps an event for the user's next digest (keeping it again changes nothing). */
export async function keepForDigest(entry: DigestEntry): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...digestKey(entry), entity: 'digest-entry', GSI3PK: DIGEST_PENDING, GSI3SK: `${entry.tenantId}#${entry.userId}#${entry.at}#${entry.eventId}`, ...entry },
    }),
  );
}

/** Every pending digest entry, of every tenant (the digest schedule's read). */
export async function pendingDigestEntries(): Promise<DigestEntry[]> {
  const items = await partitionItems({ index: 'GSI3', value: DIGEST_PENDING });
  return items.map((item) => withoutKeys<DigestEntry>(item));
}

/** Deletes digest entries once their digest went out (or was not wanted any more). */
export async function settleDigestEntries(entries: readonly DigestEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 25) {
    let requests = entries.slice(i, i + 25).map((e) => ({ DeleteRequest: { Key: digestKey(e) } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > 5) throw new Error(`${requests.length} digest entries could not be deleted`);
      const out = await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}
