/**
 * fauxqs 2 (SQS, SNS and S3 emulator) running in this Node process (fauxqs 2 needs
 * Node 22.5 or newer: the project runs on its pinned Node 24).
 */
import { buildApp } from 'fauxqs';

/** The largest S3 request body the local stack accepts: a 50 MiB document in one PUT, with room to spare. */
export const MAX_OBJECT_BODY_BYTES = 51 * 1_048_576;

/** Options of {@link startFauxqs}. */
export interface StartFauxqsOptions {
  /** TCP port on 127.0.0.1; `0` or absent picks a free one. */
  port?: number;
}

/** A running fauxqs server. */
export interface FauxqsEmulator {
  /** Base URL for SQS and S3 clients, e.g. `http://127.0.0.1:41235`; see `localClientConfig`. */
  endpoint: string;
  port: number;
  /** Closes the server and its open connections (including pending long polls). Idempotent. */
  stop(): Promise<void>;
  /**
   * Calls `listener` after every successful object write (PUT, copy, completed multipart
   * upload): fauxqs has no bucket notifications, so the local stack builds S3's from this.
   */
  onObjectCreated(listener: (object: CreatedObject) => void): void;
}

/** An object fauxqs has just stored. */
export interface CreatedObject {
  readonly bucket: string;
  readonly key: string;
  /** `Put`, `Copy` or `CompleteMultipartUpload`, as in S3's `ObjectCreated:*` event names. */
  readonly how: 'Put' | 'Copy' | 'CompleteMultipartUpload';
}

/** The object a successful S3 request created, if it is one (path-style URLs only). */
export function createdObjectOf(method: string, url: string, status: number, copySource: boolean): CreatedObject | undefined {
  if (status !== 200) return undefined;
  const parsed = new URL(url, 'http://fauxqs');
  const [bucket, ...rest] = parsed.pathname.slice(1).split('/');
  const key = rest.map(decodeURIComponent).join('/');
  if (!bucket || !key) return undefined;
  const q = parsed.searchParams;
  if (method === 'PUT' && !q.has('partNumber') && !q.has('uploadId') && !q.has('tagging') && !q.has('acl')) {
    return { bucket, key, how: copySource ? 'Copy' : 'Put' };
  }
  if (method === 'POST' && q.has('uploadId')) return { bucket, key, how: 'CompleteMultipartUpload' };
  return undefined;
}

/**
 * Starts fauxqs in-process, serving SQS, SNS and S3 on one port of 127.0.0.1.
 * All state is in memory and is lost on `stop()`.
 *
 * Client settings that work (all in `localClientConfig(endpoint)`): `region:
 * 'us-east-1'`, any static credentials, `endpoint` set explicitly, and for S3
 * `forcePathStyle: true`.
 * - SQS: the explicit endpoint is required. Queue URLs look like
 *   `http://sqs.us-east-1.localhost:<port>/000000000000/<name>` and that host does not
 *   resolve here; with `endpoint` set the SDK ignores the URL's host and fauxqs finds
 *   the queue by the URL. Queues are per region (taken from the SigV4 scope).
 * - S3: path style (`http://127.0.0.1:<port>/<bucket>/<key>`). fauxqs treats any
 *   dotted non-IP `Host` as `<bucket>.<rest>`, so use the IP endpoint, not a DNS
 *   name. fauxqs caps one request body at 11 MiB; `startFauxqs` raises that to
 *   {@link MAX_OBJECT_BODY_BYTES} for S3 bodies, so a document of up to 50 MiB is PUT to
 *   its presigned URL in one request as in the cloud (SQS and SNS keep fauxqs's limit).
 *   Presigned URLs (GET and PUT) work with `fetch`, but fauxqs checks neither the
 *   signature nor the expiry, sends no CORS headers (browser uploads fail their
 *   preflight), does not verify `x-amz-checksum-*` (stored and returned as sent)
 *   and ignores SSE headers (`x-amz-server-side-encryption*` are accepted, not
 *   echoed). Conditional writes (`If-None-Match` on PUT) are not supported; GET
 *   honours `If-Match`, `If-None-Match`, `Range`.
 *
 * `buildApp` is used rather than fauxqs's own `startFauxqs` because the latter always
 * listens on 0.0.0.0, which would expose an unauthenticated emulator to the network.
 */
export async function startFauxqs(opts: StartFauxqsOptions = {}): Promise<FauxqsEmulator> {
  const app = buildApp({ logger: false, defaultRegion: 'us-east-1' });
  // S3 bodies of any media type, as fauxqs's own catch-all parser reads them, but up to a
  // single PUT of the largest document (fauxqs's server-wide 11 MiB would refuse a 12 MiB
  // CSV that the cloud accepts). SQS and SNS keep their exact-type parsers, matched first.
  app.addContentTypeParser(/^.*/, { parseAs: 'buffer', bodyLimit: MAX_OBJECT_BODY_BYTES }, (_req: unknown, body: Buffer, done: (error: Error | null, body?: Buffer) => void) => {
    done(null, body);
  });
  const listeners: ((object: CreatedObject) => void)[] = [];
  app.addHook('onResponse', async (request: { method: string; url: string; headers: Record<string, unknown> }, reply: { statusCode: number }) => {
    if (listeners.length === 0) return;
    const created = createdObjectOf(request.method, request.url, reply.statusCode, request.headers['x-amz-copy-source'] !== undefined);
    if (created) for (const listener of listeners) listener(created);
  });
  const address = await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const port = Number(new URL(address).port);
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => (stopping ??= app.close()),
    onObjectCreated: (listener) => {
      listeners.push(listener);
    },
  };
}
