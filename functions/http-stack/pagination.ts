/**
 * Opaque cursors for DynamoDB pagination. A cursor wraps the LastEvaluatedKey and
 * the partition it belongs to; decoding checks that partition against the query's,
 * so a forged cursor cannot start a query in another tenant's partition.
 */
import { InvalidCursor } from '#platform/errors';

type Key = Record<string, string | number>;

export function encodeCursor(key: Key | undefined): string | null {
  if (!key) return null;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * @param partition the attribute and value the query is keyed on; the cursor must carry the same.
 */
export function decodeCursor(cursor: string | undefined, partition: { attribute: string; value: string }): Key | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new InvalidCursor();
  const entries = Object.entries(key);
  if (entries.length === 0 || entries.length > 6) throw new InvalidCursor();
  if (!entries.every(([, v]) => typeof v === 'string' || typeof v === 'number')) throw new InvalidCursor();
  if ((key as Key)[partition.attribute] !== partition.value) throw new InvalidCursor();
  return key as Key;
}
