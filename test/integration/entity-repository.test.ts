/**
 * The repository mechanism (`entityRepository`) against DynamoDB Local (the local stack's
 * application table), with a test aggregate of its own in a tenant of its own: conditional
 * creation, optimistic concurrency on the version, consistent reads, paged lists with a
 * filter and sparse indexes, and the items it gives a transaction.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory, ulid } from 'ulid';
import { beforeAll, describe, expect, inject, it } from 'vitest';

interface Gadget {
  readonly id: string;
  readonly version: number;
  readonly colour: 'red' | 'blue';
  readonly ownerId: string | null;
  readonly secret?: string;
}

async function load() {
  Object.assign(process.env, inject('stackEnv'));
  const [{ entityRepository, listPartition, partitionItems, placementIndexes, placementPartition }, errors, { documentClient, tenantKey }] = await Promise.all([
    import('#adapters/dynamodb/entity-repository'),
    import('#platform/errors'),
    import('#adapters/dynamodb/client'),
  ]);
  const gadgets = entityRepository<Gadget>()({
    entity: 'test-gadget',
    resource: 'Gadget',
    noun: 'gadget',
    key: (tenantId, id) => ({ PK: tenantKey(tenantId, 'GADGET', id), SK: 'GADGET' }),
    indexes: {
      all: { name: 'GSI1', partition: (t: string) => tenantKey(t, 'GADGETS'), entry: (g) => ({ in: undefined, sort: g.id }) },
      byOwner: { name: 'GSI2', partition: (t: string, owner: string) => tenantKey(t, 'OWNER', owner, 'GADGETS'), entry: (g) => (g.ownerId ? { in: g.ownerId, sort: g.id } : undefined) },
    },
    attributes: (g) => ({ ...g, secret: 'kept out of the domain value' }),
    fromItem: (item) => {
      const { PK: _pk, SK: _sk, GSI1PK: _a, GSI1SK: _b, GSI2PK: _c, GSI2SK: _d, entity: _e, secret: _s, ...rest } = item;
      return rest as unknown as Gadget;
    },
  });
  const placed = entityRepository<Placed>()({ entity: 'test-placed', key: (tenantId, id) => ({ PK: tenantKey(tenantId, 'PLACED', id), SK: 'PLACED' }), indexes: placementIndexes<Placed>('PLACED') });
  return { gadgets, placed, errors, documentClient, listPartition, partitionItems, placementPartition };
}

interface Placed {
  readonly id: string;
  readonly siteId: string;
  readonly clientId: string | null;
}

let m: Awaited<ReturnType<typeof load>>;
const tenant = `entity-repo-${ulid()}`;
const nextId = monotonicFactory();
const gadget = (over: Partial<Gadget> = {}): Gadget => ({ id: nextId(), version: 1, colour: 'red', ownerId: null, ...over });

beforeAll(async () => {
  m = await load();
});

describe('entityRepository against DynamoDB Local', () => {
  it('creates a value once: a second creation with the same key is a typed Conflict', async () => {
    const g = gadget();
    await m.gadgets.create(tenant, g);
    const second = m.gadgets.create(tenant, { ...g, colour: 'blue' });
    await expect(second).rejects.toBeInstanceOf(m.errors.Conflict);
    await expect(second).rejects.toMatchObject({ code: 'TEST_GADGET_EXISTS' });
    expect(await m.gadgets.get(tenant, g.id)).toEqual(g);
  });

  it('stores keys, index keys (sparse when the spec says so) and extra attributes, and maps them out of the domain value', async () => {
    const owned = gadget({ ownerId: 'u1' });
    const loose = gadget();
    await m.gadgets.create(tenant, owned);
    await m.gadgets.create(tenant, loose);
    const item = await m.gadgets.getItem(tenant, owned.id);
    expect(item).toMatchObject({ PK: `T#${tenant}#GADGET#${owned.id}`, SK: 'GADGET', entity: 'test-gadget', GSI1PK: `T#${tenant}#GADGETS`, GSI2PK: `T#${tenant}#OWNER#u1#GADGETS`, secret: 'kept out of the domain value' });
    expect((await m.gadgets.getItem(tenant, loose.id))?.GSI2PK).toBeUndefined();
    expect(await m.gadgets.get(tenant, owned.id)).toEqual(owned);
  });

  it('replaces a value only at the version read: a stale version is a VersionConflict and changes nothing', async () => {
    const g = gadget();
    await m.gadgets.create(tenant, g);
    await m.gadgets.putVersion(tenant, { ...g, version: 2, colour: 'blue' }, 1);
    await expect(m.gadgets.putVersion(tenant, { ...g, version: 2, colour: 'red' }, 1)).rejects.toBeInstanceOf(m.errors.VersionConflict);
    expect(await m.gadgets.putIfVersion(tenant, { ...g, version: 2, colour: 'red' }, 1)).toBe(false);
    expect(await m.gadgets.get(tenant, g.id, { consistent: true })).toEqual({ ...g, version: 2, colour: 'blue' });
    expect(await m.gadgets.putIfVersion(tenant, { ...g, version: 3, colour: 'red' }, 2)).toBe(true);
  });

  it('a replacement at a version of a value that is gone is a VersionConflict too (the fresh read then finds nothing)', async () => {
    await expect(m.gadgets.putVersion(tenant, gadget({ version: 2 }), 1)).rejects.toBeInstanceOf(m.errors.VersionConflict);
  });

  it('deletes at the version read: VersionConflict when it changed, NotFound when it is gone', async () => {
    const g = gadget();
    await m.gadgets.create(tenant, g);
    await expect(m.gadgets.deleteVersion(tenant, g.id, 7)).rejects.toBeInstanceOf(m.errors.VersionConflict);
    await m.gadgets.deleteVersion(tenant, g.id, 1);
    expect(await m.gadgets.get(tenant, g.id)).toBeUndefined();
    await expect(m.gadgets.deleteVersion(tenant, g.id, 1)).rejects.toBeInstanceOf(m.errors.NotFound);
  });

  it('reads strongly consistently when asked, eventually consistently otherwise', async () => {
    const seen: unknown[] = [];
    const name = `capture-${ulid()}`;
    m.documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetCommand' || context.commandName === 'GetItemCommand') seen.push((args.input as { ConsistentRead?: boolean }).ConsistentRead);
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const g = gadget();
      await m.gadgets.create(tenant, g);
      expect(await m.gadgets.get(tenant, g.id, { consistent: true })).toEqual(g);
      expect(await m.gadgets.get(tenant, g.id)).toEqual(g);
      expect(seen).toEqual([true, false]);
    } finally {
      m.documentClient.middlewareStack.remove(name);
    }
  });

  it('lists a partition page by page with a filter: full pages, a cursor while more match, none on the last page', async () => {
    const owner = `owner-${ulid()}`;
    const made: Gadget[] = [];
    for (let i = 0; i < 7; i++) {
      const g = gadget({ ownerId: owner, colour: i % 2 === 0 ? 'blue' : 'red' });
      made.push(g);
      await m.gadgets.create(tenant, g);
    }
    const blue = made.filter((g) => g.colour === 'blue').map((g) => g.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await m.gadgets.list(tenant, 'byOwner', owner, { limit: 3, cursor, where: { equals: { colour: 'blue' } } });
      sizes.push(page.items.length);
      seen.push(...page.items.map((g) => g.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([3, 1]);
    expect(seen).toEqual(blue);
    const newestFirst = await m.gadgets.list(tenant, 'byOwner', owner, { limit: 10, newestFirst: true, where: { oneOf: { colour: ['red'] } } });
    expect(newestFirst.items.map((g) => g.id)).toEqual(made.filter((g) => g.colour === 'red').map((g) => g.id).reverse());
    expect((await m.gadgets.all(tenant, 'byOwner', owner)).length).toBe(7);
    expect((await m.gadgets.all(tenant, 'byOwner', owner, { sort: { from: made[5]!.id } })).map((g) => g.id)).toEqual([made[5]!.id, made[6]!.id]);
  });

  it('gives transaction items: a stale version or a taken key cancels the whole transaction; current ones commit together', async () => {
    const a = gadget();
    const b = gadget();
    await m.gadgets.create(tenant, a);
    const stale = m.documentClient.send(new TransactWriteCommand({ TransactItems: [m.gadgets.transact.create(tenant, b), m.gadgets.transact.putVersion(tenant, { ...a, version: 2 }, 5)] }));
    await expect(stale).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(await m.gadgets.get(tenant, b.id)).toBeUndefined();
    const taken = m.documentClient.send(new TransactWriteCommand({ TransactItems: [m.gadgets.transact.create(tenant, a)] }));
    await expect(taken).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    const missing = m.documentClient.send(new TransactWriteCommand({ TransactItems: [m.gadgets.transact.create(tenant, b), m.gadgets.transact.exists(tenant, ulid())] }));
    await expect(missing).rejects.toMatchObject({ name: 'TransactionCanceledException' });

    await m.documentClient.send(
      new TransactWriteCommand({
        TransactItems: [m.gadgets.transact.create(tenant, b), m.gadgets.transact.putVersion(tenant, { ...a, version: 2, colour: 'blue' }, 1)],
      }),
    );
    expect(await m.gadgets.get(tenant, a.id)).toEqual({ ...a, version: 2, colour: 'blue' });
    expect(await m.gadgets.get(tenant, b.id)).toEqual(b);
    await m.documentClient.send(new TransactWriteCommand({ TransactItems: [m.gadgets.transact.exists(tenant, a.id, 2), m.gadgets.transact.deleteVersion(tenant, b.id, 1)] }));
    expect(await m.gadgets.get(tenant, b.id)).toBeUndefined();
    await expect(m.documentClient.send(new TransactWriteCommand({ TransactItems: [m.gadgets.transact.deleteVersion(tenant, a.id, 1)] }))).rejects.toMatchObject({
      name: 'TransactionCanceledException',
    });
  });

  it('lists placed values by site and/or client: the partition of the index asked first, the other id as a filter', async () => {
    const [site, otherSite, client] = [ulid(), ulid(), ulid()];
    const values: Placed[] = [
      { id: nextId(), siteId: site, clientId: client },
      { id: nextId(), siteId: otherSite, clientId: client },
      { id: nextId(), siteId: site, clientId: null },
    ];
    for (const value of values) await m.placed.create(tenant, value);
    const ids = async (q: { siteId?: string; clientId?: string }, first: 'site' | 'client') => {
      const { partition, equals } = m.placementPartition(m.placed, tenant, q, first);
      return { index: partition.index, equals, ids: (await m.listPartition(partition, { limit: 10, where: { equals } }, m.placed.fromItem)).items.map((v) => v.id) };
    };
    const [a, b, c] = values.map((v) => v.id);
    expect(await ids({ siteId: site, clientId: client }, 'site')).toEqual({ index: 'GSI2', equals: { clientId: client }, ids: [a] });
    expect(await ids({ siteId: site, clientId: client }, 'client')).toEqual({ index: 'GSI3', equals: { siteId: site }, ids: [a] });
    expect(await ids({ siteId: site }, 'client')).toEqual({ index: 'GSI2', equals: {}, ids: [a, c] });
    expect(await ids({ clientId: client }, 'site')).toEqual({ index: 'GSI3', equals: {}, ids: [a, b] });
    expect((await ids({}, 'site')).index).toBe('GSI1');
  });
});
