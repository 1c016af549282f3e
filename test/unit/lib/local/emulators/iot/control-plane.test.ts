/**
 * The local IoT control plane speaks the protocol of the real `@aws-sdk/client-iot`:
 * every operation the device registry uses, answered and failing as IoT does (the SDK
 * deserialises the errors into its own exception classes).
 */
import {
  AttachPolicyCommand,
  AttachThingPrincipalCommand,
  CertificateStateException,
  CreateKeysAndCertificateCommand,
  CreatePolicyCommand,
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCertificateAuthority } from '#lib/local/emulators/iot/certificate-authority';
import { startIotControlPlane, type IotControlPlane } from '#lib/local/emulators/iot/control-plane';
import { IotRegistry } from '#lib/local/emulators/iot/registry';
import { devicePolicyDocument } from '#lib/model/iot-rules';

let plane: IotControlPlane;
let iot: IoTClient;
let registry: IotRegistry;

beforeAll(async () => {
  registry = new IotRegistry({ ca: await LocalCertificateAuthority.create(), region: 'eu-west-3', accountId: '123456789012' });
  plane = await startIotControlPlane(registry, 0, () => ({ mqttUrl: 'mqtts://localhost:1', caCertificatePem: 'pem', devicePolicyName: 'devices' }));
  iot = new IoTClient({ region: 'eu-west-3', endpoint: plane.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  iot.destroy();
  await plane.stop();
});

describe('local IoT control plane', () => {
  it('provisions and revokes a device through the real SDK', async () => {
    await iot.send(new CreatePolicyCommand({ policyName: 'devices', policyDocument: JSON.stringify(devicePolicyDocument(registry.arnPrefix)) }));
    expect(await iot.send(new DescribeEndpointCommand({ endpointType: 'iot:Data-ATS' }))).toMatchObject({ endpointAddress: 'localhost' });
    const thing = await iot.send(new CreateThingCommand({ thingName: 'PH_001' }));
    expect(thing).toMatchObject({ thingName: 'PH_001', thingArn: 'arn:aws:iot:eu-west-3:123456789012:thing/PH_001', thingId: expect.any(String) });
    const cert = await iot.send(new CreateKeysAndCertificateCommand({ setAsActive: true }));
    expect(cert.certificateArn).toBe(`arn:aws:iot:eu-west-3:123456789012:cert/${cert.certificateId}`);
    expect(cert.keyPair?.PrivateKey).toMatch(/BEGIN RSA PRIVATE KEY/);
    await iot.send(new AttachPolicyCommand({ policyName: 'devices', target: cert.certificateArn }));
    await iot.send(new AttachThingPrincipalCommand({ thingName: 'PH_001', principal: cert.certificateArn }));
    expect(registry.authorize(cert.certificateId!, 'PH_001', 'iot:Publish', 'topic/hydrant/PH_001/telemetry')).toBe(true);

    const described = await iot.send(new DescribeCertificateCommand({ certificateId: cert.certificateId }));
    expect(described.certificateDescription).toMatchObject({ certificateArn: cert.certificateArn, status: 'ACTIVE', creationDate: expect.any(Date) });

    await expect(iot.send(new DeleteCertificateCommand({ certificateId: cert.certificateId }))).rejects.toBeInstanceOf(CertificateStateException);
    await iot.send(new UpdateCertificateCommand({ certificateId: cert.certificateId, newStatus: 'INACTIVE' }));
    await expect(iot.send(new DeleteCertificateCommand({ certificateId: cert.certificateId }))).rejects.toBeInstanceOf(DeleteConflictException);
    await expect(iot.send(new DeleteThingCommand({ thingName: 'PH_001' }))).rejects.toBeInstanceOf(InvalidRequestException);
    await iot.send(new DetachThingPrincipalCommand({ thingName: 'PH_001', principal: cert.certificateArn }));
    await iot.send(new DetachPolicyCommand({ policyName: 'devices', target: cert.certificateArn }));
    await iot.send(new DeleteCertificateCommand({ certificateId: cert.certificateId }));
    await iot.send(new DeleteThingCommand({ thingName: 'PH_001' }));
    await expect(iot.send(new DescribeCertificateCommand({ certificateId: cert.certificateId }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(registry.authorize(cert.certificateId!, 'PH_001', 'iot:Connect', 'client/PH_001')).toBe(false);
  });

  it('answers not found for unknown things and policies, and refuses an operation it does not implement', async () => {
    const cert = await iot.send(new CreateKeysAndCertificateCommand({ setAsActive: false }));
    await expect(iot.send(new AttachThingPrincipalCommand({ thingName: 'NOPE', principal: cert.certificateArn }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(iot.send(new AttachPolicyCommand({ policyName: 'nope', target: cert.certificateArn }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    const res = await fetch(`${plane.endpoint}/thing-groups/g1`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('InvalidRequestException');
  });

  it('tells a local device simulator where the broker is (local only)', async () => {
    const res = await fetch(`${plane.endpoint}/_local/device-connection`);
    expect(await res.json()).toEqual({ mqttUrl: 'mqtts://localhost:1', caCertificatePem: 'pem', devicePolicyName: 'devices' });
  });
});
