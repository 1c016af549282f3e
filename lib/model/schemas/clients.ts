/** Clients (issue 8, "Clients and technicians"). */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { PageQuery, ResourceMeta, Text } from './common';

const Status = lazySchema(() => z.enum(['active', 'inactive']));
const Phone = lazySchema(() => z.string().regex(/^\+?[0-9 ().-]{6,30}$/, 'a phone number'));

export const CreateClientBody = lazySchema(() => z.strictObject({
  name: Text(200),
  email: z.email().max(254).optional(),
  phone: Phone.optional(),
  address: Text(500).optional(),
  status: Status.optional(),
}));

export const UpdateClientBody = lazySchema(() => z
  .strictObject({
    name: Text(200).optional(),
    email: z.email().max(254).nullable().optional(),
    phone: Phone.nullable().optional(),
    address: Text(500).nullable().optional(),
    status: Status.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

export const ListClientsQuery = lazySchema(() => PageQuery.extend({
  search: z.string().trim().min(1).max(100).optional().describe('Matches name and e-mail, case- and accent-insensitive'),
  status: Status.optional(),
}));

export const Client = lazySchema(() => z
  .object({ ...ResourceMeta, name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), address: z.string().nullable(), status: Status })
  .meta({ id: 'Client' }));

export const clientExample = {
  id: '01JC8Y5T0000000000ACME0001',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  name: 'Acme Water',
  email: 'contact@acme-water.example',
  phone: '+33 4 72 00 00 01',
  address: '1 avenue de l’Eau, 69003 Lyon',
  status: 'active',
};
