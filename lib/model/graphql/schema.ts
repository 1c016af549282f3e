/**
 * The GraphQL API beside REST: one schema (SDL), written once here and copied to
 * `schema.graphql` by `npm run generate` (AppSync reads that file; a unit test checks the
 * copy). Every object type mirrors a REST resource schema (`GRAPHQL_TYPE_SOURCES`): its
 * fields are a subset of the resource's, with the same types and enum values
 * (`test/unit/lib/model/graphql/schema.test.ts`). The fields that fetch something
 * are the REST operations of `GRAPHQL_FIELD_OPERATIONS`: their roles, validation and audit are
 * the operation's.
 *
 * Cost of a query (the complexity limit, `MAX_GRAPHQL_COMPLEXITY`): a field that runs an
 * operation costs 1, any other field 0; a connection multiplies the cost of its
 * selection by `first` (default 20). Depth (`MAX_GRAPHQL_DEPTH`): every field is a
 * level, except a connection's `edges` and `node`.
 */
import type { z } from 'zod';
import { Alert } from '../schemas/alerts';
import { Asset } from '../schemas/assets';
import { CreateServiceRequestBody, ServiceRequestSchema } from '../schemas/requests';
import { SensorLatest } from '../schemas/telemetry';
import { Site } from '../schemas/sites';
import { TimeEntry } from '../schemas/time-entries';
import { CreateWorkOrderBody, HistoryEntry, TransitionBody, WorkOrder } from '../schemas/work-orders';
import { NightFlow, Zone } from '../schemas/zones';

export const MAX_GRAPHQL_DEPTH = 5;
export const MAX_GRAPHQL_COMPLEXITY = 1000;
/** A connection's page size when `first` is not given (the REST lists' default `limit`). */
export const DEFAULT_PAGE_SIZE = 20;
/** Characters of a query document; longer is refused before parsing. */
export const MAX_GRAPHQL_QUERY_LENGTH = 20_000;

const connection = (type: string) => `
"""A page of ${type}s: \`edges\` in the REST list's order, \`pageInfo.endCursor\` is the REST list's \`nextCursor\`."""
type ${type}Connection {
  edges: [${type}Edge!]!
  pageInfo: PageInfo!
}

type ${type}Edge {
  node: ${type}!
}
`;

/** A connection's arguments: `first` is the REST `limit` (1-100), `after` the REST `cursor`. */
const PAGE_ARGS = `first: Int = ${DEFAULT_PAGE_SIZE}, after: String`;

export const GRAPHQL_SCHEMA = `"""
Hydrant's GraphQL API: the REST API's resources, queried together. Cost: a field that
fetches (it names a REST operation below) costs 1, others 0; a connection multiplies the
cost of its selection by \`first\`. Limits: depth ${MAX_GRAPHQL_DEPTH} (\`edges\` and \`node\` are not levels),
cost ${MAX_GRAPHQL_COMPLEXITY}. Errors carry the REST problem code in \`extensions.code\`.
"""
schema {
  query: Query
  mutation: Mutation
}

type Query {
  "listSites"
  sites(${PAGE_ARGS}, clientId: ID): SiteConnection!
  "getSite"
  site(id: ID!): Site
  "listWorkOrders"
  workOrders(${PAGE_ARGS}, status: WorkOrderStatus, siteId: ID, assetId: ID): WorkOrderConnection!
  "getWorkOrder"
  workOrder(id: ID!): WorkOrder
  "listAlerts"
  alerts(${PAGE_ARGS}, status: AlertStatus, siteId: ID, zoneId: ID): AlertConnection!
  "getAlert"
  alert(id: ID!): Alert
  "listZones"
  zones(${PAGE_ARGS}, siteId: ID): ZoneConnection!
  "getZone"
  zone(id: ID!): Zone
}

type Mutation {
  "createWorkOrder"
  createWorkOrder(input: CreateWorkOrderInput!): WorkOrder!
  "transitionWorkOrder; expectedVersion is REST's If-Match"
  transitionWorkOrder(id: ID!, input: TransitionWorkOrderInput!, expectedVersion: Int): WorkOrder!
  "acknowledgeAlert"
  acknowledgeAlert(id: ID!): Alert!
  "createServiceRequest"
  createServiceRequest(input: CreateServiceRequestInput!): ServiceRequest!
}

type PageInfo {
  endCursor: String
  hasNextPage: Boolean!
}

type Location {
  lat: Float!
  lon: Float!
}

type Site {
  id: ID!
  version: Int!
  createdAt: String!
  updatedAt: String!
  name: String!
  address: String!
  location: Location!
  clientId: ID
  assetCount: Int!
  "listAssets with siteId"
  assets(${PAGE_ARGS}, status: AssetStatus): AssetConnection!
  "getSiteLatest: the site's sensors and their latest reading"
  sensors: [SensorLatest!]!
  "listWorkOrders with siteId"
  workOrders(${PAGE_ARGS}, status: WorkOrderStatus): WorkOrderConnection!
  "listZones with siteId"
  zones(${PAGE_ARGS}): ZoneConnection!
}

enum AssetStatus {
  operational
  degraded
  down
  retired
}

type Asset {
  id: ID!
  version: Int!
  createdAt: String!
  updatedAt: String!
  name: String!
  "REST's enum (its values hold hyphens, which GraphQL enums cannot)"
  type: String!
  siteId: ID!
  clientId: ID
  serialNumber: String!
  model: String
  installedAt: String
  status: AssetStatus!
  lastMaintenanceAt: String
  nextMaintenanceAt: String
  "getSite"
  site: Site!
}

enum SensorKind {
  ph
  turbidity
  chlorine
  temperature
  pressure
  flow
  level
  conductivity
  acoustic
}

enum ReadingQuality {
  GOOD
  UNCERTAIN
  BAD
}

type SensorLatest {
  sensorId: String!
  kind: SensorKind!
  unit: String!
  latest: LatestReading
}

type LatestReading {
  ts: String!
  value: Float!
  quality: ReadingQuality!
}

enum WorkOrderStatus {
  open
  scheduled
  in_progress
  on_hold
  completed
  closed
  cancelled
}

enum WorkOrderPriority {
  low
  normal
  high
  critical
}

enum WorkOrderType {
  corrective
  preventive
  predictive
  inspection
}

enum WorkOrderSource {
  manual
  alert
  request
  preventive
}

type WorkOrder {
  id: ID!
  version: Int!
  createdAt: String!
  updatedAt: String!
  title: String!
  type: WorkOrderType!
  priority: WorkOrderPriority!
  status: WorkOrderStatus!
  source: WorkOrderSource!
  sourceRef: String
  assetId: ID
  siteId: ID
  clientId: ID
  dueAt: String!
  requiredSkills: [String!]!
  estimatedMinutes: Int
  requiresSignature: Boolean!
  assignedTechnicianId: ID
  scheduledStart: String
  startedAt: String
  completedAt: String
  closedAt: String
  createdBy: String!
  "getAsset"
  asset: Asset
  "listWorkOrderHistory"
  history(${PAGE_ARGS}): WorkOrderHistoryEntryConnection!
  "listTimeEntries"
  timeEntries(${PAGE_ARGS}): TimeEntryConnection!
}

type WorkOrderHistoryEntry {
  id: ID!
  workOrderId: ID!
  at: String!
  by: String!
  from: WorkOrderStatus
  to: WorkOrderStatus!
  comment: String
}

type TimeEntry {
  id: ID!
  version: Int!
  createdAt: String!
  updatedAt: String!
  workOrderId: ID!
  workOrderTitle: String!
  clientId: ID
  technicianId: ID!
  technicianName: String!
  start: String!
  end: String!
  minutes: Int!
  note: String
  createdBy: String!
}

enum AlertStatus {
  active
  acknowledged
  cleared
}

enum AlertSeverity {
  critical
  major
  minor
  warning
}

enum AlertConditionType {
  threshold
  duration
  rateOfChange
  anomaly
  noData
  leak
  transient
}

type AlertReading {
  ts: String!
  value: Float
}

type Actor {
  subject: String!
  username: String
}

type LeakFigures {
  startNight: String!
  detectedNight: String!
  baselineM3h: Float!
  addedFlowM3h: Float!
  volumeLostM3: Float!
  count: Int!
  lastSeenNight: String!
  clearedNight: String
}

type Alert {
  id: ID!
  version: Int!
  createdAt: String!
  updatedAt: String!
  ruleId: ID
  ruleName: String!
  conditionType: AlertConditionType!
  severity: AlertSeverity!
  sensorId: String
  siteId: ID
  kind: SensorKind
  zoneId: ID
  clientId: ID
  status: AlertStatus!
  message: String!
  raisedBy: AlertReading!
  raisedAt: String!
  acknowledgedAt: String
  acknowledgedBy: Actor
  clearedAt: String
  workOrderRequested: Boolean!
  leak: LeakFigures
}

type NightWindow {
  start: String!
  end: String!
}

type Zone {
  id: ID!
  version: Int!
  createdAt: String!
  updatedAt: String!
  name: String!
  siteId: ID
  clientId: ID
  pressureSensorIds: [String!]!
  serviceConnections: Int!
  mainsLengthKm: Float!
  connectionsLengthKm: Float
  averagePressureM: Float
  timezone: String!
  nightWindow: NightWindow!
  legitimateNightUseLPerConnectionPerHour: Float!
  "getZoneNightFlow: one row per night of [from, to) (default: the last 28 nights)"
  nightFlow(from: String, to: String): NightFlow!
}

enum NightDayFactorBasis {
  pressure
  assumed_24h
}

enum NightStatus {
  ok
  insufficient_data
  leak_suspected
}

type NightFlow {
  zoneId: ID!
  timezone: String!
  nightWindow: NightWindow!
  from: String!
  to: String!
  nights: [NightFlowRow!]!
}

type NightFlowRow {
  night: String!
  windowStart: String!
  windowEnd: String!
  minimumNightFlowM3h: Float
  minimumAt: String
  legitimateNightUseM3h: Float!
  estimatedLeakageM3h: Float
  estimatedLeakageM3PerDay: Float
  nightDayFactorHours: Float!
  nightDayFactorBasis: NightDayFactorBasis!
  nightPressureM: Float
  status: NightStatus!
}

enum ServiceRequestStatus {
  open
  converted
}

type ServiceRequest {
  id: ID!
  version: Int!
  createdAt: String!
  updatedAt: String!
  clientId: ID
  "REST's enum (its values hold hyphens, which GraphQL enums cannot)"
  kind: String!
  title: String!
  location: Location
  address: String
  siteId: ID
  assetId: ID
  priority: WorkOrderPriority!
  status: ServiceRequestStatus!
  workOrderId: ID
  convertedAt: String
  requestedBy: Actor!
}

"POST /v1/work-orders's body, validated by the same schema"
input CreateWorkOrderInput {
  title: String!
  description: String
  type: WorkOrderType!
  priority: WorkOrderPriority
  sourceRef: String
  assetId: ID
  siteId: ID
  clientId: ID
  dueAt: String
  requiredSkills: [String!]
  estimatedMinutes: Int
  requiresSignature: Boolean
}

input SignatureInput {
  signedBy: String!
  image: String
}

"POST /v1/work-orders/{id}/transitions's body, validated by the same schema"
input TransitionWorkOrderInput {
  to: WorkOrderStatus!
  comment: String
  signature: SignatureInput
}

input LocationInput {
  lat: Float!
  lon: Float!
}

"POST /v1/requests's body, validated by the same schema"
input CreateServiceRequestInput {
  kind: String!
  title: String!
  description: String
  location: LocationInput
  address: String
  siteId: ID
  assetId: ID
  clientId: ID
}
${['Site', 'Asset', 'WorkOrder', 'WorkOrderHistoryEntry', 'TimeEntry', 'Alert', 'Zone'].map(connection).join('')}`;

/**
 * The REST schema each GraphQL type mirrors (objects: the response schema; inputs: the
 * request body). Nested object types (Location, LatestReading...) are checked through the
 * field that holds them.
 */
export const GRAPHQL_TYPE_SOURCES: Readonly<Record<string, () => z.ZodType>> = {
  Site: () => Site,
  Asset: () => Asset,
  SensorLatest: () => SensorLatest,
  WorkOrder: () => WorkOrder,
  WorkOrderHistoryEntry: () => HistoryEntry,
  TimeEntry: () => TimeEntry,
  Alert: () => Alert,
  Zone: () => Zone,
  NightFlow: () => NightFlow,
  ServiceRequest: () => ServiceRequestSchema,
  CreateWorkOrderInput: () => CreateWorkOrderBody,
  TransitionWorkOrderInput: () => TransitionBody,
  CreateServiceRequestInput: () => CreateServiceRequestBody,
};

/**
 * The REST operation behind each field that fetches or writes (`Type.field`): its
 * declared roles and scopes are checked before the resolver runs, its schemas validate
 * the arguments, its audit entry records a mutation. These fields are not in the REST
 * resource (they are links between resources) and cost 1.
 */
export const GRAPHQL_FIELD_OPERATIONS: Readonly<Record<string, string>> = {
  'Query.sites': 'listSites',
  'Query.site': 'getSite',
  'Query.workOrders': 'listWorkOrders',
  'Query.workOrder': 'getWorkOrder',
  'Query.alerts': 'listAlerts',
  'Query.alert': 'getAlert',
  'Query.zones': 'listZones',
  'Query.zone': 'getZone',
  'Site.assets': 'listAssets',
  'Site.sensors': 'getSiteLatest',
  'Site.workOrders': 'listWorkOrders',
  'Site.zones': 'listZones',
  'Asset.site': 'getSite',
  'WorkOrder.asset': 'getAsset',
  'WorkOrder.history': 'listWorkOrderHistory',
  'WorkOrder.timeEntries': 'listTimeEntries',
  'Zone.nightFlow': 'getZoneNightFlow',
  'Mutation.createWorkOrder': 'createWorkOrder',
  'Mutation.transitionWorkOrder': 'transitionWorkOrder',
  'Mutation.acknowledgeAlert': 'acknowledgeAlert',
  'Mutation.createServiceRequest': 'createServiceRequest',
};
