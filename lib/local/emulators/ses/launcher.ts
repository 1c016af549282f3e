/**
 * Amazon SES v2 locally: `aws-ses-v2-local` (MIT), in process, on a free port of 127.0.0.1.
 * The handlers' SES v2 client reaches it through `AWS_ENDPOINT_URL_SESV2`; tests and people
 * read what was sent through its HTTP API (`GET /store`) or its web viewer (`GET /`).
 */
import type { AddressInfo } from 'node:net';
import * as sesV2Local from 'aws-ses-v2-local';

/** An e-mail as the emulator keeps it. */
export interface SentEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: readonly string[]; readonly cc: readonly string[]; readonly bcc: readonly string[] };
  readonly subject: string;
  readonly body: { readonly html?: string; readonly text?: string };
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  /** Epoch seconds. */
  readonly at: number;
}

export interface LocalSes {
  /** The SES v2 endpoint, `http://127.0.0.1:<port>` (also its web viewer). */
  readonly endpoint: string;
  /** What was sent, oldest first; only to `to` when given (read over the emulator's HTTP API, as a test would). */
  mailbox(to?: string): Promise<SentEmail[]>;
  stop(): Promise<void>;
}

type Start = (config?: Partial<{ host: string; port: number }>) => Promise<import('node:http').Server>;

export async function startLocalSes(): Promise<LocalSes> {
  // A CommonJS module with an ES default: Node hands the whole exports object to a default import.
  const module = sesV2Local as unknown as { default: Start | { default: Start } };
  const start = typeof module.default === 'function' ? module.default : module.default.default;
  const server = await start({ host: '127.0.0.1', port: 0 });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    async mailbox(to?: string) {
      const response = await fetch(`${endpoint}/store`);
      const { emails } = (await response.json()) as { emails: SentEmail[] };
      return to ? emails.filter((e) => e.destination.to.some((address) => address.toLowerCase() === to.toLowerCase())) : emails;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
