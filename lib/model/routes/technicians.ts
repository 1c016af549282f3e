/** Technicians: who can be assigned work orders. */
import { CreateTechnicianBody, ListTechniciansQuery, Technician, technicianExample, UpdateTechnicianBody } from '../schemas/technicians';
import type { RouteDecl } from '../types';
import { STAFF_WRITERS } from './access';
import { crudRoutes } from './crud';

const withoutDelete = (routes: RouteDecl[]) => routes.filter((r) => r.method !== 'DELETE');

export const techniciansRoutes: readonly RouteDecl[] = withoutDelete(
  crudRoutes({
    collection: 'technicians',
    name: 'Technician',
    tag: 'Technicians',
    schema: Technician,
    example: technicianExample,
    createBody: CreateTechnicianBody,
    createExample: {
      name: technicianExample.name,
      userId: technicianExample.userId,
      email: technicianExample.email,
      skills: technicianExample.skills,
      level: 'confirmed',
      homeBase: technicianExample.homeBase,
      workingHours: technicianExample.workingHours,
    },
    updateBody: UpdateTechnicianBody,
    updateExample: { skills: ['hydraulics', 'leak-detection', 'instrumentation'] },
    listQuery: ListTechniciansQuery,
    readers: ['admin', 'manager', 'technician'],
    writers: STAFF_WRITERS,
  }),
  // A technician's name is a person's: the audit trail records that it changed, not what it was.
).map((route) => ({ ...route, audit: { ...route.audit, personalFields: ['name'] } }));
