/**
 * Open WebSocket connections of the live API, one item each. Keys (all under the tenant):
 *   item          PK = T#t#LIVE#<connectionId>     SK = LIVE          expiresAt (TTL, epoch s)
 *   tenant's      GSI1PK = T#t#LIVE                 GSI1SK = <connectionId>
 *   a user's      GSI2PK = T#t#USER#<u>#LIVE        GSI2SK = <connectionId>
 * Removed on `$disconnect` and when a post finds the connection gone (410); the TTL removes
 * what neither saw (a connection API Gateway dropped while the record stayed).
 */
import type { LiveConnection } from '#domain/live';
import { tenantKey } from './client';
import { entityRepository } from './entity-repository';
import { withoutKeys } from './items';

const connections = entityRepository<LiveConnection>()({
  entity: 'live-connection',
  key: (tenantId, id) => ({ PK: tenantKey(tenantId, 'LIVE', id), SK: 'LIVE' }),
  // `expiresAt` is the table's TTL attribute, which `withoutKeys` leaves out of values by default.
  fromItem: (item) => ({ ...withoutKeys<LiveConnection>(item), expiresAt: Number(item.expiresAt) }),
  indexes: {
    ofTenant: { name: 'GSI1', partition: (t: string) => tenantKey(t, 'LIVE'), entry: (c) => ({ in: undefined, sort: c.id }) },
    ofUser: { name: 'GSI2', partition: (t: string, userId: string) => tenantKey(t, 'USER', userId, 'LIVE'), entry: (c) => ({ in: c.userId, sort: c.id }) },
  },
});

/** Records a connection (API Gateway's ids are unique: a second record of one is a Conflict). */
export const saveLiveConnection = connections.create;

/** Forgets a connection; forgetting one already gone changes nothing. */
export const forgetLiveConnection = connections.delete;

/** Every open connection of a tenant (alert changes go to those allowed to see them). */
export const connectionsOfTenant = (tenantId: string): Promise<LiveConnection[]> => connections.all(tenantId, 'ofTenant', undefined);

/** The open connections of one user (their notifications). */
export const connectionsOfUser = (tenantId: string, userId: string): Promise<LiveConnection[]> => connections.all(tenantId, 'ofUser', userId);
