/** Technicians (issue 8, "Clients and technicians"). */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { TECHNICIAN_LEVELS, TECHNICIAN_SKILLS, WEEKDAYS } from '#domain/technicians';
import { Location, PageQuery, ResourceMeta, Text } from './common';

const Time = lazySchema(() => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'));
const LocalDate = lazySchema(() => z.iso.date());

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const WorkingHours = lazySchema(() => z.strictObject({
  timeZone: z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone').meta({ example: 'Europe/Paris' }),
  periods: z
    .array(z.strictObject({ day: z.enum(WEEKDAYS), start: Time, end: Time }).refine((p) => p.start < p.end, { message: 'start must be before end', path: ['end'] }))
    .max(21),
}));

const DayOff = lazySchema(() => z
  .strictObject({ from: LocalDate, to: LocalDate, reason: z.string().max(200).optional() })
  .refine((d) => d.from <= d.to, { message: 'from must not be after to', path: ['to'] }));

const HomeBase = lazySchema(() => z.strictObject({ address: Text(500), location: Location.optional() }));

const Fields = lazySchema(() => ({
  name: Text(200),
  userId: Text(128).optional().describe('The linked user (Cognito username or sub)'),
  email: z.email().max(254).optional(),
  phone: z.string().regex(/^\+?[0-9 ().-]{6,30}$/).optional(),
  skills: z.array(z.enum(TECHNICIAN_SKILLS)).max(10),
  level: z.enum(TECHNICIAN_LEVELS).optional(),
  active: z.boolean().optional(),
  homeBase: HomeBase.optional(),
  workingHours: WorkingHours.optional().describe('Defaults to Monday-Friday 08:00-17:00 Europe/Paris'),
  daysOff: z.array(DayOff).max(366).optional(),
}));

export const CreateTechnicianBody = lazySchema(() => z.strictObject(Fields));

export const UpdateTechnicianBody = lazySchema(() => z
  .strictObject({
    name: Fields.name.optional(),
    userId: Text(128).nullable().optional(),
    email: z.email().max(254).nullable().optional(),
    phone: Fields.phone.unwrap().nullable().optional(),
    skills: Fields.skills.optional(),
    level: z.enum(TECHNICIAN_LEVELS).optional(),
    active: z.boolean().optional(),
    homeBase: HomeBase.nullable().optional(),
    workingHours: WorkingHours.optional(),
    daysOff: z.array(DayOff).max(366).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

export const ListTechniciansQuery = lazySchema(() => PageQuery.extend({
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  skill: z.enum(TECHNICIAN_SKILLS).optional(),
}));

export const Technician = lazySchema(() => z
  .object({
    ...ResourceMeta,
    name: z.string(),
    userId: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    skills: z.array(z.enum(TECHNICIAN_SKILLS)),
    level: z.enum(TECHNICIAN_LEVELS),
    active: z.boolean(),
    homeBase: z.object({ address: z.string(), location: Location.optional() }).nullable(),
    workingHours: z.object({ timeZone: z.string(), periods: z.array(z.object({ day: z.enum(WEEKDAYS), start: z.string(), end: z.string() })) }),
    daysOff: z.array(z.object({ from: z.string(), to: z.string(), reason: z.string().optional() })),
  })
  .meta({ id: 'Technician' }));

export const technicianExample = {
  id: '01JD6B1B2C3D4E5F6G7H8J9K0M',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  name: 'Théo Technicien',
  userId: 'tech@hydrant.local',
  email: 'tech@hydrant.local',
  phone: '+33 6 12 34 56 78',
  skills: ['hydraulics', 'leak-detection'],
  level: 'confirmed',
  active: true,
  homeBase: { address: '8 quai Perrache, 69002 Lyon', location: { lat: 45.7485, lon: 4.8262 } },
  workingHours: {
    timeZone: 'Europe/Paris',
    periods: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '08:00', end: '17:00' })),
  },
  daysOff: [{ from: '2026-12-24', to: '2026-12-26', reason: 'Congés' }],
};
