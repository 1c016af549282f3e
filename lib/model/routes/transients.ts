/**
 * Pressure transients (issue 15): a pressure sensor's high-rate burst, scanned for
 * transient events by the domain. Under the sensor, not the zone: the burst is one
 * sensor's capture and the `pressure.transient` alert is that sensor's (alerts are per
 * rule and sensor); the zone, whose `transientLimitM` applies, is the zone of the
 * sensor's asset. Scans are not stored; the alert and its events are.
 */
import type { RouteDecl } from '../types';
import { SensorIdParams } from '../schemas/sensors';
import { TransientBurstBody, transientBurstExample, TransientScan, transientScanExample } from '../schemas/transients';
import { authenticated } from './access';

export const transientsRoutes: readonly RouteDecl[] = [
  {
    tag: 'Telemetry',
    apiKey: true,
    operationId: 'scanPressureTransients',
    method: 'POST',
    path: '/v1/sensors/{id}/transients',
    summary: "Scan a pressure sensor's high-rate burst for transients; raises (or clears) its pressure.transient alert",
    handler: 'http/transients/create',
    auth: authenticated(['admin', 'manager', 'technician']),
    request: { params: SensorIdParams, body: TransientBurstBody, bodyExample: transientBurstExample },
    responses: { 200: { description: 'The events found, the limit applied and what happened to the alert', schema: TransientScan, example: transientScanExample } },
    // A sensor that is not a pressure sensor (422).
    errorStatuses: [422],
    fn: { memoryMb: 512, timeoutSeconds: 15, access: { table: 'readWrite' } },
  },
];
