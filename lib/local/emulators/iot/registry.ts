/**
 * The state of the local IoT stand-in: things, certificates, policies and their
 * attachments, with the rules IoT Core applies to them (a certificate is deleted only
 * when inactive and detached, a thing only when no principal is attached to it, and so
 * on, with IoT's error types and messages). In memory; lost when the stack stops.
 *
 * Every change that can take a device's rights away is announced (`principalChanged`)
 * so that the broker re-checks the connections using that certificate at once.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { type LocalCertificateAuthority } from './certificate-authority';
import { isAllowed, parsePolicyDocument, type ConnectionContext, type IotAction, type PolicyDocument } from './policy';

export type IotErrorType =
  | 'InvalidRequestException'
  | 'ResourceNotFoundException'
  | 'ResourceAlreadyExistsException'
  | 'CertificateStateException'
  | 'DeleteConflictException'
  | 'VersionConflictException'
  | 'UnauthorizedException';

const STATUS_OF_ERROR: Record<IotErrorType, number> = {
  InvalidRequestException: 400,
  UnauthorizedException: 401,
  ResourceNotFoundException: 404,
  CertificateStateException: 406,
  ResourceAlreadyExistsException: 409,
  DeleteConflictException: 409,
  VersionConflictException: 409,
};

/** An IoT service error, serialised as the SDK expects (status, `x-amzn-errortype`, `{message}`). */
export class IotError extends Error {
  constructor(
    readonly type: IotErrorType,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }

  get status(): number {
    return STATUS_OF_ERROR[this.type];
  }
}

export type CertificateStatus = 'ACTIVE' | 'INACTIVE' | 'REVOKED' | 'PENDING_TRANSFER' | 'REGISTER_INACTIVE' | 'PENDING_ACTIVATION';
const SETTABLE_STATUSES: readonly CertificateStatus[] = ['ACTIVE', 'INACTIVE', 'REVOKED'];

interface Thing {
  readonly name: string;
  readonly arn: string;
  readonly id: string;
  readonly version: number;
  /** Certificate ARNs. */
  readonly principals: Set<string>;
}

interface Certificate {
  readonly id: string;
  readonly arn: string;
  readonly pem: string;
  status: CertificateStatus;
  readonly createdAt: number;
  updatedAt: number;
  /** Policy names. */
  readonly policies: Set<string>;
}

interface Policy {
  readonly name: string;
  readonly arn: string;
  readonly documentText: string;
  readonly document: PolicyDocument;
}

const THING_NAME = /^[a-zA-Z0-9:_-]{1,128}$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const CERTIFICATE_ID = /^[0-9a-fA-F]{64}$/;

export interface IotRegistryOptions {
  readonly ca: LocalCertificateAuthority;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  /** Host returned by DescribeEndpoint. @default 'localhost' */
  readonly dataEndpoint?: string;
}

export class IotRegistry extends EventEmitter<{ principalChanged: [certificateArn: string] }> {
  private readonly things = new Map<string, Thing>();
  private readonly certificates = new Map<string, Certificate>();
  private readonly policies = new Map<string, Policy>();
  readonly region: string;
  readonly accountId: string;
  private readonly ca: LocalCertificateAuthority;
  private readonly dataEndpoint: string;

  constructor(options: IotRegistryOptions) {
    super();
    this.ca = options.ca;
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.dataEndpoint = options.dataEndpoint ?? 'localhost';
  }

  /** `arn:aws:iot:<region>:<account>:` — what the device policy's resources are relative to. */
  get arnPrefix(): string {
    return `arn:aws:iot:${this.region}:${this.accountId}:`;
  }

  // ---- policies

  createPolicy(name: string, document: string | object): { policyName: string; policyArn: string; policyVersionId: string } {
    if (!POLICY_NAME.test(name)) throw new IotError('InvalidRequestException', `Invalid policy name ${name}`);
    if (this.policies.has(name)) throw new IotError('ResourceAlreadyExistsException', `Policy ${name} already exists`, { resourceId: name });
    const documentText = typeof document === 'string' ? document : JSON.stringify(document);
    let parsed: PolicyDocument;
    try {
      parsed = parsePolicyDocument(documentText);
    } catch (error) {
      throw new IotError('InvalidRequestException', (error as Error).message);
    }
    const arn = `${this.arnPrefix}policy/${name}`;
    this.policies.set(name, { name, arn, documentText, document: parsed });
    return { policyName: name, policyArn: arn, policyVersionId: '1' };
  }

  attachPolicy(policyName: string, target: unknown): void {
    const policy = this.requirePolicy(policyName);
    const cert = this.certificateByArn(target);
    cert.policies.add(policy.name);
  }

  detachPolicy(policyName: string, target: unknown): void {
    const policy = this.requirePolicy(policyName);
    const cert = this.certificateByArn(target);
    cert.policies.delete(policy.name);
    this.emit('principalChanged', cert.arn);
  }

  // ---- things

  createThing(name: string, body: Record<string, unknown>): { thingName: string; thingArn: string; thingId: string } {
    if (!THING_NAME.test(name)) throw new IotError('InvalidRequestException', `Thing name ${name} is invalid: 1-128 of [a-zA-Z0-9:_-]`);
    if (body.thingTypeName !== undefined || body.billingGroupName !== undefined || body.attributePayload !== undefined) {
      throw new IotError('InvalidRequestException', 'The local IoT stand-in supports things without type, billing group or attributes');
    }
    // Creating a thing that exists with the same (here: no) attributes answers the existing one, as IoT does.
    const existing = this.things.get(name);
    if (existing) return { thingName: name, thingArn: existing.arn, thingId: existing.id };
    const thing: Thing = { name, arn: `${this.arnPrefix}thing/${name}`, id: randomUUID(), version: 1, principals: new Set() };
    this.things.set(name, thing);
    return { thingName: name, thingArn: thing.arn, thingId: thing.id };
  }

  deleteThing(name: string, expectedVersion: string | null): void {
    const thing = this.things.get(name);
    if (!thing) return; // IoT answers success for a thing that does not exist
    if (expectedVersion !== null && Number(expectedVersion) !== thing.version) {
      throw new IotError('VersionConflictException', `The version for thing ${name} does not match the expected version.`);
    }
    if (thing.principals.size > 0) throw new IotError('InvalidRequestException', `Cannot delete. Thing ${name} is still attached to one or more principals`);
    this.things.delete(name);
  }

  attachThingPrincipal(thingName: string, principal: string | undefined): void {
    const thing = this.requireThing(thingName);
    const cert = this.certificateByArn(principal);
    thing.principals.add(cert.arn);
  }

  detachThingPrincipal(thingName: string, principal: string | undefined): void {
    const thing = this.requireThing(thingName);
    const cert = this.certificateByArn(principal);
    thing.principals.delete(cert.arn);
    this.emit('principalChanged', cert.arn);
  }

  // ---- certificates

  async createKeysAndCertificate(setAsActive: boolean) {
    const issued = await this.ca.issueDeviceCertificate();
    const now = Date.now();
    const cert: Certificate = {
      id: issued.certificateId,
      arn: `${this.arnPrefix}cert/${issued.certificateId}`,
      pem: issued.certificatePem,
      status: setAsActive ? 'ACTIVE' : 'INACTIVE',
      createdAt: now,
      updatedAt: now,
      policies: new Set(),
    };
    this.certificates.set(cert.id, cert);
    return {
      certificateArn: cert.arn,
      certificateId: cert.id,
      certificatePem: cert.pem,
      keyPair: { PublicKey: issued.keyPair.publicKey, PrivateKey: issued.keyPair.privateKey },
    };
  }

  describeCertificate(id: string) {
    const cert = this.requireCertificate(id);
    return {
      certificateDescription: {
        certificateArn: cert.arn,
        certificateId: cert.id,
        status: cert.status,
        certificatePem: cert.pem,
        ownedBy: this.accountId,
        creationDate: cert.createdAt / 1000,
        lastModifiedDate: cert.updatedAt / 1000,
        certificateMode: 'DEFAULT',
      },
    };
  }

  updateCertificate(id: string, newStatus: string | null): void {
    const cert = this.requireCertificate(id);
    if (!newStatus || !(SETTABLE_STATUSES as readonly string[]).includes(newStatus)) {
      throw new IotError('InvalidRequestException', `Invalid newStatus ${String(newStatus)}: use ${SETTABLE_STATUSES.join(', ')}`);
    }
    if (cert.status === 'REVOKED' && newStatus !== 'REVOKED') throw new IotError('CertificateStateException', `Certificate ${id} is revoked and cannot be changed`);
    cert.status = newStatus as CertificateStatus;
    cert.updatedAt = Date.now();
    this.emit('principalChanged', cert.arn);
  }

  deleteCertificate(id: string, forceDelete: boolean): void {
    const cert = this.requireCertificate(id);
    if (cert.status === 'ACTIVE') throw new IotError('CertificateStateException', `Certificate must be deactivated (not ACTIVE) before deletion. Id: ${id}`);
    if ([...this.things.values()].some((t) => t.principals.has(cert.arn))) {
      throw new IotError('DeleteConflictException', `Things must be detached before deletion (arn: ${cert.arn})`);
    }
    if (cert.policies.size > 0 && !forceDelete) throw new IotError('DeleteConflictException', `Certificate policies must be detached before deletion (arn: ${cert.arn})`);
    this.certificates.delete(id);
    this.emit('principalChanged', cert.arn);
  }

  describeEndpoint(endpointType: string | null): { endpointAddress: string } {
    const type = endpointType ?? 'iot:Data';
    if (!['iot:Data', 'iot:Data-ATS'].includes(type)) throw new IotError('InvalidRequestException', `The local IoT stand-in has no ${type} endpoint`);
    return { endpointAddress: this.dataEndpoint };
  }

  // ---- authorisation (the broker asks)

  /** The certificate a TLS client presented, by its id, if IoT knows it. */
  certificate(id: string): { readonly arn: string; readonly status: CertificateStatus } | undefined {
    return this.certificates.get(id);
  }

  /**
   * Whether the holder of certificate `certificateId`, connected as `clientId`, may do
   * `action` on `resource` (relative to {@link arnPrefix}, e.g. `topic/hydrant/PH_001/telemetry`):
   * the certificate must exist and be ACTIVE, and its policies must allow it.
   */
  authorize(certificateId: string, clientId: string, action: IotAction, resource: string): boolean {
    const cert = this.certificates.get(certificateId);
    if (!cert || cert.status !== 'ACTIVE') return false;
    const thing = this.things.get(clientId);
    const isAttached = thing?.principals.has(cert.arn) ?? false;
    const context: ConnectionContext = { clientId, isAttached, ...(isAttached ? { thingName: clientId } : {}) };
    const documents = [...cert.policies].map((name) => this.policies.get(name)?.document).filter((d): d is PolicyDocument => d !== undefined);
    return isAllowed(documents, action, `${this.arnPrefix}${resource}`, context);
  }

  // ---- helpers

  private requirePolicy(name: string): Policy {
    const policy = this.policies.get(name);
    if (!policy) throw new IotError('ResourceNotFoundException', `Policy not found (name=${name})`);
    return policy;
  }

  private requireThing(name: string): Thing {
    const thing = this.things.get(name);
    if (!thing) throw new IotError('ResourceNotFoundException', `Thing ${name} cannot be found.`);
    return thing;
  }

  private requireCertificate(id: string): Certificate {
    if (!CERTIFICATE_ID.test(id)) throw new IotError('InvalidRequestException', `Invalid certificate id ${id}`);
    const cert = this.certificates.get(id.toLowerCase());
    if (!cert) throw new IotError('ResourceNotFoundException', `The certificate ${id} does not exist`);
    return cert;
  }

  private certificateByArn(arn: unknown): Certificate {
    if (typeof arn !== 'string' || !arn) throw new IotError('InvalidRequestException', 'A principal (certificate ARN) is required');
    const match = /^arn:aws:iot:[^:]+:\d{12}:cert\/([0-9a-f]{64})$/.exec(arn);
    if (!match) throw new IotError('InvalidRequestException', `Invalid principal ${arn}: the local IoT stand-in knows certificate ARNs only`);
    const cert = this.certificates.get(match[1]!);
    if (!cert || cert.arn !== arn) throw new IotError('ResourceNotFoundException', `The certificate given in the principal does not exist (${arn})`);
    return cert;
  }
}
