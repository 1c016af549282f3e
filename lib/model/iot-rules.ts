/**
 * Devices and IoT rules of the app model. A device (one per sensor, thing name = sensor
 * id) publishes JSON readings to `hydrant/<sensorId>/telemetry`; two topic rules take them
 * from there: one sends them to the `telemetry-ingest` queue, whose worker stores them in
 * batches (telemetry store), one to the `telemetry-events` queue (alert evaluation). The CDK stack deploys these as
 * `AWS::IoT::TopicRule`s and `AWS::IoT::Policy`; the local stack applies the same SQL,
 * actions and policy in `lib/local/emulators/iot`.
 */
import type { IotRuleDecl } from './types';

/** The topic a device publishes its readings to. */
export const telemetryTopic = (sensorId: string): string => `hydrant/${sensorId}/telemetry`;

/**
 * The rule output both rules share: the device's JSON payload (`{ts, value, quality?,
 * unit?}` or `{readings: [...]}`) with the sensor id taken from the topic (so a payload
 * cannot claim another sensor's id: the alias comes last and wins) and the time IoT
 * received it (epoch ms).
 */
const TELEMETRY_SQL = "SELECT *, topic(2) AS sensorId, timestamp() AS receivedAt FROM 'hydrant/+/telemetry'";

export const iotRules: readonly IotRuleDecl[] = [
  {
    name: 'telemetry_store',
    sql: TELEMETRY_SQL,
    // The queue and its batch worker are declared with the telemetry routes (TELEMETRY_INGEST_QUEUE).
    actions: [{ kind: 'queue', queue: 'telemetry-ingest' }],
    errorAction: { kind: 'queue', queue: 'iot-errors' },
  },
  {
    name: 'telemetry_events',
    sql: TELEMETRY_SQL,
    actions: [{ kind: 'queue', queue: 'telemetry-events' }],
    errorAction: { kind: 'queue', queue: 'iot-errors' },
  },
];

/** The policy variable IoT Core sets to the connection's client id (a device connects with its thing name). */
export const THING_NAME_VARIABLE = '${iot:Connection.Thing.ThingName}';

/** One statement of the device policy; resources are relative to `arn:<partition>:iot:<region>:<account>:`. */
export interface DevicePolicyStatement {
  readonly actions: readonly ('iot:Connect' | 'iot:Publish' | 'iot:Subscribe' | 'iot:Receive')[];
  readonly resources: readonly string[];
}

/**
 * The IoT policy attached to every device certificate: a device may connect only with
 * its own thing name as client id, only while that thing is attached to the certificate
 * it presents, and may publish only to its own telemetry topic. Nothing else (no
 * subscribe, no receive, no shadow). Every statement has the condition
 * `Bool: { iot:Connection.Thing.IsAttached: true }`.
 */
export const devicePolicy: readonly DevicePolicyStatement[] = [
  { actions: ['iot:Connect'], resources: [`client/${THING_NAME_VARIABLE}`] },
  { actions: ['iot:Publish'], resources: [`topic/${telemetryTopic(THING_NAME_VARIABLE)}`] },
];

/** The device policy as an IoT policy document, for a given ARN prefix (`arn:aws:iot:eu-west-1:123456789012:`). */
export function devicePolicyDocument(arnPrefix: string): { Version: '2012-10-17'; Statement: Record<string, unknown>[] } {
  return {
    Version: '2012-10-17',
    Statement: devicePolicy.map((s) => ({
      Effect: 'Allow',
      Action: [...s.actions],
      Resource: s.resources.map((r) => `${arnPrefix}${r}`),
      Condition: { Bool: { 'iot:Connection.Thing.IsAttached': 'true' } },
    })),
  };
}
