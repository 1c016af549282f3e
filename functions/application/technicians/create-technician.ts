import { ulid } from 'ulid';
import { createTechnician as saveTechnician } from '#adapters/dynamodb/technicians-repository';
import type { Principal } from '#domain/principal';
import { newTechnician, type NewTechnician, type Technician } from '#domain/technicians';

/** A technician profile. Steps: build it (active, with its skills and hours); store it. */
export async function createTechnician(who: Principal, input: NewTechnician): Promise<Technician> {
  const technician = newTechnician(ulid(), input, new Date().toISOString());
  await saveTechnician(who.tenantId, technician);
  return technician;
}
