/**
 * The console's dev server (`npm start` runs it beside the local stack): builds the console,
 * writes `config.json` with the local API's URL, demo API key and live WebSocket URL, and serves the files with
 * the same security headers as CloudFront. With `watch`, a change under `console/src`
 * rebuilds (reload the page to see it).
 */
import { watch as watchDir, writeFileSync, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { buildConsole, CONSOLE_DIR, CONSOLE_DIST, type ConsoleBuild } from './build';
import { consoleHeaders } from './headers';

export interface ConsoleServerOptions {
  /** The API's base URL (no `/v1`). */
  readonly apiUrl: string;
  readonly apiKey?: string;
  /** The live WebSocket API's URL (written to config.json; its origin allowed by the CSP). @default none: the console polls */
  readonly liveUrl?: string;
  /** @default 5173 (the origin the local stack's CORS allows); 0 picks a free port */
  readonly port?: number;
  /**
   * The local S3 endpoint signed upload URLs point at. It answers no CORS, so the dev server
   * relays `/s3/*` to it (Host kept: the signature covers it) and config.json tells the console
   * to send its uploads there. In the cloud the documents bucket answers CORS itself.
   * @default none
   */
  readonly uploadEndpoint?: string;
  /** Rebuild when console/src changes. @default false */
  readonly watch?: boolean;
  /** @default console/dist */
  readonly outDir?: string;
}

export interface ConsoleServer {
  readonly url: string;
  readonly build: ConsoleBuild;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const outDir = options.outDir ?? CONSOLE_DIST;
  const upload = options.uploadEndpoint ? new URL(options.uploadEndpoint) : undefined;
  let url = '';
  const writeConfig = () =>
    writeFileSync(
      join(outDir, 'config.json'),
      JSON.stringify({ apiUrl: options.apiUrl, ...(options.apiKey ? { apiKey: options.apiKey } : {}), ...(options.liveUrl ? { liveUrl: options.liveUrl } : {}), ...(upload ? { uploadRelay: { from: upload.origin, to: `${url}${UPLOAD_RELAY}` } } : {}) }),
    );
  let build = buildConsole(outDir);
  const headers = consoleHeaders([new URL(options.apiUrl).origin, ...(options.liveUrl ? [new URL(options.liveUrl).origin] : [])]);
  const server = createServer((req, res) => {
    if (upload && req.url?.startsWith(`${UPLOAD_RELAY}/`)) return relay(req, res, upload);
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://console').pathname;
      const file = normalize(join(outDir, path === '/' ? 'index.html' : decodeURIComponent(path)));
      if (!file.startsWith(outDir + sep) && file !== outDir) return void res.writeHead(404).end();
      try {
        const body = await readFile(file);
        const hashed = /-[A-Z0-9]{8}\.(js|css)$/.test(file);
        res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache' });
        res.end(body);
      } catch {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5173, '127.0.0.1', resolve);
  });
  let watcher: FSWatcher | undefined;
  if (options.watch) {
    let timer: NodeJS.Timeout | undefined;
    watcher = watchDir(join(CONSOLE_DIR, 'src'), { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        try {
          build = buildConsole(outDir);
          writeConfig();
        } catch (e) {
          console.error(`[console] build failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }, 150);
    });
  }
  const { port } = server.address() as AddressInfo;
  url = `http://localhost:${port}`;
  writeConfig();
  return {
    url,
    get build() {
      return build;
    },
    stop: async () => {
      watcher?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const UPLOAD_RELAY = '/s3';

/** Forwards a request under /s3 to the S3 endpoint, as is (method, headers with the signed Host, body). */
function relay(req: IncomingMessage, res: ServerResponse, target: URL): void {
  const headers = { ...req.headers, host: target.host };
  delete headers.origin;
  delete headers.referer;
  const forward = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url!.slice(UPLOAD_RELAY.length), headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  forward.on('error', () => res.writeHead(502).end());
  req.pipe(forward);
}

/** A TCP port free right now on 127.0.0.1 (to know the console's origin before the API starts, for its CORS). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The console's port for `npm start`: HYDRANT_CONSOLE_PORT, else a free one when the API's is (HYDRANT_PORT=0), else 5173. */
export async function consolePortFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const wanted = env.HYDRANT_CONSOLE_PORT ?? (env.HYDRANT_PORT === '0' ? '0' : '5173');
  return wanted === '0' ? freePort() : Number(wanted);
}
