/**
 * Devices over MQTT, through the local stack: a sensor registered through the API gets a
 * certificate from the local IoT stand-in, connects to `mqtts://localhost` with it (mutual
 * TLS), publishes, and the model's IoT rules store the reading (queryable through the
 * API). The broker enforces the device policy like IoT Core: another device's topic,
 * another client id, no certificate, another CA, a deactivated or revoked certificate are
 * all refused.
 *
 * A burst of one device (thousands of QoS-1 messages as fast as it can publish) goes
 * through the IoT rule, the `telemetry-ingest` queue and the batch worker and is stored
 * whole, counts exact.
 *
 * The queues of the shared stack are consumed by their workers, so their messages cannot be
 * read here without racing them: the rules engine's SQS actions, its output and its error
 * actions are checked on a second stand-in started by this file with the same rules (plus a
 * function rule, an action kind the engine keeps), on the stack's SQS (fauxqs), with queues
 * of its own.
 */
import { randomBytes } from 'node:crypto';
import { CreateQueueCommand, DeleteMessageBatchCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { IoTClient, UpdateCertificateCommand } from '@aws-sdk/client-iot';
import { connect as mqttConnect, type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalCertificateAuthority } from '#lib/local/emulators/iot/certificate-authority';
import { startLocalIot, type LocalIot } from '#lib/local/emulators/iot/index';
import { appModel } from '#lib/model/index';
import type { IotRuleDecl } from '#lib/model/types';
import { call, tokenFor } from '../support/api';

const env = inject('stackEnv');
Object.assign(process.env, env);
const registry = await import('#adapters/iot/device-registry');
const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! };
const iotControl = new IoTClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL_IOT, credentials });
const sqs = new SQSClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL_SQS, credentials });

const sensorId = (prefix: string) => `${prefix}_${randomBytes(4).toString('hex').toUpperCase()}`;
const open: MqttClient[] = [];

interface DeviceAuth {
  readonly url: string;
  readonly clientId: string;
  readonly certificatePem: string;
  readonly privateKey: string;
  readonly caCertificatePem: string;
}

function options(device: DeviceAuth, overrides: Partial<IClientOptions> = {}): IClientOptions {
  return {
    clientId: device.clientId,
    cert: device.certificatePem,
    key: device.privateKey,
    ca: device.caCertificatePem,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...overrides,
  };
}

/**
 * Connects once (no reconnection); rejects when the broker refuses: a TLS alert, a
 * CONNACK refusal, or a connection closed before CONNACK (a refused client certificate
 * under TLS 1.3 shows up only after the client thinks the handshake is done).
 */
function connectOnce(url: string, opts: IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqttConnect(url, opts);
    open.push(client);
    const fail = (error: Error) => {
      client.end(true);
      reject(error);
    };
    client.once('connect', () => {
      client.off('error', fail);
      resolve(client);
    });
    client.once('error', fail);
    client.once('close', () => fail(new Error('connection closed before CONNACK')));
  });
}

const connect = (device: DeviceAuth, overrides: Partial<IClientOptions> = {}) => connectOnce(device.url, options(device, overrides));

/** Resolves with the error when the broker refuses the connection (TLS handshake or CONNACK). */
async function refusal(device: DeviceAuth, overrides: Partial<IClientOptions> = {}): Promise<Error> {
  try {
    await connect(device, overrides);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the broker accepted the connection');
}

function closed(client: MqttClient, timeoutMs = 5000): Promise<void> {
  if (!client.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the broker did not close the connection')), timeoutMs);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

afterAll(async () => {
  await Promise.all(open.map((c) => c.endAsync(true).catch(() => undefined)));
  iotControl.destroy();
  sqs.destroy();
});

describe('a sensor registered through the API', () => {
  let token: string;
  let siteId: string;
  beforeAll(async () => {
    token = await tokenFor('admin@hydrant.local');
    const sites = await call('GET', '/v1/sites', { token });
    siteId = sites.body.data[0].id;
  });

  it('publishes over mqtts with the credentials it got; the reading becomes queryable; deleting the sensor cuts the device off', async () => {
    const id = sensorId('MQ_PH');
    const created = await call('POST', '/v1/sensors', { token, body: { id, kind: 'ph', unit: 'pH', siteId, sampleIntervalSeconds: 60 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { mqtt } = created.body;
    expect(mqtt).toMatchObject({ url: expect.stringMatching(/^mqtts:\/\/localhost:\d+$/), clientId: id, topic: `hydrant/${id}/telemetry` });

    const device = await connect(mqtt);
    const ts = Date.now() - 1000;
    const publishedAt = performance.now();
    await device.publishAsync(mqtt.topic, JSON.stringify({ ts, value: 7.21, quality: 'GOOD' }), { qos: 1 });

    const query = `/v1/sensors/${id}/readings?from=${new Date(ts - 60_000).toISOString()}&to=${new Date(ts + 60_000).toISOString()}&interval=raw`;
    let points: { ts: string; value: number }[] = [];
    for (let i = 0; i < 100 && points.length === 0; i++) {
      const readings = await call('GET', query, { token });
      expect(readings.status, JSON.stringify(readings.body)).toBe(200);
      points = readings.body.points;
      if (points.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    const queryableMs = performance.now() - publishedAt;
    expect(points).toHaveLength(1);
    expect(points[0]!.value).toBe(7.21);
    expect(Date.parse(points[0]!.ts)).toBe(ts);
    console.info(`[mqtt] publish → queryable through the API: ${queryableMs.toFixed(0)} ms (polled every 100 ms)`);

    const deleted = await call('DELETE', `/v1/sensors/${id}`, { token });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    await closed(device);
    expect((await refusal(mqtt)).message).toMatch(/not authori[sz]ed|certificate|ECONNRESET|socket/i);
  });
});

describe("one device's burst", () => {
  it('stores 1500 QoS-1 readings published by one device as fast as it can, counts exact, through the telemetry-ingest queue', async () => {
    const token = await tokenFor('admin@hydrant.local');
    const siteId = (await call('GET', '/v1/sites', { token })).body.data[0].id;
    const id = sensorId('MQ_BURST');
    const created = await call('POST', '/v1/sensors', { token, body: { id, kind: 'pressure', unit: 'bar', siteId, sampleIntervalSeconds: 1 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const device = await connect(created.body.mqtt);
    const n = 1500;
    // A transient capture at 1 kHz, one reading per message, published without waiting for each PUBACK.
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
    const values = Array.from({ length: n }, (_, i) => Math.round((3 + Math.sin(i / 50)) * 1000) / 1000);
    const startedAt = performance.now();
    await Promise.all(values.map((value, i) => device.publishAsync(created.body.mqtt.topic, JSON.stringify({ ts: t0 + i, value }), { qos: 1 })));
    const publishedMs = performance.now() - startedAt;

    const count = async () => {
      const out = await call('GET', `/v1/sensors/${id}/readings?from=${new Date(t0).toISOString()}&to=${new Date(t0 + 60_000).toISOString()}&interval=1m&agg=count`, { token });
      expect(out.status, JSON.stringify(out.body)).toBe(200);
      return (out.body.points as Array<{ value: number }>).reduce((s, p) => s + p.value, 0);
    };
    let stored = 0;
    for (let i = 0; i < 1000 && stored < n; i++) {
      stored = await count();
      if (stored < n) await new Promise((r) => setTimeout(r, 250));
    }
    const storedMs = performance.now() - startedAt;
    expect(stored).toBe(n);
    // Exact: no reading twice, the rollups agree with the raw points.
    const sum = await call('GET', `/v1/sensors/${id}/readings?from=${new Date(t0).toISOString()}&to=${new Date(t0 + 60_000).toISOString()}&interval=1h&agg=sum`, { token });
    expect(sum.body.points[0].value).toBeCloseTo(values.reduce((s, v) => s + v, 0), 6);
    const raw = await call('GET', `/v1/sensors/${id}/readings?from=${new Date(t0).toISOString()}&to=${new Date(t0 + 60_000).toISOString()}&interval=raw&limit=10000`, { token });
    expect(raw.body.points).toHaveLength(n);
    console.info(`[mqtt] one device's burst: ${n} QoS-1 readings published in ${publishedMs.toFixed(0)} ms, all stored after ${storedMs.toFixed(0)} ms (${((n / storedMs) * 1000).toFixed(0)} readings/s)`);
    // The rate is bench:ingest's business (a shared machine's load decides it here); completeness is this test's.
    // The other rule sent the burst to telemetry-events too: let the alert evaluator drain it, so no later test waits behind it.
    for (let i = 0; i < 600; i++) {
      const { Attributes: a = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: env.QUEUE_URL_TELEMETRY_EVENTS, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
      if (Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 300_000);
});

describe('the broker enforces the device policy', () => {
  let deviceA: Awaited<ReturnType<typeof registry.provisionDevice>>;
  let deviceB: Awaited<ReturnType<typeof registry.provisionDevice>>;
  beforeAll(async () => {
    [deviceA, deviceB] = await Promise.all([registry.provisionDevice(sensorId('MQ_A')), registry.provisionDevice(sensorId('MQ_B'))]);
  });
  afterAll(async () => {
    await Promise.all([deviceA, deviceB].map((d) => registry.revokeDevice(d.thingName, d.certificateId).catch(() => undefined)));
  });

  it('accepts a provisioned device on its own topic, and disconnects it when it publishes to another device’s topic', async () => {
    const client = await connect(deviceA);
    await client.publishAsync(deviceA.topic, JSON.stringify({ ts: Date.now(), value: 1 }), { qos: 1 });
    expect(client.connected).toBe(true);
    const gone = closed(client);
    client.publish(deviceB.topic, JSON.stringify({ ts: Date.now(), value: 666 }), { qos: 0 });
    await gone;
  });

  it('disconnects a device that publishes anywhere else, or retained', async () => {
    for (const [topic, retain] of [[`hydrant/${deviceA.thingName}/commands`, false], ['hydrant/+/telemetry', false], [deviceA.topic, true]] as const) {
      const client = await connect(deviceA);
      const gone = closed(client);
      client.publish(topic, '{}', { qos: 0, retain });
      await gone;
    }
  });

  it('refuses subscriptions', async () => {
    const client = await connect(deviceA);
    // SUBACK 0x80 (failure): mqtt.js rejects with the SUBACK packet.
    await expect(client.subscribeAsync('hydrant/#', { qos: 1 })).rejects.toMatchObject({ packet: { granted: [128] } });
    expect(client.connected).toBe(true);
  });

  it('refuses a certificate connecting with another device’s client id', async () => {
    expect((await refusal(deviceA, { clientId: deviceB.clientId })).message).toMatch(/Not authorized/);
  });

  it('refuses a connection without a client certificate, or with a certificate of another CA', async () => {
    const { cert, key, ...withoutCertificate } = options(deviceA);
    void cert;
    void key;
    const refusedWith = (opts: IClientOptions) =>
      connectOnce(deviceA.url, opts).then(
        () => 'accepted',
        (e: Error) => e.message,
      );
    expect(await refusedWith(withoutCertificate)).toMatch(/certificate required|closed before CONNACK|handshake/i);
    const rogue = await (await LocalCertificateAuthority.create('Rogue CA')).issueDeviceCertificate();
    expect(await refusedWith({ ...options(deviceA), cert: rogue.certificatePem, key: rogue.keyPair.privateKey })).toMatch(/unknown ca|closed before CONNACK|handshake/i);
  });

  it('cuts a device off when its certificate is deactivated, and lets it back when reactivated', async () => {
    const client = await connect(deviceB);
    const gone = closed(client);
    await iotControl.send(new UpdateCertificateCommand({ certificateId: deviceB.certificateId, newStatus: 'INACTIVE' }));
    await gone;
    expect((await refusal(deviceB)).message).toMatch(/Not authorized/);
    await iotControl.send(new UpdateCertificateCommand({ certificateId: deviceB.certificateId, newStatus: 'ACTIVE' }));
    expect((await connect(deviceB)).connected).toBe(true);
  });

  it('refuses a revoked device, connected or not', async () => {
    const device = await registry.provisionDevice(sensorId('MQ_R'));
    const client = await connect(device);
    const gone = closed(client);
    await registry.revokeDevice(device.thingName, device.certificateId);
    await gone;
    expect((await refusal(device)).message).toMatch(/Not authorized/);
  });
});

describe('the rules engine, on the stack’s SQS', () => {
  const suffix = randomBytes(3).toString('hex');
  const events: unknown[] = [];
  let behaviour: 'record' | 'throw' | 'unloadable' = 'record';
  let eventsQueueUrl: string;
  let ingestQueueUrl: string;
  let iot: LocalIot;
  // The engine's other action kind: a function invoked asynchronously with the rule output.
  const functionRule: IotRuleDecl = {
    name: 'telemetry_function',
    sql: appModel.iotRules[0]!.sql,
    actions: [{ kind: 'function', handler: 'workers/ingest-telemetry', fn: { timeoutSeconds: 30, access: { table: 'readWrite', telemetry: 'write' } } }],
    errorAction: { kind: 'queue', queue: 'iot-errors' },
  };
  const rules = [...appModel.iotRules, functionRule];

  const device = async (id: string): Promise<DeviceAuth & { topic: string }> => {
    iot.registry.createThing(id, {});
    const cert = await iot.registry.createKeysAndCertificate(true);
    iot.registry.attachPolicy(iot.devicePolicyName, cert.certificateArn);
    iot.registry.attachThingPrincipal(id, cert.certificateArn);
    return { url: iot.mqttUrl, clientId: id, topic: `hydrant/${id}/telemetry`, certificatePem: cert.certificatePem, privateKey: cert.keyPair.PrivateKey, caCertificatePem: iot.caCertificatePem };
  };

  const receive = async (queueUrl: string, count: number, timeoutMs = 10_000): Promise<{ message: Message; at: number }[]> => {
    const got: { message: Message; at: number }[] = [];
    const deadline = Date.now() + timeoutMs;
    while (got.length < count && Date.now() < deadline) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      const at = Date.now();
      const messages = out.Messages ?? [];
      got.push(...messages.map((message) => ({ message, at })));
      if (messages.length > 0) {
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      }
    }
    return got;
  };

  beforeAll(async () => {
    eventsQueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `mqtt-test-events-${suffix}` }))).QueueUrl!;
    ingestQueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `mqtt-test-ingest-${suffix}` }))).QueueUrl!;
    iot = await startLocalIot({
      rules,
      devicePolicyName: 'test-devices',
      sqsEndpoint: env.AWS_ENDPOINT_URL_SQS!,
      queueUrls: { 'telemetry-events': eventsQueueUrl, 'telemetry-ingest': ingestQueueUrl },
      errorQueuePrefix: `mqtt-test-${suffix}-`,
      mqttPort: 0,
      retryDelaysMs: [50, 50],
      log: () => undefined,
      functions: {
        load: async () => {
          if (behaviour === 'unloadable') throw new Error('Cannot find module functions/workers/ingest-telemetry.ts');
        },
        invoke: async (_name, _handler, _fn, event) => {
          if (behaviour === 'throw') throw new TypeError('store unavailable');
          events.push(event);
          return undefined;
        },
      },
    });
  });

  afterAll(async () => {
    await iot?.stop();
    for (const url of [eventsQueueUrl, ingestQueueUrl, ...Object.values(iot?.errorQueueUrls ?? {})]) if (url) await sqs.send(new DeleteQueueCommand({ QueueUrl: url })).catch(() => undefined);
  });

  it('sends the rule output to telemetry-ingest and telemetry-events and invokes the function with the same event; measures publish-to-queue latency', async () => {
    const id = sensorId('MQ_Q');
    const client = await connect(await device(id));
    const n = 30;
    const sentAt = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      sentAt.set(i, Date.now());
      await client.publishAsync(`hydrant/${id}/telemetry`, JSON.stringify({ ts: 1_767_225_600_000 + i * 60_000, value: 3 + i / 100, unit: 'bar', sensorId: 'SPOOFED' }), { qos: 1 });
    }
    const received = await receive(eventsQueueUrl, n);
    expect(received).toHaveLength(n);
    const bodies = received.map((r) => JSON.parse(r.message.Body!) as Record<string, unknown>);
    for (const body of bodies) {
      expect(Object.keys(body).sort()).toEqual(['receivedAt', 'sensorId', 'ts', 'unit', 'value']);
      expect(body.sensorId).toBe(id);
      expect(body.receivedAt).toEqual(expect.any(Number));
    }
    expect(bodies.map((b) => b.ts).sort()).toEqual([...sentAt.keys()].map((i) => 1_767_225_600_000 + i * 60_000));
    const ingested = (await receive(ingestQueueUrl, n)).map((r) => JSON.parse(r.message.Body!) as Record<string, unknown>);
    expect(ingested.sort((a, b) => (a.ts as number) - (b.ts as number))).toEqual([...bodies].sort((a, b) => (a.ts as number) - (b.ts as number)));
    await iot.idle();
    expect(events.filter((e) => (e as { sensorId: string }).sensorId === id).sort((a, b) => (a as { ts: number }).ts - (b as { ts: number }).ts)).toEqual(
      [...bodies].sort((a, b) => (a.ts as number) - (b.ts as number)),
    );
    const latencies = received.map((r, i) => r.at - (bodies[i]!.receivedAt as number));
    const endToEnd = received.map((r, i) => r.at - sentAt.get(((bodies[i]!.ts as number) - 1_767_225_600_000) / 60_000)!);
    console.info(
      `[mqtt] rule → telemetry-events (receivedAt → ReceiveMessage): p50 ${percentile(latencies, 50)} ms, max ${Math.max(...latencies)} ms; ` +
        `publish → ReceiveMessage: p50 ${percentile(endToEnd, 50)} ms, p95 ${percentile(endToEnd, 95)} ms over ${n} messages (1 s long polls)`,
    );
  });

  it('a payload that is not a JSON object runs no action', async () => {
    const id = sensorId('MQ_J');
    const client = await connect(await device(id));
    const before = iot.stats.unevaluated;
    await client.publishAsync(`hydrant/${id}/telemetry`, 'not json', { qos: 1 });
    await new Promise((r) => setTimeout(r, 200));
    expect(iot.stats.unevaluated).toBe(before + rules.length);
    expect(events.some((e) => (e as { sensorId: string }).sensorId === id)).toBe(false);
  });

  it('keeps what failed in the error queue: the IoT error message when the function cannot be invoked, the Lambda failure record after its retries', async () => {
    const errorQueueUrl = iot.errorQueueUrls['iot-errors']!;
    const id = sensorId('MQ_E');
    const client = await connect(await device(id));
    const payload = JSON.stringify({ ts: 1_767_225_600_000, value: 9 });

    const failedBefore = iot.stats.actionsFailed;
    behaviour = 'unloadable';
    await client.publishAsync(`hydrant/${id}/telemetry`, payload, { qos: 1 });
    await waitFor(() => iot.stats.actionsFailed === failedBefore + 1);
    behaviour = 'throw';
    await client.publishAsync(`hydrant/${id}/telemetry`, payload, { qos: 1 });
    await waitFor(() => iot.stats.actionsFailed === failedBefore + 2);
    behaviour = 'record';

    const failures = (await receive(errorQueueUrl, 2)).map((r) => JSON.parse(r.message.Body!) as Record<string, any>);
    expect(failures).toHaveLength(2);
    const iotError = failures.find((f) => 'ruleName' in f)!;
    expect(iotError).toMatchObject({ ruleName: 'telemetry_function', topic: `hydrant/${id}/telemetry`, clientId: id });
    expect(Buffer.from(iotError.base64OriginalPayload, 'base64').toString()).toBe(payload);
    expect(iotError.failures).toEqual([{ failedAction: 'LambdaAction', failedResource: expect.stringContaining(':function:'), errorMessage: expect.stringContaining('Cannot find module') }]);
    const lambdaFailure = failures.find((f) => 'requestContext' in f)!;
    expect(lambdaFailure).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { ts: 1_767_225_600_000, value: 9, sensorId: id, receivedAt: expect.any(Number) },
      responseContext: { functionError: 'Unhandled' },
      responsePayload: { errorType: 'TypeError', errorMessage: 'store unavailable' },
    });
    // The queue actions of the other rules were not affected.
    expect((await receive(eventsQueueUrl, 2)).length).toBe(2);
    expect((await receive(ingestQueueUrl, 2)).length).toBe(2);
  });
});
