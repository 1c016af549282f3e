/**
 * The console's one client of the API: the SDK, configured from `config.json` (written by the
 * dev server, or at deploy time next to the files on S3). Tokens live in the SDK's in-memory
 * session only: a reload signs out, and no token ever reaches localStorage or a cookie.
 */
import { createHydrantClient, HydrantProblem, type HydrantClient, type Schemas } from '../../sdk/src/index';
import { signal } from './signal';

/** What `config.json` holds. */
export interface ConsoleConfig {
  /** The API's base URL, without `/v1`. */
  readonly apiUrl: string;
  /** A usage-plan key sent as `x-api-key` (the API's routes want one). */
  readonly apiKey?: string;
  /** The live WebSocket API (`ws://…` locally, `wss://{api}.execute-api…/{stage}`); without it the console polls. */
  readonly liveUrl?: string;
  /** Locally: signed upload URLs of `from` are sent through the dev server's relay `to` (the S3 emulator answers no CORS). */
  readonly uploadRelay?: { readonly from: string; readonly to: string };
}

let relay: ConsoleConfig['uploadRelay'];

/** Where to send a signed upload URL: itself, or through the local relay. */
export function uploadUrl(signed: string): string {
  return relay && signed.startsWith(`${relay.from}/`) ? `${relay.to}${signed.slice(relay.from.length)}` : signed;
}

export type Me = Schemas['Me'];
export type Role = Me['role'];

let client: HydrantClient | undefined;
/** The signed-in user, or undefined. */
export const me = signal<Me | undefined>(undefined);

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: ${res.status}`);
  return (await res.json()) as ConsoleConfig;
}

export function connect(config: ConsoleConfig): HydrantClient {
  relay = config.uploadRelay;
  client = createHydrantClient({
    baseUrl: config.apiUrl,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    // A refused refresh (revoked, expired) forgets the tokens: back to the sign-in page.
    onTokens: (tokens) => {
      if (!tokens) me.value = undefined;
    },
  });
  return client;
}

/** The client (after `connect`). */
export function hydrant(): HydrantClient {
  if (!client) throw new Error('not connected');
  return client;
}

/** Reads who signed in, which decides the pages and buttons shown. */
export async function loadMe(): Promise<Me> {
  const { data } = await hydrant().api.GET('/v1/me');
  me.value = data!;
  return data!;
}

export async function signOut(): Promise<void> {
  try {
    await hydrant().signOut();
  } finally {
    me.value = undefined;
  }
}

/** What each role may do, as the API decides it (the UI hides the rest; the API refuses it anyway). */
export const can = {
  acknowledgeAlert: (role: Role) => role !== 'client',
  createWorkOrder: (role: Role) => role === 'admin' || role === 'manager',
  assignWorkOrder: (role: Role) => role === 'admin' || role === 'manager',
  transitionWorkOrder: (role: Role) => role !== 'client',
  seeDashboard: (_role: Role) => true,
};

/** A problem's message for the page: its detail, or what a 403 means. */
export function describeError(error: unknown, forbidden: string): string {
  if (error instanceof HydrantProblem) {
    if (error.status === 403) return forbidden;
    const fields = error.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return fields ? `${error.detail} (${fields})` : error.detail || error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
