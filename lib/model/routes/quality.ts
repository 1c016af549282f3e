/**
 * Water quality (issue 16, compliance): the catalogue, limit sets and sampling points
 * (written by admins and managers, read by everyone, client users only their client's
 * sites'), lab results, exceedances, compliance and the monthly report.
 */
import type { RouteDecl } from '../types';
import { CSV_MEDIA_TYPE } from '../types';
import { DOCUMENTS_PREFIX } from '#domain/documents';
import { pageOf } from '../schemas/common';
import {
  Compliance,
  complianceExample,
  ComplianceQuery,
  CreateLimitSetBody,
  createLimitSetExample,
  CreateQualityReportBody,
  CreateSamplingPointBody,
  createSamplingPointExample,
  Exceedance,
  exceedanceExample,
  ImportSamplesBody,
  importSamplesExample,
  ImportSamplesQuery,
  ImportSamplesResult,
  importSamplesResultExample,
  LimitSet,
  limitSetExample,
  LimitSetIdParams,
  ListExceedancesQuery,
  ListLimitSetsQuery,
  ListSamplingPointsQuery,
  QualityParameters,
  qualityParameterExample,
  QualityReport,
  qualityReportExample,
  SamplingPoint,
  samplingPointExample,
  UpdateLimitSetBody,
  UpdateSamplingPointBody,
} from '../schemas/quality';
import { ALL_ROLES, authenticated, READS_TABLE, STAFF_WRITERS, WRITES_TABLE } from './access';
import { crudRoutes } from './crud';

const TAG = 'Water quality';
const common = { tag: TAG, apiKey: true } as const;

/** A built-in set is read-only (409 BUILT_IN_LIMIT_SET); limits laxer than the regulation are refused (422 LIMIT_NOT_STRICTER). */
const limitSetRoute = (route: RouteDecl): RouteDecl => {
  const named = ['getLimitSet', 'updateLimitSet', 'deleteLimitSet'].includes(route.operationId);
  const refuses = route.operationId === 'updateLimitSet' ? [409, 422] : route.operationId === 'deleteLimitSet' ? [409] : [];
  return {
    ...route,
    audit: { resourceType: 'limit-set' },
    ...(named ? { request: { ...route.request, params: LimitSetIdParams } } : {}),
    ...(refuses.length ? { errorStatuses: [...(route.errorStatuses ?? []), ...refuses] } : {}),
  };
};

/** A point's sensors are checked on update as on create (422 SENSOR_NOT_AT_SITE). */
const samplingPointRoute = (route: RouteDecl): RouteDecl => ({
  ...route,
  audit: { resourceType: 'sampling-point' },
  ...(route.operationId === 'updateSamplingPoint' ? { errorStatuses: [...(route.errorStatuses ?? []), 422] } : {}),
});

export const qualityRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'listQualityParameters',
    method: 'GET',
    path: '/v1/quality/parameters',
    summary: 'The catalogue of water-quality parameters: units, accepted units with their conversions, sensor kinds, and their limits in the EU Drinking Water Directive 2020/2184 and the WHO guidelines, each with its source',
    handler: 'http/quality/parameters',
    auth: authenticated(ALL_ROLES),
    responses: { 200: { description: 'Every parameter of the catalogue', schema: QualityParameters, example: { data: [qualityParameterExample] } } },
    fn: { memoryMb: 256, timeoutSeconds: 10, access: {} },
  },
  ...crudRoutes({
    collection: 'quality/limit-sets',
    name: 'LimitSet',
    tag: TAG,
    schema: LimitSet,
    example: limitSetExample,
    createBody: CreateLimitSetBody,
    createExample: createLimitSetExample,
    updateBody: UpdateLimitSetBody,
    updateExample: { limits: [{ parameter: 'turbidity', max: 0.3, unit: 'NTU' }] },
    listQuery: ListLimitSetsQuery,
    readers: ALL_ROLES,
    writers: STAFF_WRITERS,
  }).map(limitSetRoute),
  ...crudRoutes({
    collection: 'quality/sampling-points',
    name: 'SamplingPoint',
    tag: TAG,
    schema: SamplingPoint,
    example: samplingPointExample,
    createBody: CreateSamplingPointBody,
    createExample: createSamplingPointExample,
    updateBody: UpdateSamplingPointBody,
    updateExample: { kind: 'customer_tap', sensorIds: [] },
    listQuery: ListSamplingPointsQuery,
    readers: ALL_ROLES,
    writers: STAFF_WRITERS,
  }).map(samplingPointRoute),
  {
    ...common,
    operationId: 'importQualitySamples',
    method: 'POST',
    path: '/v1/quality/samples',
    summary: 'Import lab results, as JSON rows or a CSV file (English or French columns): converted to canonical units, values below the LOQ kept as such, judged against the limits that apply; 422 lists every row\'s mistakes and stores nothing',
    handler: 'http/quality/import-samples',
    auth: authenticated(['admin', 'manager', 'technician']),
    request: { query: ImportSamplesQuery, body: ImportSamplesBody, bodyExample: importSamplesExample, mediaTypes: ['application/json', CSV_MEDIA_TYPE], textField: 'csv' },
    idempotent: true,
    audit: { resourceType: 'quality-sample' },
    responses: { 200: { description: 'What was stored, row by row (a row already stored with the same value is a duplicate)', schema: ImportSamplesResult, example: importSamplesResultExample } },
    errorStatuses: [422],
    fn: { memoryMb: 512, timeoutSeconds: 29, access: { table: 'readWrite' } },
  },
  {
    ...common,
    operationId: 'listExceedances',
    method: 'GET',
    path: '/v1/quality/exceedances',
    summary: 'Exceedances of the water-quality limits (continuous readings and lab results), newest first: start, end, worst value, the limit and its source',
    handler: 'http/quality/exceedances',
    auth: authenticated(ALL_ROLES),
    request: { query: ListExceedancesQuery },
    responses: { 200: { description: 'A page', schema: pageOf(Exceedance), example: { data: [exceedanceExample], nextCursor: null } } },
    fn: READS_TABLE,
  },
  {
    ...common,
    operationId: 'getQualityCompliance',
    method: 'GET',
    path: '/v1/quality/compliance',
    summary: "A site's compliance per parameter: samples taken and compliant, share compliant, exceedances, time out of range of continuous parameters",
    handler: 'http/quality/compliance',
    auth: authenticated(ALL_ROLES),
    request: { query: ComplianceQuery },
    responses: { 200: { description: 'One row per parameter (none for a site the caller cannot see, as a list filtered on it)', schema: Compliance, example: complianceExample } },
    fn: { memoryMb: 512, timeoutSeconds: 29, access: { ...READS_TABLE.access, telemetry: 'read' } },
  },
  {
    ...common,
    operationId: 'createQualityReport',
    method: 'POST',
    path: '/v1/quality/reports',
    summary: "A site's monthly water-quality report, as a PDF and a CSV kept as documents of the site (downloadable through the documents API)",
    handler: 'http/quality/report',
    auth: authenticated(STAFF_WRITERS),
    request: { body: CreateQualityReportBody, bodyExample: { siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', month: '2026-11' } },
    // A retried request (a timeout on a slow PDF) gets the same documents instead of two more.
    idempotent: true,
    audit: { resourceType: 'quality-report' },
    responses: { 201: { description: 'The report and its CSV, available, with short-lived download URLs', schema: QualityReport, example: qualityReportExample } },
    fn: { memoryMb: 1024, timeoutSeconds: 29, access: { ...WRITES_TABLE.access, telemetry: 'read', documentsBucket: 'readWrite', documentsPrefixes: [DOCUMENTS_PREFIX] } },
  },
];
