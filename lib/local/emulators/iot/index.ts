/**
 * The local stand-in for AWS IoT Core, started by the local stack:
 * - a certificate authority generated at each start ({@link LocalCertificateAuthority});
 * - the IoT control plane the real `@aws-sdk/client-iot` talks to (`AWS_ENDPOINT_URL_IOT`),
 *   with the app model's device policy created in it;
 * - the MQTT broker on `mqtts://localhost:8883`, mutual TLS and IoT policy checks;
 * - the rules engine applying the model's IoT rules to what devices publish, with its
 *   error queues created on the local SQS.
 */
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { devicePolicyDocument } from '#lib/model/iot-rules';
import { localClientConfig } from '../aws-clients';
import type { IotRuleDecl } from '#lib/model/types';
import { startMqttBroker } from './broker';
import { LocalCertificateAuthority } from './certificate-authority';
import { startIotControlPlane, type LocalDeviceConnection } from './control-plane';
import { IotRegistry } from './registry';
import { RulesEngine, type FunctionRunner, type RulesEngineStats } from './rules-engine';

export { IotRegistry } from './registry';
export { RulesEngine } from './rules-engine';

export interface LocalIotOptions {
  readonly rules: readonly IotRuleDecl[];
  /** Name of the device policy created in the stand-in (`IOT_DEVICE_POLICY`). */
  readonly devicePolicyName: string;
  /** The local SQS endpoint (fauxqs). */
  readonly sqsEndpoint: string;
  /** URLs of the model's queues, by name. */
  readonly queueUrls: Readonly<Record<string, string>>;
  readonly functions: FunctionRunner;
  /** MQTT port on 127.0.0.1. @default 8883; 0 picks a free one */
  readonly mqttPort?: number;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  /** Waits before Lambda's retries of a failed rule function. @default [1000, 2000] */
  readonly retryDelaysMs?: readonly number[];
  /** Prefix of the error queues' SQS names, for a second stand-in on a shared SQS (tests). @default '' */
  readonly errorQueuePrefix?: string;
  /** @default console.warn */
  readonly log?: (message: string, detail?: unknown) => void;
}

export interface LocalIot {
  /** `http://127.0.0.1:{port}`: `AWS_ENDPOINT_URL_IOT`. */
  readonly endpoint: string;
  /** `mqtts://localhost:{port}`. */
  readonly mqttUrl: string;
  readonly mqttPort: number;
  /** The local CA devices verify the broker with (the local Amazon Root CA 1). */
  readonly caCertificatePem: string;
  readonly devicePolicyName: string;
  /** URLs of the rules' error queues, by name (e.g. `iot-errors`). */
  readonly errorQueueUrls: Readonly<Record<string, string>>;
  readonly registry: IotRegistry;
  readonly stats: RulesEngineStats;
  /** Resolves when the rule actions started so far have finished. */
  idle(): Promise<void>;
  connectedClients(): string[];
  stop(): Promise<void>;
}

export async function startLocalIot(options: LocalIotOptions): Promise<LocalIot> {
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch((e: unknown) => console.error('[iot] stop failed:', e));
  };
  try {
    const sqs = new SQSClient(localClientConfig(options.sqsEndpoint));
    stoppers.push(async () => sqs.destroy());
    const ca = await LocalCertificateAuthority.create();
    // Its key pair is generated while the queues and the control plane start.
    const serverCertificate = ca.issueServerCertificate();
    serverCertificate.catch(() => undefined);
    const registry = new IotRegistry({ ca, region: options.region, accountId: options.accountId, dataEndpoint: 'localhost' });
    registry.createPolicy(options.devicePolicyName, devicePolicyDocument(registry.arnPrefix));

    // IoT error queues: no DLQ (they are the end of the line), kept as long as SQS allows.
    const errorQueueUrls: Record<string, string> = {};
    for (const name of new Set(options.rules.map((r) => r.errorAction.queue))) {
      const out = await sqs.send(new CreateQueueCommand({ QueueName: `${options.errorQueuePrefix ?? ''}${name}`, Attributes: { MessageRetentionPeriod: String(14 * 86_400) } }));
      errorQueueUrls[name] = out.QueueUrl!;
    }

    const engine = new RulesEngine({
      rules: options.rules,
      sqs,
      queueUrls: { ...options.queueUrls, ...errorQueueUrls },
      functions: options.functions,
      ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.accountId ? { accountId: options.accountId } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    stoppers.push(() => engine.stop());

    let connection: LocalDeviceConnection | undefined;
    const controlPlane = await startIotControlPlane(registry, 0, () => connection);
    stoppers.push(controlPlane.stop);

    const server = await serverCertificate;
    const broker = await startMqttBroker({
      registry,
      serverCertificatePem: server.certificatePem,
      serverPrivateKeyPem: server.keyPair.privateKey,
      caCertificatePem: ca.certificatePem,
      port: options.mqttPort ?? 8883,
      onMessage: (m) => engine.publish({ topic: m.topic, payload: m.payload, clientId: m.clientId, principal: m.certificateId, receivedAt: m.receivedAt }),
      ...(options.log ? { log: (m: string) => options.log!(m) } : {}),
    });
    // The broker stops before the engine (stoppers run in reverse), so no message arrives after.
    stoppers.push(broker.stop);
    connection = { mqttUrl: broker.url, caCertificatePem: ca.certificatePem, devicePolicyName: options.devicePolicyName };

    return {
      endpoint: controlPlane.endpoint,
      mqttUrl: broker.url,
      mqttPort: broker.port,
      caCertificatePem: ca.certificatePem,
      devicePolicyName: options.devicePolicyName,
      errorQueueUrls,
      registry,
      stats: engine.stats,
      idle: () => engine.idle(),
      connectedClients: () => broker.connectedClients(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
