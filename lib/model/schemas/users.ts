/** Users and their personal data (issue 7, Identity); the caller's own account is in `me.ts`. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { ROLES } from '../types';
import { Id, IsoDateTime, PageQuery, Text } from './common';

/** A user's id is their Cognito `sub`. */
export const UserId = lazySchema(() => z.uuid().meta({ example: '7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d' }));

export const UserIdParams = lazySchema(() => z.strictObject({ id: UserId }));

const Role = lazySchema(() => z.enum(ROLES));

export const Name = lazySchema(() => Text(100));

export const CreateUserBody = lazySchema(() => z.strictObject({
  email: z.email().max(254),
  givenName: Name,
  familyName: Name,
  role: Role,
  clientId: Id.optional().describe('Required for client users, forbidden otherwise; an existing client'),
  active: z.boolean().optional(),
  technicianId: Id.optional().describe('Technicians: link this existing technician profile instead of creating one'),
}));

export const UpdateUserBody = lazySchema(() => z
  .strictObject({
    givenName: Name.optional(),
    familyName: Name.optional(),
    role: Role.optional().describe('Moves the user between Cognito groups; takes effect at their next token'),
    clientId: Id.nullable().optional(),
    active: z.boolean().optional().describe('false disables the account and signs it out everywhere'),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

export const ListUsersQuery = lazySchema(() => PageQuery.extend({
  role: Role.optional(),
  active: z.enum(['true', 'false']).optional(),
  search: z.string().trim().min(1).max(100).optional().describe('Matches names and e-mail, case- and accent-insensitive'),
}));

export const Consent = lazySchema(() => z.object({ policyVersion: z.string(), acceptedAt: IsoDateTime }).meta({ id: 'Consent' }));

export const User = lazySchema(() => z
  .object({
    id: UserId,
    version: z.int().min(1),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    email: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    role: Role,
    clientId: z.string().nullable(),
    active: z.boolean(),
    technicianId: z.string().nullable(),
    consent: Consent.nullable(),
  })
  .meta({ id: 'User' }));

/** The answer of POST /v1/users: the local stack adds the temporary password, once. */
export const CreatedUser = lazySchema(() => User.extend({
  temporaryPassword: z.string().optional().describe('Local stack only, shown once; in the cloud Cognito e-mails it and it is never returned'),
}).meta({ id: 'CreatedUser' }));

const Records = lazySchema(() => z.array(z.record(z.string(), z.unknown())));

/** Every personal datum Hydrant holds about a user (GDPR art. 15 and 20). */
export const UserExport = lazySchema(() => z
  .object({
    exportedAt: IsoDateTime,
    userId: UserId,
    account: z.record(z.string(), z.unknown()).nullable().describe('The Cognito profile: attributes, status, groups, dates'),
    user: User.nullable().describe('The Hydrant user record, consent included'),
    technician: z.record(z.string(), z.unknown()).nullable(),
    workOrders: Records.describe('Work orders they created or are assigned to (as technician)'),
    workOrderHistory: Records.describe('History entries they authored'),
    timeEntries: Records,
    scheduleEntries: Records,
    notifications: Records,
    serviceRequests: Records.describe('Service requests they made or converted'),
    documents: Records.describe('Documents they uploaded (metadata)'),
  })
  .meta({ id: 'UserExport' }));

export const userExample = {
  id: '7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  email: 'new.tech@hydrant.local',
  givenName: 'Camille',
  familyName: 'Martin',
  role: 'technician',
  clientId: null,
  active: true,
  technicianId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  consent: null,
};

/** What an export of a user's data looks like (`GET /v1/users/{id}/export`, `GET /v1/me/export`). */
export const userExportExample = {
  exportedAt: '2026-11-21T09:30:00.000Z',
  userId: userExample.id,
  account: { email: userExample.email, status: 'CONFIRMED', groups: ['technician'] },
  user: userExample,
  technician: null,
  workOrders: [],
  workOrderHistory: [],
  timeEntries: [],
  scheduleEntries: [],
  notifications: [],
  serviceRequests: [],
  documents: [],
};
