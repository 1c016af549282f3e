/**
 * `npm run simulate`: demo devices for the local stack. Logs in as the demo admin,
 * registers the demo sensors through `POST /v1/sensors` (or, without the sensors routes,
 * provisions them on the local IoT stand-in directly), then each device publishes
 * realistic readings over mqtts with the certificate it was given: pH, chlorine with a
 * daily cycle, pressure and flow following the morning and evening demand, reservoir
 * level, turbidity and acoustic leak noise, with anomalies (a pH excursion, a pressure
 * drop, a chlorine spike...) early enough to raise the demo alerts within a minute or two.
 *
 *   npm run simulate -- [--seconds N] [--interval S] [--api http://localhost:3000] [--iot-endpoint URL]
 *                       [--network | --network-only] [--history-nights N] [--leak-night YYYY-MM-DD] [--leak-rate M3H] [--seed S]
 *
 * `--network` adds the network scenario (lib/local/simulator/demo-zone.ts): a district
 * metered area on the network site with an inlet and an outlet meter (FLOW_IN_DMA,
 * FLOW_OUT_DMA), created if absent; the meters first upload `--history-nights` nights
 * (default 42) of hourly flows, with realistic diurnal demand, night use and noise, then
 * publish live. `--leak-night` starts a leak on that local night (Europe/Paris) at
 * `--leak-rate` m³/h (default 20 % of the zone's night flow); the nightly leak detection
 * (06:00 UTC) then raises it. `--seed` draws another zone. `--network-only`: the zone's
 * meters without the other demo devices.
 *
 * Local only: refuses any API or broker that is not on this machine.
 */
import { parseArgs } from 'node:util';
import { connectAsync, type MqttClient } from 'mqtt';
import { DEMO_API_KEY, DEMO_PASSWORD, DEMO_SITES } from '#lib/local/bootstrap/demo-data';
import { ANOMALY_OF_KIND, AnomalySchedule, readingOf } from '#lib/local/simulator/signals';
import { DEMO_ZONE_METERS, DEMO_ZONE_NAME, planDemoZone, type DemoZonePlan } from '#lib/local/simulator/demo-zone';
import { hourFlows } from '#lib/local/simulator/network';
import { MAX_INGEST_READINGS } from '#lib/model/schemas/telemetry';
import { PHYSICAL_RANGES } from '#domain/telemetry/sensor-kinds';
import type { SensorKind } from '#domain/telemetry/types';
import type * as z from 'zod';
import type { MqttCredentials as MqttCredentialsSchema } from '#lib/model/schemas/sensors';

interface DemoSensor {
  readonly id: string;
  readonly kind: SensorKind;
  /** Key of the demo site (see demo-data). */
  readonly site: (typeof DEMO_SITES)[number]['key'];
}

const DEMO_SENSORS: readonly DemoSensor[] = [
  { id: 'PH_001', kind: 'ph', site: 'acme-plant' },
  { id: 'CL_001', kind: 'chlorine', site: 'acme-plant' },
  { id: 'TURB_001', kind: 'turbidity', site: 'acme-plant' },
  { id: 'LEVEL_001', kind: 'level', site: 'acme-reservoir' },
  { id: 'PRESS_001', kind: 'pressure', site: 'network' },
  { id: 'FLOW_001', kind: 'flow', site: 'network' },
  { id: 'ACOUSTIC_001', kind: 'acoustic', site: 'network' },
];

type MqttCredentials = z.infer<typeof MqttCredentialsSchema>;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function requireLocal(url: string, what: string): void {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) throw new Error(`${what} ${url} is not on this machine: the simulator only talks to the local stack`);
}

class Api {
  private token = '';
  constructor(private readonly base: string) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        'x-api-key': DEMO_API_KEY,
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text };
  }

  async login(): Promise<void> {
    const res = await this.call('POST', '/v1/auth/login', { username: 'admin@hydrant.local', password: DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`Login as admin@hydrant.local failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.token = res.body.access_token;
  }
}

/** Registers a sensor and returns its MQTT credentials; `undefined` when the API has no sensors routes. */
async function registerSensor(api: Api, sensor: DemoSensor, siteId: string, intervalSeconds: number): Promise<MqttCredentials | undefined> {
  const body = { id: sensor.id, kind: sensor.kind, unit: PHYSICAL_RANGES[sensor.kind].unit, siteId, sampleIntervalSeconds: Math.max(1, Math.round(intervalSeconds)) };
  let res = await api.call('POST', '/v1/sensors', body);
  if (res.status === 409) {
    // A device's private key is answered only once: register it again to get new credentials.
    console.log(`  ${sensor.id} exists already: registering it again for new credentials`);
    const deleted = await api.call('DELETE', `/v1/sensors/${sensor.id}`);
    if (deleted.status !== 204 && deleted.status !== 404) throw new Error(`DELETE /v1/sensors/${sensor.id}: ${deleted.status} ${JSON.stringify(deleted.body)}`);
    res = await api.call('POST', '/v1/sensors', body);
  }
  if ((res.status === 404 || res.status === 405) && !(res.body && typeof res.body === 'object' && 'mqtt' in res.body)) {
    if (res.body?.code === 'VALIDATION_FAILED') throw new Error(`POST /v1/sensors: ${JSON.stringify(res.body)}`);
    return undefined;
  }
  if (res.status !== 201) throw new Error(`POST /v1/sensors (${sensor.id}): ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.mqtt as MqttCredentials;
}

/** Without the sensors routes: the device registry adapter against the local IoT stand-in. */
async function provisionDirectly(iotEndpoint: string, sensorId: string): Promise<MqttCredentials> {
  requireLocal(iotEndpoint, 'The IoT endpoint');
  if (!process.env.IOT_DEVICE_POLICY) {
    const res = await fetch(`${iotEndpoint}/_local/device-connection`);
    if (!res.ok) throw new Error(`${iotEndpoint} is not the local IoT stand-in (${res.status})`);
    const info = (await res.json()) as { mqttUrl: string; caCertificatePem: string; devicePolicyName: string };
    Object.assign(process.env, {
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_IOT: iotEndpoint,
      IOT_DEVICE_POLICY: info.devicePolicyName,
      IOT_MQTT_PORT: new URL(info.mqttUrl).port,
      IOT_CA_CERTIFICATE_PEM: info.caCertificatePem,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
  }
  const { provisionDevice } = await import('#adapters/iot/device-registry');
  const device = await provisionDevice(sensorId);
  return { url: device.url, clientId: device.clientId, topic: device.topic, certificatePem: device.certificatePem, privateKey: device.privateKey, caCertificatePem: device.caCertificatePem };
}

/**
 * The network scenario's set-up through the API: the zone created if absent (on the network
 * site, with the meters just registered), then the meters' history uploaded in batches.
 */
async function setUpDemoZone(api: Api, siteId: string, plan: DemoZonePlan): Promise<string> {
  const zones = await api.call('GET', `/v1/zones?siteId=${siteId}&limit=100`);
  if (zones.status !== 200) throw new Error(`GET /v1/zones: ${zones.status} ${JSON.stringify(zones.body)}`);
  let zone = (zones.body.data as { id: string; name: string }[]).find((z) => z.name === DEMO_ZONE_NAME);
  if (!zone) {
    const res = await api.call('POST', '/v1/zones', { ...plan.zone, siteId });
    if (res.status !== 201) throw new Error(`POST /v1/zones: ${res.status} ${JSON.stringify(res.body)}`);
    zone = res.body as { id: string; name: string };
    console.log(`  zone ${DEMO_ZONE_NAME} created (${zone.id}, ${plan.zone.serviceConnections} connections)`);
  } else {
    console.log(`  zone ${DEMO_ZONE_NAME} exists (${zone.id})`);
  }
  for (let k = 0; k < plan.history.length; k += MAX_INGEST_READINGS) {
    const readings = plan.history.slice(k, k + MAX_INGEST_READINGS).map((r) => ({ sensorId: r.sensorId, ts: r.ts, value: r.value, unit: PHYSICAL_RANGES.flow.unit }));
    const res = await api.call('POST', '/v1/telemetry', { readings });
    if (res.status >= 300) throw new Error(`POST /v1/telemetry: ${res.status} ${JSON.stringify(res.body)}`);
  }
  console.log(`  ${plan.history.length} hourly readings uploaded${plan.leak ? `; leak from the night of ${plan.leak.night} at ${plan.leak.rateM3h.toFixed(2)} m³/h` : ', no leak'}`);
  console.log(`  night line: GET /v1/zones/${zone.id}/night-flow and /v1/zones/${zone.id}/night-flow.svg (leak detection runs at 06:00 UTC)`);
  return zone.id;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string' },
      interval: { type: 'string', default: '5' },
      api: { type: 'string', default: `http://localhost:${process.env.HYDRANT_PORT ?? 3000}` },
      'iot-endpoint': { type: 'string' },
      network: { type: 'boolean', default: false },
      'network-only': { type: 'boolean', default: false },
      'history-nights': { type: 'string', default: '42' },
      'leak-night': { type: 'string' },
      'leak-rate': { type: 'string' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm run simulate -- [--seconds N] [--interval S] [--api http://localhost:3000] [--iot-endpoint URL]');
    console.log('                            [--network | --network-only] [--history-nights N] [--leak-night YYYY-MM-DD] [--leak-rate M3H] [--seed S]');
    return;
  }
  const plan = values.network || values['network-only']
    ? planDemoZone(
        {
          seed: Number(values.seed),
          nights: Number(values['history-nights']),
          leakNight: values['leak-night'] ?? null,
          leakRateM3h: values['leak-rate'] === undefined ? null : Number(values['leak-rate']),
        },
        Date.now(),
      )
    : undefined;
  if (plan && !(Number(values['history-nights']) >= 0 && Number(values['history-nights']) <= 366)) throw new Error('--history-nights must be between 0 and 366');
  if (values['leak-rate'] !== undefined && !(Number(values['leak-rate']) > 0)) throw new Error('--leak-rate must be a positive flow in m³/h');
  const seconds = values.seconds === undefined ? Infinity : Number(values.seconds);
  const interval = Number(values.interval);
  if (!(seconds > 0) || !(interval >= 0.2)) throw new Error('--seconds must be positive and --interval at least 0.2');
  requireLocal(values.api, 'The API');

  const api = new Api(values.api);
  await api.login();
  const sites = await api.call('GET', '/v1/sites?limit=100');
  if (sites.status !== 200) throw new Error(`GET /v1/sites: ${sites.status}`);
  const siteIdOf = new Map((sites.body.data as { id: string; name: string }[]).map((s) => [s.name, s.id]));

  const sensors: DemoSensor[] = [
    ...(values['network-only'] ? [] : DEMO_SENSORS),
    ...(plan
      ? [
          { id: DEMO_ZONE_METERS.inlet, kind: 'flow', site: 'network' } as const,
          { id: DEMO_ZONE_METERS.outlet, kind: 'flow', site: 'network' } as const,
        ]
      : []),
  ];
  console.log(`Registering ${sensors.length} demo sensors...`);
  const devices: { sensor: DemoSensor; credentials: MqttCredentials; client: MqttClient }[] = [];
  let direct = false;
  let stopping = false;
  for (const sensor of sensors) {
    const siteName = DEMO_SITES.find((s) => s.key === sensor.site)!.name;
    const siteId = siteIdOf.get(siteName);
    if (!siteId) throw new Error(`The demo site "${siteName}" is missing: start the stack with its demo data (npm start)`);
    let credentials = direct ? undefined : await registerSensor(api, sensor, siteId, interval);
    if (!credentials) {
      const endpoint = values['iot-endpoint'] ?? process.env.AWS_ENDPOINT_URL_IOT;
      if (!endpoint) throw new Error('The API has no sensors routes: give the local IoT control plane with --iot-endpoint (printed by npm start)');
      if (!direct) console.log(`  no sensors routes: provisioning on the local IoT stand-in ${endpoint}`);
      direct = true;
      credentials = await provisionDirectly(endpoint, sensor.id);
    }
    requireLocal(credentials.url, 'The MQTT broker');
    const client = await connectAsync(credentials.url, {
      clientId: credentials.clientId,
      cert: credentials.certificatePem,
      key: credentials.privateKey,
      ca: credentials.caCertificatePem,
      protocolVersion: 4,
      reconnectPeriod: 2000,
    });
    client.on('error', (error) => {
      if (!stopping) console.error(`  ${sensor.id}: ${error.message}`);
    });
    devices.push({ sensor, credentials, client });
    console.log(`  ${sensor.id.padEnd(13)} ${sensor.kind.padEnd(10)} → ${credentials.url} ${credentials.topic}`);
  }

  if (plan) {
    console.log('Network scenario:');
    await setUpDemoZone(api, siteIdOf.get(DEMO_SITES.find((site) => site.key === 'network')!.name)!, plan);
  }
  /** The zone's meters publish the scenario's flows (null: a missing reading, nothing sent). */
  const scenarioValue = (sensorId: string, now: number): number | null | undefined => {
    if (!plan || (sensorId !== DEMO_ZONE_METERS.inlet && sensorId !== DEMO_ZONE_METERS.outlet)) return undefined;
    const flows = hourFlows(plan.scenario, now);
    const value = sensorId === DEMO_ZONE_METERS.inlet ? flows.inletM3h : flows.outletM3h;
    return value === null ? null : Math.round(value * 1000) / 1000;
  };

  const started = Date.now();
  const anomalies = new AnomalySchedule(Math.random, started);
  const wasAnomalous = new Set<string>();
  let published = 0;
  let tick = 0;
  console.log(`Publishing every ${interval} s${Number.isFinite(seconds) ? ` for ${seconds} s` : ''} (Ctrl-C to stop)`);

  const publishAll = async () => {
    const now = Date.now();
    const line: string[] = [];
    await Promise.all(
      devices.map(async ({ sensor, credentials, client }) => {
        const anomaly = ANOMALY_OF_KIND[sensor.kind];
        const active = anomalies.active(sensor.id, anomaly, now, interval);
        if (active && !wasAnomalous.has(sensor.id)) console.log(`  ⚠ ${sensor.id}: ${anomaly} starts`);
        if (!active && wasAnomalous.has(sensor.id)) console.log(`  ✓ ${sensor.id}: ${anomaly} is over`);
        if (active) wasAnomalous.add(sensor.id);
        else wasAnomalous.delete(sensor.id);
        const unit = PHYSICAL_RANGES[sensor.kind].unit;
        let payload: unknown;
        const simulated = scenarioValue(sensor.id, now);
        if (simulated === null) return;
        if (simulated !== undefined) {
          payload = { ts: new Date(now).toISOString(), value: simulated, quality: 'GOOD', unit };
          line.push(`${sensor.id} ${simulated} ${unit}`);
        } else if (sensor.kind === 'acoustic') {
          // The acoustic logger samples twice per period and sends both in one message.
          const half = now - (interval * 1000) / 2;
          const readings = [half, now].map((ts) => ({ ts, ...readingOf(sensor.kind, new Date(ts), Math.random, active), unit }));
          payload = { readings };
          line.push(`${sensor.id} ${readings[1]!.value} ${unit}`);
        } else {
          const reading = readingOf(sensor.kind, new Date(now), Math.random, active);
          payload = { ts: new Date(now).toISOString(), ...reading, unit };
          line.push(`${sensor.id} ${reading.value} ${unit}`);
        }
        if (!client.connected) return;
        await client.publishAsync(credentials.topic, JSON.stringify(payload), { qos: 1 });
        published++;
      }),
    );
    if (tick++ % 6 === 0) console.log(`${new Date(now).toLocaleTimeString()}  ${line.join(' | ')}`);
  };

  let timer: NodeJS.Timeout | undefined;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    clearTimeout(timer);
    await Promise.all(devices.map((d) => d.client.endAsync().catch(() => undefined)));
    console.log(`${why}: ${published} messages published by ${devices.length} devices in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  };
  process.on('SIGINT', () => void stop('Stopped'));
  process.on('SIGTERM', () => void stop('Stopped'));

  while (!stopping && Date.now() - started < seconds * 1000) {
    const next = Date.now() + interval * 1000;
    await publishAll().catch((error: unknown) => console.error('publish failed:', (error as Error).message));
    await new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, Math.min(next, started + seconds * 1000) - Date.now()));
    });
  }
  await stop('Done');
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
