/** Clients: the companies a maintenance operator works for. Client users see only their own. */
import type { Principal } from './principal';
import { canSeeClientData } from './principal';
import { firstVersion } from './versions';

export type ClientStatus = 'active' | 'inactive';

export interface Client {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly address: string | null;
  readonly status: ClientStatus;
}

export interface NewClient {
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
  readonly address?: string;
  readonly status?: ClientStatus;
}

export type ClientPatch = Partial<{ name: string; email: string | null; phone: string | null; address: string | null; status: ClientStatus }>;

export function newClient(id: string, input: NewClient, now: string): Client {
  return {
    ...firstVersion(id, now),
    name: input.name,
    email: input.email ?? null,
    phone: input.phone ?? null,
    address: input.address ?? null,
    status: input.status ?? 'active',
  };
}

export const applyClientPatch = (client: Client, patch: ClientPatch, now: string): Client => ({ ...client, ...patch, version: client.version + 1, updatedAt: now });

export const canSeeClient = (principal: Principal, client: Client): boolean => canSeeClientData(principal, client.id);

/** Lower-case, accent-free text a search matches against: "Société Générale" and "societe" meet. */
export const normaliseSearch = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/** The normalised text of a client's searchable fields (name and e-mail). */
export const clientSearchText = (client: Pick<Client, 'name' | 'email'>): string => normaliseSearch([client.name, client.email ?? ''].join(' '));
