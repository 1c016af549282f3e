/** Connectors (issue 19): third-party links, their sealed credentials, OAuth2 grants and sync log. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { CONNECTOR_TYPES } from '#domain/connectors';
import { Id, IsoDateTime, PageQuery, ResourceMeta } from './common';

const Key = lazySchema(() => z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{0,63}$/, 'a setting name: letters, digits, `_` and `.`'));
const Scalar = lazySchema(() => z.union([z.string().max(500), z.number(), z.boolean(), z.null()]));

const Config = lazySchema(() => z
  .record(Key, z.union([Scalar, z.record(Key, z.string().max(200))]))
  .refine((c) => Object.keys(c).length <= 30, 'at most 30 settings')
  .describe('Non-secret settings of the connector (e.g. Slack `channels` by event type, Silae `companyCode`, a provider `baseUrl`)'));

const Credentials = lazySchema(() => z
  .record(Key, z.string().min(1).max(4096))
  .refine((c) => Object.keys(c).length <= 10, 'at most 10 credentials')
  .describe('Secrets (API keys, bot tokens, OAuth client secrets): sealed on receipt, never answered nor logged'));

export const ConnectorType = lazySchema(() => z.enum(CONNECTOR_TYPES));

export const CreateConnectorBody = lazySchema(() => z.strictObject({
  type: ConnectorType,
  enabled: z.boolean().default(true),
  config: Config.default({}),
  credentials: Credentials.optional(),
}));

export const UpdateConnectorBody = lazySchema(() => z
  .strictObject({
    enabled: z.boolean().optional(),
    config: Config.optional().describe('Merged into the current settings'),
    credentials: Credentials.optional().describe('Replace the stored credentials'),
  })
  .refine((b) => Object.keys(b).length > 0, 'at least one field'));

export const Connector = lazySchema(() => z
  .object({
    ...ResourceMeta,
    type: ConnectorType,
    enabled: z.boolean(),
    config: z.record(z.string(), z.unknown()),
    hasCredentials: z.boolean().describe('Credentials are stored (never answered)'),
    authorizedAt: IsoDateTime.nullable().describe('When the OAuth2 grant was last completed'),
    lastSyncAt: IsoDateTime.nullable(),
    syncStatus: z.enum(['never', 'running', 'succeeded', 'failed']),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'Connector' }));

export const connectorExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7C01',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  type: 'slack',
  enabled: true,
  config: { channels: { 'alert.raised': '#ops-alerts', 'work_order.created': '#field' } },
  hasCredentials: true,
  authorizedAt: null,
  lastSyncAt: null,
  syncStatus: 'never',
  lastError: null,
};

export const createConnectorExample = {
  type: 'slack',
  config: { channels: { 'alert.raised': '#ops-alerts' } },
  credentials: { botToken: 'xoxb-0000-example' },
};

export const ListConnectorsQuery = PageQuery;

export const ConnectorRun = lazySchema(() => z
  .object({
    id: z.string(),
    connectorId: z.string(),
    trigger: z.enum(['schedule', 'event']),
    eventId: z.string().nullable(),
    started: IsoDateTime,
    completed: IsoDateTime.nullable(),
    status: z.enum(['running', 'succeeded', 'failed']),
    records: z.int().describe('Records read or written by the run'),
    errors: z.array(z.string()),
  })
  .meta({ id: 'ConnectorRun' }));

export const connectorRunExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7R01',
  connectorId: connectorExample.id,
  trigger: 'event',
  eventId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7E01',
  started: '2026-11-21T09:31:00.000Z',
  completed: '2026-11-21T09:31:01.000Z',
  status: 'succeeded',
  records: 1,
  errors: [],
};

export const ListRunsQuery = PageQuery;

export const Authorization = lazySchema(() => z.object({
  authorizationUrl: z.string().describe("The provider's consent page, with a signed `state` and a PKCE challenge where the provider takes one"),
  expiresAt: IsoDateTime.describe('The state is refused after this time'),
}));

export const OAuthCallbackQuery = lazySchema(() => z.strictObject({
  code: z.string().min(1).max(2048).optional(),
  state: z.string().min(1).max(4096),
  error: z.string().max(200).optional(),
  realmId: z.string().max(64).optional().describe('QuickBooks: the company the grant is for'),
  scope: z.string().max(2048).optional(),
}));

export const OAuthCompleted = lazySchema(() => z.object({ connectorId: Id, type: ConnectorType, authorizedAt: IsoDateTime }));
