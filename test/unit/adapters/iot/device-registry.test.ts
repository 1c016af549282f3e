/** The exact AWS IoT requests of the device registry adapter (SDK mocked: these are cloud calls). */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import {
  AttachPolicyCommand,
  AttachThingPrincipalCommand,
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
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AMAZON_ROOT_CA_1_PEM } from '#adapters/iot/amazon-root-ca';

const iot = mockClient(IoTClient);
let registry: typeof import('#adapters/iot/device-registry');

const CERT_ID = 'a'.repeat(64);
const CERT_ARN = `arn:aws:iot:eu-west-1:123456789012:cert/${CERT_ID}`;
const POLICY = 'hydrant-prod-devices';

beforeAll(async () => {
  vi.stubEnv('IOT_DEVICE_POLICY', POLICY);
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  registry = await import('#adapters/iot/device-registry');
});

beforeEach(() => iot.reset());

const calls = () => iot.calls().map((c) => [c.args[0].constructor.name, c.args[0].input]);

function happyProvisioning() {
  iot
    .on(DescribeEndpointCommand)
    .resolves({ endpointAddress: 'a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com' })
    .on(CreateThingCommand)
    .resolves({ thingName: 'PH_001', thingArn: 'arn:aws:iot:eu-west-1:123456789012:thing/PH_001', thingId: 't1' })
    .on(CreateKeysAndCertificateCommand)
    .resolves({
      certificateId: CERT_ID,
      certificateArn: CERT_ARN,
      certificatePem: '-----BEGIN CERTIFICATE-----\nMIIdevice\n-----END CERTIFICATE-----\n',
      keyPair: { PublicKey: 'pub', PrivateKey: '-----BEGIN RSA PRIVATE KEY-----\nMIIkey\n-----END RSA PRIVATE KEY-----\n' },
    })
    .on(AttachPolicyCommand)
    .resolves({})
    .on(AttachThingPrincipalCommand)
    .resolves({});
}

describe('provisionDevice', () => {
  it('creates the thing, an active certificate, attaches the device policy and the thing, and returns what the device needs', async () => {
    happyProvisioning();
    const credentials = await registry.provisionDevice('PH_001');
    expect(calls()).toEqual([
      ['DescribeEndpointCommand', { endpointType: 'iot:Data-ATS' }],
      ['CreateThingCommand', { thingName: 'PH_001' }],
      ['CreateKeysAndCertificateCommand', { setAsActive: true }],
      ['AttachPolicyCommand', { policyName: POLICY, target: CERT_ARN }],
      ['AttachThingPrincipalCommand', { thingName: 'PH_001', principal: CERT_ARN }],
    ]);
    expect(credentials).toEqual({
      thingName: 'PH_001',
      certificateId: CERT_ID,
      certificateArn: CERT_ARN,
      certificatePem: '-----BEGIN CERTIFICATE-----\nMIIdevice\n-----END CERTIFICATE-----\n',
      privateKey: '-----BEGIN RSA PRIVATE KEY-----\nMIIkey\n-----END RSA PRIVATE KEY-----\n',
      caCertificatePem: AMAZON_ROOT_CA_1_PEM,
      endpoint: 'a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com',
      port: 8883,
      url: 'mqtts://a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com:8883',
      clientId: 'PH_001',
      topic: 'hydrant/PH_001/telemetry',
    });
  });

  it('asks for the data endpoint once per execution environment', async () => {
    happyProvisioning();
    await registry.provisionDevice('PH_002');
    expect(iot.commandCalls(DescribeEndpointCommand)).toHaveLength(0); // cached by the first test
  });

  it('undoes the certificate and the thing when attaching the policy fails, and reports that failure', async () => {
    happyProvisioning();
    iot
      .on(AttachPolicyCommand)
      .rejects(new ResourceNotFoundException({ message: 'Policy hydrant-prod-devices not found', $metadata: {} }))
      .on(UpdateCertificateCommand)
      .resolves({})
      .on(DeleteCertificateCommand)
      .resolves({})
      .on(DeleteThingCommand)
      .resolves({});
    await expect(registry.provisionDevice('PH_003')).rejects.toThrow('Policy hydrant-prod-devices not found');
    expect(calls().slice(2)).toEqual([
      ['AttachPolicyCommand', { policyName: POLICY, target: CERT_ARN }],
      ['UpdateCertificateCommand', { certificateId: CERT_ID, newStatus: 'INACTIVE' }],
      ['DeleteCertificateCommand', { certificateId: CERT_ID }],
      ['DeleteThingCommand', { thingName: 'PH_003' }],
    ]);
  });

  it('also detaches the policy when attaching the thing fails', async () => {
    happyProvisioning();
    iot
      .on(AttachThingPrincipalCommand)
      .rejects(new InvalidRequestException({ message: 'throttled', $metadata: {} }))
      .on(DetachPolicyCommand)
      .resolves({})
      .on(UpdateCertificateCommand)
      .resolves({})
      .on(DeleteCertificateCommand)
      .resolves({})
      .on(DeleteThingCommand)
      .resolves({});
    await expect(registry.provisionDevice('PH_004')).rejects.toThrow('throttled');
    expect(calls().slice(3).map(([name]) => name)).toEqual([
      'AttachThingPrincipalCommand',
      'DetachPolicyCommand',
      'UpdateCertificateCommand',
      'DeleteCertificateCommand',
      'DeleteThingCommand',
    ]);
  });

  it('deletes only the thing when the certificate cannot be created, and keeps going when an undo step fails', async () => {
    happyProvisioning();
    iot.on(CreateKeysAndCertificateCommand).rejects(new Error('limit exceeded')).on(DeleteThingCommand).rejects(new Error('also down'));
    await expect(registry.provisionDevice('PH_005')).rejects.toThrow('limit exceeded');
    expect(calls().map(([name]) => name)).toEqual(['CreateThingCommand', 'CreateKeysAndCertificateCommand', 'DeleteThingCommand']);
  });
});

describe('revokeDevice', () => {
  it('deactivates, detaches, deletes the certificate, then deletes the thing', async () => {
    iot
      .on(DescribeCertificateCommand)
      .resolves({ certificateDescription: { certificateId: CERT_ID, certificateArn: CERT_ARN, status: 'ACTIVE' } })
      .on(UpdateCertificateCommand)
      .resolves({})
      .on(DetachThingPrincipalCommand)
      .resolves({})
      .on(DetachPolicyCommand)
      .resolves({})
      .on(DeleteCertificateCommand)
      .resolves({})
      .on(DeleteThingCommand)
      .resolves({});
    await registry.revokeDevice('PH_001', CERT_ID);
    expect(calls()).toEqual([
      ['DescribeCertificateCommand', { certificateId: CERT_ID }],
      ['UpdateCertificateCommand', { certificateId: CERT_ID, newStatus: 'INACTIVE' }],
      ['DetachThingPrincipalCommand', { thingName: 'PH_001', principal: CERT_ARN }],
      ['DetachPolicyCommand', { policyName: POLICY, target: CERT_ARN }],
      ['DeleteCertificateCommand', { certificateId: CERT_ID }],
      ['DeleteThingCommand', { thingName: 'PH_001' }],
    ]);
  });

  it('retries the deletes while IoT still sees the detached attachments (detaching is asynchronous)', async () => {
    iot
      .on(DescribeCertificateCommand)
      .resolves({ certificateDescription: { certificateArn: CERT_ARN } })
      .on(DeleteCertificateCommand)
      .rejectsOnce(new DeleteConflictException({ message: 'Things must be detached before deletion (arn: x)', $metadata: {} }))
      .resolves({})
      .on(DeleteThingCommand)
      .rejectsOnce(new InvalidRequestException({ message: 'Cannot delete. Thing PH_001 is still attached to one or more principals', $metadata: {} }))
      .resolves({});
    iot.on(UpdateCertificateCommand).resolves({}).on(DetachThingPrincipalCommand).resolves({}).on(DetachPolicyCommand).resolves({});
    await registry.revokeDevice('PH_001', CERT_ID);
    expect(iot.commandCalls(DeleteCertificateCommand)).toHaveLength(2);
    expect(iot.commandCalls(DeleteThingCommand)).toHaveLength(2);
  });

  it('is idempotent: a certificate already gone only leaves the thing to delete', async () => {
    iot.on(DescribeCertificateCommand).rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} })).on(DeleteThingCommand).resolves({});
    await registry.revokeDevice('PH_001', CERT_ID);
    expect(calls().map(([name]) => name)).toEqual(['DescribeCertificateCommand', 'DeleteThingCommand']);
  });

  it('does not swallow other failures', async () => {
    iot
      .on(DescribeCertificateCommand)
      .resolves({ certificateDescription: { certificateArn: CERT_ARN } })
      .on(UpdateCertificateCommand)
      .rejects(new InvalidRequestException({ message: 'bad id', $metadata: {} }));
    await expect(registry.revokeDevice('PH_001', CERT_ID)).rejects.toThrow('bad id');
    expect(iot.commandCalls(DeleteThingCommand)).toHaveLength(0);
  });
});

describe('Amazon Root CA 1', () => {
  it('is the certificate of that name in Node’s root store', () => {
    const embedded = new X509Certificate(AMAZON_ROOT_CA_1_PEM);
    expect(embedded.subject).toBe('C=US\nO=Amazon\nCN=Amazon Root CA 1');
    const fromNode = rootCertificates.map((pem) => new X509Certificate(pem)).find((c) => c.subject === embedded.subject);
    expect(fromNode?.fingerprint256).toBe(embedded.fingerprint256);
  });
});
