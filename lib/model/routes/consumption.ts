/**
 * Consumption (issue 15): billed consumption imported per customer connection and period,
 * and the zone water balance it feeds. Writers are admins and managers; the balance is
 * read as the zone is (client users only for the zones of their own client).
 */
import { IdParams } from '../schemas/common';
import {
  ImportConsumptionBody,
  importConsumptionCsvExample,
  importConsumptionExample,
  ImportConsumptionResult,
  importConsumptionResultExample,
  WaterBalance,
  waterBalanceExample,
  WaterBalanceQuery,
} from '../schemas/consumption';
import { CSV_MEDIA_TYPE, type RouteDecl } from '../types';
import { ALL_ROLES, authenticated, READS_TABLE, STAFF_WRITERS } from './access';

export const consumptionRoutes: readonly RouteDecl[] = [
  {
    tag: 'Zones',
    apiKey: true,
    operationId: 'importConsumption',
    method: 'POST',
    path: '/v1/consumption',
    summary: 'Import billed consumption per customer connection and period (JSON rows or a CSV export); the same zone, connection and period replaces the row stored',
    handler: 'http/consumption/import',
    auth: authenticated(STAFF_WRITERS),
    request: {
      body: ImportConsumptionBody,
      bareArrayField: 'rows',
      textField: 'csv',
      mediaTypes: ['application/json', CSV_MEDIA_TYPE],
      bodyExample: importConsumptionExample,
      textExample: importConsumptionCsvExample,
    },
    responses: { 200: { description: 'Every row stored; or none, with 400 INVALID_CONSUMPTION_ROWS listing each row\'s problems', schema: ImportConsumptionResult, example: importConsumptionResultExample } },
    fn: { memoryMb: 512, timeoutSeconds: 29, access: { table: 'readWrite' } },
  },
  {
    tag: 'Zones',
    apiKey: true,
    operationId: 'getZoneWaterBalance',
    method: 'GET',
    path: '/v1/zones/{id}/water-balance',
    summary: "A zone's IWA/AWWA water balance over a range: system input from its meters, billed consumption from the imports, losses, UARL and ILI, each figure with its source",
    handler: 'http/consumption/water-balance',
    auth: authenticated(ALL_ROLES),
    request: { params: IdParams, query: WaterBalanceQuery },
    responses: { 200: { description: 'The balance', schema: WaterBalance, example: waterBalanceExample } },
    fn: { memoryMb: 512, timeoutSeconds: 29, access: { ...READS_TABLE.access, telemetry: 'read' } },
  },
];
