/** Technicians: the people who do the work orders, with their skills, level and working time. */
import type { Principal } from './principal';
import { firstVersion } from './versions';

export const TECHNICIAN_SKILLS = ['hydraulics', 'electrical', 'instrumentation', 'leak-detection'] as const;
export type TechnicianSkill = (typeof TECHNICIAN_SKILLS)[number];
export const TECHNICIAN_LEVELS = ['junior', 'confirmed', 'senior', 'expert'] as const;
export type TechnicianLevel = (typeof TECHNICIAN_LEVELS)[number];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One working period of a weekday, local times `HH:MM` in the technician's time zone. */
export interface WorkingPeriod {
  readonly day: Weekday;
  readonly start: string;
  readonly end: string;
}

export interface WorkingHours {
  /** IANA time zone, e.g. `Europe/Paris`. */
  readonly timeZone: string;
  readonly periods: readonly WorkingPeriod[];
}

/** A day (or span of days) off, local dates `YYYY-MM-DD` inclusive. */
export interface DayOff {
  readonly from: string;
  readonly to: string;
  readonly reason?: string;
}

export interface Technician {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly name: string;
  /** The linked user: its Cognito username (or `sub`). */
  readonly userId: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly skills: readonly TechnicianSkill[];
  readonly level: TechnicianLevel;
  readonly active: boolean;
  readonly homeBase: { readonly address: string; readonly location?: { readonly lat: number; readonly lon: number } } | null;
  readonly workingHours: WorkingHours;
  readonly daysOff: readonly DayOff[];
}

export interface NewTechnician {
  readonly name: string;
  readonly userId?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly skills: readonly TechnicianSkill[];
  readonly level?: TechnicianLevel;
  readonly active?: boolean;
  readonly homeBase?: Technician['homeBase'];
  readonly workingHours?: WorkingHours;
  readonly daysOff?: readonly DayOff[];
}

export type TechnicianPatch = Partial<{
  name: string;
  userId: string | null;
  email: string | null;
  phone: string | null;
  skills: readonly TechnicianSkill[];
  level: TechnicianLevel;
  active: boolean;
  homeBase: Technician['homeBase'];
  workingHours: WorkingHours;
  daysOff: readonly DayOff[];
}>;

/** Monday to Friday, 08:00-17:00, in the given zone: the default working week. */
export function standardWeek(timeZone = 'Europe/Paris'): WorkingHours {
  return { timeZone, periods: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '08:00', end: '17:00' })) };
}

export function newTechnician(id: string, input: NewTechnician, now: string): Technician {
  return {
    ...firstVersion(id, now),
    name: input.name,
    userId: input.userId ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    skills: [...new Set(input.skills)],
    level: input.level ?? 'confirmed',
    active: input.active ?? true,
    homeBase: input.homeBase ?? null,
    workingHours: input.workingHours ?? standardWeek(),
    daysOff: input.daysOff ?? [],
  };
}

export function applyTechnicianPatch(technician: Technician, patch: TechnicianPatch, now: string): Technician {
  const next = { ...technician, ...patch, version: technician.version + 1, updatedAt: now };
  return patch.skills ? { ...next, skills: [...new Set(patch.skills)] } : next;
}

/** Whether the technician profile belongs to the calling user. */
export const isTechnicianOf = (principal: Principal, technician: Technician): boolean =>
  technician.userId !== null && (technician.userId === principal.subject || technician.userId === principal.username);

/** Minutes since midnight of `HH:MM`. */
export const minutesOfDay = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes of work in one week of these working hours (used for utilisation). */
export function weeklyWorkingMinutes(hours: WorkingHours): number {
  return hours.periods.reduce((sum, p) => sum + Math.max(0, minutesOfDay(p.end) - minutesOfDay(p.start)), 0);
}
