/**
 * The local IoT control plane: an HTTP server that speaks the AWS IoT management REST
 * API (the `restJson1` protocol of `@aws-sdk/client-iot`; point the client's `endpoint`
 * here, or set `AWS_ENDPOINT_URL_IOT`) for the calls Hydrant makes about devices,
 * backed by an {@link IotRegistry} whose certificates the local broker trusts.
 *
 * Operations (paths, methods and bindings as in the SDK's schemas):
 * - `POST /things/{thingName}` CreateThing, `DELETE /things/{thingName}?expectedVersion` DeleteThing
 * - `PUT|DELETE /things/{thingName}/principals` (`x-amzn-principal`) Attach/DetachThingPrincipal
 * - `POST /keys-and-certificate?setAsActive` CreateKeysAndCertificate
 * - `GET /certificates/{id}` DescribeCertificate, `PUT /certificates/{id}?newStatus` UpdateCertificate,
 *   `DELETE /certificates/{id}?forceDelete` DeleteCertificate
 * - `POST /policies/{policyName}` CreatePolicy
 * - `PUT /target-policies/{policyName}` AttachPolicy, `POST /target-policies/{policyName}` DetachPolicy
 * - `GET /endpoint?endpointType` DescribeEndpoint
 *
 * Local only (IoT has no such API): `GET /_local/device-connection` answers what a local
 * device needs besides its own certificate, `{mqttUrl, caCertificatePem, devicePolicyName}`
 * (in the cloud: the documented endpoint and Amazon Root CA 1), for the device simulator.
 */
import type { IncomingMessage } from 'node:http';
import { readJsonObject, startJsonControlPlane, type JsonReply } from '../json-control-plane';
import { IotError, type IotRegistry } from './registry';

type Reply = JsonReply;

const MAX_BODY_BYTES = 1_048_576;

const readJson = (request: IncomingMessage) => readJsonObject(request, MAX_BODY_BYTES, (message) => new IotError('InvalidRequestException', message));

const ok = (body?: unknown): Reply => ({ status: 200, body });

/** What `GET /_local/device-connection` answers. */
export interface LocalDeviceConnection {
  readonly mqttUrl: string;
  readonly caCertificatePem: string;
  readonly devicePolicyName: string;
}

/** Routes one request to the registry. */
export async function handleIotRequest(
  registry: IotRegistry,
  method: string,
  url: URL,
  request: IncomingMessage,
  connection?: () => LocalDeviceConnection | undefined,
): Promise<Reply> {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [collection, name, sub] = parts;
  const query = url.searchParams;
  const principal = () => request.headers['x-amzn-principal'] as string | undefined;

  if (collection === 'things' && name) {
    if (parts.length === 2 && method === 'POST') return ok(registry.createThing(name, await readJson(request)));
    if (parts.length === 2 && method === 'DELETE') return (registry.deleteThing(name, query.get('expectedVersion')), ok({}));
    if (parts.length === 3 && sub === 'principals' && method === 'PUT') return (registry.attachThingPrincipal(name, principal()), ok({}));
    if (parts.length === 3 && sub === 'principals' && method === 'DELETE') return (registry.detachThingPrincipal(name, principal()), ok({}));
  }
  if (collection === 'keys-and-certificate' && parts.length === 1 && method === 'POST') {
    return ok(await registry.createKeysAndCertificate(query.get('setAsActive') === 'true'));
  }
  if (collection === 'certificates' && name && parts.length === 2) {
    if (method === 'GET') return ok(registry.describeCertificate(name));
    if (method === 'PUT') return (registry.updateCertificate(name, query.get('newStatus')), ok());
    if (method === 'DELETE') return (registry.deleteCertificate(name, query.get('forceDelete') === 'true'), ok());
  }
  if (collection === 'policies' && name && parts.length === 2 && method === 'POST') {
    const body = await readJson(request);
    if (typeof body.policyDocument !== 'string') throw new IotError('InvalidRequestException', 'policyDocument is required');
    return ok(registry.createPolicy(name, body.policyDocument));
  }
  if (collection === 'target-policies' && name && parts.length === 2) {
    if (method === 'PUT') return (registry.attachPolicy(name, (await readJson(request)).target), ok());
    if (method === 'POST') return (registry.detachPolicy(name, (await readJson(request)).target), ok());
  }
  if (collection === 'endpoint' && parts.length === 1 && method === 'GET') return ok(registry.describeEndpoint(query.get('endpointType')));
  if (collection === '_local' && name === 'device-connection' && parts.length === 2 && method === 'GET') {
    const info = connection?.();
    if (info) return ok(info);
  }
  throw new IotError('InvalidRequestException', `No local IoT operation for ${method} ${url.pathname}`);
}

export interface IotControlPlane {
  /** `http://127.0.0.1:{port}`: the `endpoint` of the SDK client (`AWS_ENDPOINT_URL_IOT`). */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Starts the control plane on 127.0.0.1 (port 0: a free one). */
export async function startIotControlPlane(registry: IotRegistry, port = 0, connection?: () => LocalDeviceConnection | undefined): Promise<IotControlPlane> {
  return startJsonControlPlane({
    name: 'iot',
    port,
    handle: (method, url, request) => handleIotRequest(registry, method, url, request, connection),
    failureOf: (error) => (error instanceof IotError ? { status: error.status, type: error.type, body: { message: error.message, ...error.extra } } : undefined),
    internalError: { type: 'InternalFailureException', message: 'Internal failure' },
  });
}
