/**
 * Topic authorisation of the local IoT stand-in: the model's device policy evaluated by
 * the local policy engine against the registry's things and certificates, and the
 * registry's IoT rules for deleting what is still in use.
 */
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalCertificateAuthority } from '#lib/local/emulators/iot/certificate-authority';
import { isAllowed, parsePolicyDocument, wildcardMatch, InvalidPolicyDocument } from '#lib/local/emulators/iot/policy';
import { IotError, IotRegistry } from '#lib/local/emulators/iot/registry';
import { devicePolicyDocument } from '#lib/model/iot-rules';

let ca: LocalCertificateAuthority;
beforeAll(async () => {
  ca = await LocalCertificateAuthority.create();
});

async function registryWithDevice(thingName: string) {
  const registry = new IotRegistry({ ca });
  registry.createPolicy('devices', devicePolicyDocument(registry.arnPrefix));
  registry.createThing(thingName, {});
  const cert = await registry.createKeysAndCertificate(true);
  registry.attachPolicy('devices', cert.certificateArn);
  registry.attachThingPrincipal(thingName, cert.certificateArn);
  return { registry, cert };
}

describe('the device policy, locally', () => {
  it('lets a device connect with its thing name and publish to its own telemetry topic only', async () => {
    const { registry, cert } = await registryWithDevice('PH_001');
    const can = (clientId: string, action: Parameters<IotRegistry['authorize']>[2], resource: string) => registry.authorize(cert.certificateId, clientId, action, resource);
    expect(can('PH_001', 'iot:Connect', 'client/PH_001')).toBe(true);
    expect(can('PH_001', 'iot:Publish', 'topic/hydrant/PH_001/telemetry')).toBe(true);

    expect(can('PH_002', 'iot:Connect', 'client/PH_002')).toBe(false);
    expect(can('PH_001', 'iot:Publish', 'topic/hydrant/PH_002/telemetry')).toBe(false);
    expect(can('PH_001', 'iot:Publish', 'topic/hydrant/PH_001/commands')).toBe(false);
    expect(can('PH_001', 'iot:Publish', 'topic/hydrant/+/telemetry')).toBe(false);
    expect(can('PH_001', 'iot:RetainPublish', 'topic/hydrant/PH_001/telemetry')).toBe(false);
    expect(can('PH_001', 'iot:Subscribe', 'topicfilter/hydrant/#')).toBe(false);
  });

  it('refuses a certificate whose thing is another one, or that no thing is attached to', async () => {
    const { registry, cert } = await registryWithDevice('PH_001');
    registry.createThing('PH_002', {});
    const other = await registry.createKeysAndCertificate(true);
    registry.attachPolicy('devices', other.certificateArn);
    registry.attachThingPrincipal('PH_002', other.certificateArn);
    // PH_002's certificate cannot pose as PH_001, nor publish to its topic.
    expect(registry.authorize(other.certificateId, 'PH_001', 'iot:Connect', 'client/PH_001')).toBe(false);
    expect(registry.authorize(other.certificateId, 'PH_001', 'iot:Publish', 'topic/hydrant/PH_001/telemetry')).toBe(false);

    registry.detachThingPrincipal('PH_001', cert.certificateArn);
    expect(registry.authorize(cert.certificateId, 'PH_001', 'iot:Connect', 'client/PH_001')).toBe(false);
  });

  it('refuses an inactive, revoked, policy-less or deleted certificate', async () => {
    const { registry, cert } = await registryWithDevice('PH_001');
    const connect = () => registry.authorize(cert.certificateId, 'PH_001', 'iot:Connect', 'client/PH_001');
    registry.updateCertificate(cert.certificateId, 'INACTIVE');
    expect(connect()).toBe(false);
    registry.updateCertificate(cert.certificateId, 'ACTIVE');
    expect(connect()).toBe(true);
    registry.detachPolicy('devices', cert.certificateArn);
    expect(connect()).toBe(false);
    registry.attachPolicy('devices', cert.certificateArn);
    registry.updateCertificate(cert.certificateId, 'REVOKED');
    expect(connect()).toBe(false);
    expect(() => registry.updateCertificate(cert.certificateId, 'ACTIVE')).toThrow(expect.objectContaining({ type: 'CertificateStateException' }));
    registry.detachThingPrincipal('PH_001', cert.certificateArn);
    registry.detachPolicy('devices', cert.certificateArn);
    registry.deleteCertificate(cert.certificateId, false);
    expect(connect()).toBe(false);
    expect(registry.certificate(cert.certificateId)).toBeUndefined();
  });

  it('announces every change that can take rights away', async () => {
    const { registry, cert } = await registryWithDevice('PH_001');
    const seen: string[] = [];
    registry.on('principalChanged', (arn) => seen.push(arn));
    registry.updateCertificate(cert.certificateId, 'INACTIVE');
    registry.detachThingPrincipal('PH_001', cert.certificateArn);
    registry.detachPolicy('devices', cert.certificateArn);
    registry.deleteCertificate(cert.certificateId, false);
    expect(seen).toEqual(Array(4).fill(cert.certificateArn));
  });
});

describe('the local registry follows IoT’s rules', () => {
  it('issues real X.509 device certificates from the local CA, with IoT’s certificate id', async () => {
    const { cert } = await registryWithDevice('PH_001');
    const x509 = new X509Certificate(cert.certificatePem);
    expect(x509.verify(new X509Certificate(ca.certificatePem).publicKey)).toBe(true);
    expect(x509.subject).toBe('CN=AWS IoT Certificate');
    expect(cert.certificateId).toBe(x509.fingerprint256.replace(/:/g, '').toLowerCase());
    expect(cert.certificateArn).toBe(`arn:aws:iot:us-east-1:000000000000:cert/${cert.certificateId}`);
    expect(cert.keyPair.PrivateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(x509.checkPrivateKey((await import('node:crypto')).createPrivateKey(cert.keyPair.PrivateKey))).toBe(true);
  });

  it('deletes a certificate only when inactive and detached, and a thing only without principals', async () => {
    const { registry, cert } = await registryWithDevice('PH_001');
    const failure = (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        return [(error as IotError).type, (error as IotError).message];
      }
      return undefined;
    };
    expect(failure(() => registry.deleteCertificate(cert.certificateId, false))).toEqual([
      'CertificateStateException',
      `Certificate must be deactivated (not ACTIVE) before deletion. Id: ${cert.certificateId}`,
    ]);
    registry.updateCertificate(cert.certificateId, 'INACTIVE');
    expect(failure(() => registry.deleteCertificate(cert.certificateId, false))?.[0]).toBe('DeleteConflictException');
    expect(failure(() => registry.deleteThing('PH_001', null))).toEqual(['InvalidRequestException', 'Cannot delete. Thing PH_001 is still attached to one or more principals']);
    registry.detachThingPrincipal('PH_001', cert.certificateArn);
    expect(failure(() => registry.deleteCertificate(cert.certificateId, false))?.[1]).toMatch(/policies must be detached/);
    registry.deleteThing('PH_001', null);
    registry.deleteThing('PH_001', null); // a thing that does not exist: success
    registry.deleteCertificate(cert.certificateId, true); // forceDelete ignores attached policies
    expect(failure(() => registry.describeCertificate(cert.certificateId))?.[0]).toBe('ResourceNotFoundException');
  });

  it('creating an existing thing answers it again; attaching to unknown things or policies is not found', async () => {
    const { registry, cert } = await registryWithDevice('PH_001');
    const first = registry.createThing('PH_009', {});
    expect(registry.createThing('PH_009', {})).toEqual(first);
    expect(() => registry.attachThingPrincipal('NOPE', cert.certificateArn)).toThrow(expect.objectContaining({ type: 'ResourceNotFoundException' }));
    expect(() => registry.attachPolicy('nope', cert.certificateArn)).toThrow(expect.objectContaining({ type: 'ResourceNotFoundException' }));
    expect(() => registry.createThing('bad name!', {})).toThrow(expect.objectContaining({ type: 'InvalidRequestException' }));
  });
});

describe('policy evaluation', () => {
  const context = { clientId: 'A_1', thingName: 'A_1', isAttached: true };

  it('explicit deny wins, wildcards match, and a substituted value is never a wildcard', () => {
    const policy = parsePolicyDocument({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iot:*', Resource: 'arn:aws:iot:r:1:topic/x/*' },
        { Effect: 'Deny', Action: ['iot:Publish'], Resource: ['arn:aws:iot:r:1:topic/x/secret'] },
        { Effect: 'Allow', Action: 'iot:Connect', Resource: 'arn:aws:iot:r:1:client/${iot:ClientId}' },
      ],
    });
    expect(isAllowed([policy], 'iot:Publish', 'arn:aws:iot:r:1:topic/x/y', context)).toBe(true);
    expect(isAllowed([policy], 'iot:Publish', 'arn:aws:iot:r:1:topic/x/secret', context)).toBe(false);
    expect(isAllowed([policy], 'iot:Connect', 'arn:aws:iot:r:1:client/A_1', context)).toBe(true);
    expect(isAllowed([policy], 'iot:Connect', 'arn:aws:iot:r:1:client/*', { ...context, clientId: '*' })).toBe(true);
    expect(isAllowed([policy], 'iot:Connect', 'arn:aws:iot:r:1:client/B', { ...context, clientId: '*' })).toBe(false);
    expect(wildcardMatch('a?c*', 'abcdef')).toBe(true);
    expect(wildcardMatch('a?c', 'ac')).toBe(false);
  });

  it('the thing-name variable matches nothing when no thing is attached', () => {
    const policy = parsePolicyDocument(devicePolicyDocument('arn:aws:iot:r:1:'));
    expect(isAllowed([policy], 'iot:Connect', 'arn:aws:iot:r:1:client/A_1', { clientId: 'A_1', isAttached: false })).toBe(false);
  });

  it('refuses documents with what it cannot evaluate', () => {
    const statement = { Effect: 'Allow', Action: 'iot:Connect', Resource: '*' };
    expect(() => parsePolicyDocument({ Version: '2012-10-17', Statement: [{ ...statement, Condition: { StringEquals: { a: 'b' } } }] })).toThrow(InvalidPolicyDocument);
    expect(() => parsePolicyDocument({ Version: '2012-10-17', Statement: [{ ...statement, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] })).toThrow(InvalidPolicyDocument);
    expect(() => parsePolicyDocument({ Version: '2012-10-17', Statement: [{ ...statement, Resource: 'arn:x:${iot:Certificate.Subject.CommonName}' }] })).toThrow(InvalidPolicyDocument);
    expect(() => parsePolicyDocument({ Version: '2012-10-17', Statement: [{ ...statement, NotAction: 'x' }] })).toThrow(InvalidPolicyDocument);
    expect(() => parsePolicyDocument('{nope')).toThrow(InvalidPolicyDocument);
  });
});
