/**
 * What the local control planes of AWS services (API Gateway, IoT) share: an HTTP server on
 * 127.0.0.1 that reads JSON bodies and answers JSON with a request id, and each service's
 * errors as that service answers them (`x-amzn-errortype` and a body).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A control plane's answer: status and JSON body (none: an empty body). */
export interface JsonReply {
  readonly status: number;
  readonly body?: unknown;
}

/** An error of the service, as the service answers it. */
export interface ServiceFailure {
  readonly status: number;
  /** `x-amzn-errortype`. */
  readonly type: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface JsonControlPlaneOptions {
  /** The prefix of the log line of an unexpected error (`apigateway`, `iot`). */
  readonly name: string;
  /** 0: a free one. */
  readonly port: number;
  readonly handle: (method: string, url: URL, request: IncomingMessage) => Promise<JsonReply>;
  /** The service's answer to an error it raised; undefined for an unexpected error. */
  readonly failureOf: (error: unknown) => ServiceFailure | undefined;
  /** The answer to an unexpected error: its `x-amzn-errortype` and message. */
  readonly internalError: { readonly type: string; readonly message: string };
}

export interface JsonControlPlane {
  /** `http://127.0.0.1:{port}`: the `endpoint` of the SDK client. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

function send(response: ServerResponse, reply: JsonReply, extra: Record<string, string> = {}): void {
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
  response.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID(), ...extra });
  response.end(text);
}

/** Starts a control plane on 127.0.0.1 that answers every request with `options.handle`. */
export async function startJsonControlPlane(options: JsonControlPlaneOptions): Promise<JsonControlPlane> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    options
      .handle((request.method ?? 'GET').toUpperCase(), url, request)
      .then((reply) => send(response, reply))
      .catch((error: unknown) => {
        const failure = options.failureOf(error);
        if (!failure) console.error(`[${options.name}] unexpected error:`, error);
        if (response.headersSent) return response.destroy();
        if (failure) send(response, { status: failure.status, body: failure.body }, { 'x-amzn-errortype': failure.type });
        else send(response, { status: 500, body: { message: options.internalError.message } }, { 'x-amzn-errortype': options.internalError.type });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The JSON object of a request to a local emulator's HTTP API (an empty body: `{}`).
 * `refuse` builds the emulator's own client error for a body larger than `maxBytes`
 * or one that is not a JSON object, as the service it stands in for answers.
 */
export async function readJsonObject(request: IncomingMessage, maxBytes: number, refuse: (message: string) => Error): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw refuse('Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    return body as Record<string, unknown>;
  } catch {
    throw refuse('Invalid JSON body');
  }
}
