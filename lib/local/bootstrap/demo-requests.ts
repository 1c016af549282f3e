/**
 * Demo service requests: what Acme's client user reported this morning, so the local
 * stack shows requests waiting for a manager to convert them. Written through the same
 * repository as the route (with its `request.created` outbox event).
 */
import { ulid } from 'ulid';
import { ACME_CLIENT_ID, DEMO_TENANT_ID } from './demo-data';

export async function seedDemoRequests(acmeSiteId: string): Promise<void> {
  const { createServiceRequest } = await import('#adapters/dynamodb/service-requests-repository');
  const { newServiceRequest, requestCreatedEvent } = await import('#domain/service-requests');
  const who = { kind: 'user', subject: 'demo-seed', username: 'client@hydrant.local', tenantId: DEMO_TENANT_ID, role: 'client', clientId: ACME_CLIENT_ID, scopes: [] } as const;
  const now = new Date().toISOString();
  const requests = [
    newServiceRequest(ulid(), { kind: 'leak', title: "Fuite sur le trottoir devant l'usine", description: "De l'eau sort d'un regard depuis ce matin", address: '12 rue des Sources, 69000 Lyon', location: { lat: 45.7771, lon: 4.8561 }, siteId: acmeSiteId }, ACME_CLIENT_ID, who, now),
    newServiceRequest(ulid(), { kind: 'low-pressure', title: 'Pression faible au 3e étage', address: '3 rue Duguesclin, 69006 Lyon' }, ACME_CLIENT_ID, who, now),
  ];
  for (const r of requests) await createServiceRequest(DEMO_TENANT_ID, r, requestCreatedEvent(ulid(), DEMO_TENANT_ID, r, now));
}
