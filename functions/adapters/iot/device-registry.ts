/**
 * Device identities in AWS IoT Core: the secondary adapter the sensors routes use to give
 * a sensor its thing, certificate and private key, and to take them away again. The
 * client is created once per execution environment; its endpoint comes from the SDK's
 * standard configuration (`AWS_ENDPOINT_URL_IOT` locally, where `lib/local/emulators/iot` answers
 * with a local CA). Configuration, read once at cold start:
 * - `IOT_DEVICE_POLICY`: the IoT policy every device certificate gets (set by the CDK
 *   stack from the stage, and by the local stack);
 * - `IOT_MQTT_PORT` (default 8883) and `IOT_CA_CERTIFICATE_PEM` (default Amazon Root
 *   CA 1): only the local stack overrides them (its broker's port and local CA).
 */
import {
  AttachPolicyCommand,
  AttachThingPrincipalCommand,
  CertificateStateException,
  CreateKeysAndCertificateCommand,
  CreateThingCommand,
  DeleteCertificateCommand,
  DeleteConflictException,
  DeleteThingCommand,
  DescribeCertificateCommand,
  DescribeEndpointCommand,
  DetachPolicyCommand,
  DetachThingPrincipalCommand,
  InvalidRequestException,
  IoTClient,
  ResourceNotFoundException,
  UpdateCertificateCommand,
} from '@aws-sdk/client-iot';
import * as z from 'zod';
import { readEnv } from '#platform/config';
import { logger } from '#platform/observability';
import { AMAZON_ROOT_CA_1_PEM } from './amazon-root-ca';

const env = readEnv({
  IOT_DEVICE_POLICY: z.string().regex(/^[\w+=,.@-]{1,128}$/, 'an IoT policy name'),
  IOT_MQTT_PORT: z.coerce.number().int().min(1).max(65_535).default(8883),
  IOT_CA_CERTIFICATE_PEM: z.string().includes('-----BEGIN CERTIFICATE-----').default(AMAZON_ROOT_CA_1_PEM),
});

export const iotClient = new IoTClient({});

/** Everything a device needs to connect, returned once when its sensor is registered. */
export interface DeviceCredentials {
  /** The IoT thing, named after the sensor. */
  readonly thingName: string;
  readonly certificateId: string;
  readonly certificateArn: string;
  /** The device's X.509 certificate (PEM). */
  readonly certificatePem: string;
  /** The device's private key (PEM). IoT returns it only once and Hydrant does not keep it. */
  readonly privateKey: string;
  /** The CA that signs the broker's certificate: Amazon Root CA 1 in the cloud, the local CA locally. */
  readonly caCertificatePem: string;
  /** The MQTT broker's host: the account's IoT data endpoint (ATS). */
  readonly endpoint: string;
  /** 8883 (MQTT over TLS with client certificates). */
  readonly port: number;
  /** `mqtts://<endpoint>:<port>`. */
  readonly url: string;
  /** The MQTT client id the device must connect with: its thing name (the device policy requires it). */
  readonly clientId: string;
  /** The only topic the device may publish to. */
  readonly topic: string;
}

let dataEndpoint: Promise<string> | undefined;

/** The account's ATS data endpoint, asked once per execution environment (a failure is not cached). */
function describeDataEndpoint(): Promise<string> {
  dataEndpoint ??= iotClient.send(new DescribeEndpointCommand({ endpointType: 'iot:Data-ATS' })).then(
    (out) => {
      if (!out.endpointAddress) throw new Error('DescribeEndpoint answered no endpointAddress');
      return out.endpointAddress;
    },
    (error: unknown) => {
      dataEndpoint = undefined;
      throw error;
    },
  );
  return dataEndpoint;
}

/**
 * Gives a sensor its device identity:
 * 1. finds the data endpoint (first, so nothing is created when IoT is unreachable);
 * 2. creates the thing `sensorId`;
 * 3. creates an active certificate with a new key pair;
 * 4. attaches the device policy to the certificate;
 * 5. attaches the certificate to the thing.
 * When a step fails, what the earlier steps made is undone (certificate deactivated,
 * detached and deleted; thing deleted) and the first failure is thrown.
 */
export async function provisionDevice(sensorId: string): Promise<DeviceCredentials> {
  const endpoint = await describeDataEndpoint();
  const undo: (() => Promise<unknown>)[] = [];
  try {
    await iotClient.send(new CreateThingCommand({ thingName: sensorId }));
    undo.push(() => iotClient.send(new DeleteThingCommand({ thingName: sensorId })));

    const cert = await iotClient.send(new CreateKeysAndCertificateCommand({ setAsActive: true }));
    const { certificateId, certificateArn, certificatePem } = cert;
    const privateKey = cert.keyPair?.PrivateKey;
    if (!certificateId || !certificateArn || !certificatePem || !privateKey) {
      throw new Error('CreateKeysAndCertificate answered without a certificate or private key');
    }
    undo.push(
      () => iotClient.send(new DeleteCertificateCommand({ certificateId })),
      () => iotClient.send(new UpdateCertificateCommand({ certificateId, newStatus: 'INACTIVE' })),
    );

    await iotClient.send(new AttachPolicyCommand({ policyName: env.IOT_DEVICE_POLICY, target: certificateArn }));
    undo.push(() => iotClient.send(new DetachPolicyCommand({ policyName: env.IOT_DEVICE_POLICY, target: certificateArn })));

    await iotClient.send(new AttachThingPrincipalCommand({ thingName: sensorId, principal: certificateArn }));

    const port = env.IOT_MQTT_PORT;
    return {
      thingName: sensorId,
      certificateId,
      certificateArn,
      certificatePem,
      privateKey,
      caCertificatePem: env.IOT_CA_CERTIFICATE_PEM,
      endpoint,
      port,
      url: `mqtts://${endpoint}:${port}`,
      clientId: sensorId,
      topic: `hydrant/${sensorId}/telemetry`,
    };
  } catch (error) {
    // Newest first: the certificate is deactivated before it is deleted, the thing goes last.
    for (const step of undo.reverse()) {
      try {
        await withRetries(step);
      } catch (undoError) {
        logger.error('Could not undo a step of a failed device provisioning; clean up by hand', { sensorId, error: undoError as Error });
      }
    }
    throw error;
  }
}

/**
 * Takes a sensor's device identity away; idempotent (what is already gone is skipped):
 * 1. deactivates the certificate, which cuts the device off at once;
 * 2. detaches it from the thing and from the device policy;
 * 3. deletes the certificate, then the thing.
 * IoT detaches asynchronously: a delete that still sees an attachment is retried briefly.
 */
export async function revokeDevice(sensorId: string, certificateId: string): Promise<void> {
  const certificateArn = await certificateArnOf(certificateId);
  if (certificateArn) {
    await ignoreNotFound(iotClient.send(new UpdateCertificateCommand({ certificateId, newStatus: 'INACTIVE' })));
    await ignoreNotFound(iotClient.send(new DetachThingPrincipalCommand({ thingName: sensorId, principal: certificateArn })));
    await ignoreNotFound(iotClient.send(new DetachPolicyCommand({ policyName: env.IOT_DEVICE_POLICY, target: certificateArn })));
    await ignoreNotFound(withRetries(() => iotClient.send(new DeleteCertificateCommand({ certificateId }))));
  }
  // DeleteThing succeeds for a thing that does not exist.
  await withRetries(() => iotClient.send(new DeleteThingCommand({ thingName: sensorId })));
}

/** The ARN the attachments name the certificate by; undefined when the certificate is gone. */
async function certificateArnOf(certificateId: string): Promise<string | undefined> {
  try {
    const out = await iotClient.send(new DescribeCertificateCommand({ certificateId }));
    return out.certificateDescription?.certificateArn;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
}

/** Waits between attempts of a delete that an attachment still blocks (about 4 s in all). */
export const DETACH_RETRY_DELAYS_MS: readonly number[] = [100, 300, 600, 1000, 2000];

/** Whether a failure is IoT still seeing an attachment that was just removed. */
function isPendingDetachment(error: unknown): boolean {
  if (error instanceof DeleteConflictException) return true;
  if (error instanceof CertificateStateException) return false;
  return error instanceof InvalidRequestException && /attached/i.test(error.message);
}

async function withRetries<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delay = DETACH_RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !isPendingDetachment(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
