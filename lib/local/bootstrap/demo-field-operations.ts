/**
 * The demo maintenance day: the demo users' records, the technician profile of
 * tech@hydrant.local and work orders in different states on the demo clients' assets,
 * written through the same repositories and use cases the handlers use.
 */
import { DEMO_TENANT_ID } from './demo-data';

export const DEMO_TECHNICIAN_ID = '01JC8Y5T0000000000TECH0001';
export const DEMO_TECHNICIAN_EMAIL = 'tech@hydrant.local';

/** The Cognito `sub` of a demo user (its username in a pool that signs in with e-mail). */
async function demoUserSub(email: string): Promise<string | undefined> {
  const endpoint = process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
  const userPoolId = process.env.USER_POOL_ID;
  if (!endpoint || !userPoolId) return undefined;
  const { AdminGetUserCommand, CognitoIdentityProviderClient } = await import('@aws-sdk/client-cognito-identity-provider');
  const { localClientConfig } = await import('../emulators/aws-clients');
  const cognito = new CognitoIdentityProviderClient(localClientConfig(endpoint));
  try {
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }));
    return user.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? user.Username;
  } catch {
    return undefined;
  } finally {
    cognito.destroy();
  }
}

/**
 * The demo users' Hydrant records, as `POST /v1/users` would have written them: the users
 * table is where notifications find their recipients and reports find people's names.
 */
async function seedDemoUserRecords(): Promise<void> {
  const { createUserRecord } = await import('#adapters/dynamodb/users-repository');
  const { newUser } = await import('#domain/users');
  const { DEMO_USERS } = await import('./demo-data');
  const now = new Date().toISOString();
  for (const user of DEMO_USERS) {
    const sub = await demoUserSub(user.email);
    if (!sub) continue;
    await createUserRecord(DEMO_TENANT_ID, newUser(sub, user, user.email === DEMO_TECHNICIAN_EMAIL ? DEMO_TECHNICIAN_ID : null, now));
  }
}

export interface DemoAssetRef {
  readonly id: string;
  readonly name: string;
  readonly siteId: string;
  readonly clientId: string | null;
}

export async function seedDemoFieldOperations(assets: readonly DemoAssetRef[]): Promise<void> {
  const { createClient } = await import('#adapters/dynamodb/clients-repository');
  const { newClient } = await import('#domain/clients');
  const { ACME_CLIENT_ID, BLUE_RIVER_CLIENT_ID } = await import('./demo-data');
  const stamp = new Date().toISOString();
  await createClient(DEMO_TENANT_ID, newClient(ACME_CLIENT_ID, { name: 'Acme Water', email: 'contact@acme-water.example', phone: '+33 4 72 00 00 01', address: '1 avenue de l’Eau, 69003 Lyon' }, stamp));
  await createClient(DEMO_TENANT_ID, newClient(BLUE_RIVER_CLIENT_ID, { name: 'Blue River', email: 'exploitation@blue-river.example', phone: '+33 4 78 00 00 02', address: '4 chemin du Rhône, 69100 Villeurbanne' }, stamp));
  await seedDemoUserRecords();
  const { createTechnician } = await import('#adapters/dynamodb/technicians-repository');
  const { newTechnician, standardWeek } = await import('#domain/technicians');
  const now = new Date();
  const sub = await demoUserSub(DEMO_TECHNICIAN_EMAIL);
  await createTechnician(
    DEMO_TENANT_ID,
    newTechnician(
      DEMO_TECHNICIAN_ID,
      {
        name: 'Théo Technicien',
        userId: sub ?? DEMO_TECHNICIAN_EMAIL,
        email: DEMO_TECHNICIAN_EMAIL,
        skills: ['hydraulics', 'leak-detection'],
        level: 'confirmed',
        homeBase: { address: '8 quai Perrache, 69002 Lyon', location: { lat: 45.7485, lon: 4.8262 } },
        workingHours: standardWeek('Europe/Paris'),
      },
      now.toISOString(),
    ),
  );
  await seedDemoWorkOrders(assets, now);
}

async function seedDemoWorkOrders(assets: readonly DemoAssetRef[], now: Date): Promise<void> {
  const { openWorkOrder } = await import('#application/work-orders/open-work-order');
  const { updateWorkOrder } = await import('#adapters/dynamodb/work-orders-repository');
  const { transition } = await import('#domain/work-orders');
  // The demo manager acts under their Cognito id, as through the API: reports then name them.
  const managerId = (await demoUserSub('manager@hydrant.local')) ?? 'manager@hydrant.local';
  const manager = { kind: 'user', subject: managerId, username: managerId, tenantId: DEMO_TENANT_ID, role: 'manager', scopes: [] } as const;
  const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
  const byName = (prefix: string) => assets.find((a) => a.name.startsWith(prefix));
  const place = (a: DemoAssetRef | undefined) => (a ? { assetId: a.id, siteId: a.siteId, clientId: a.clientId } : { assetId: null, siteId: null, clientId: null });
  const plans = [
    { asset: byName('Pompe de relevage'), title: 'Pompe P1 : vibrations anormales', type: 'corrective', priority: 'high', path: ['scheduled', 'in_progress'], assigned: true, createdHoursAgo: 5 },
    { asset: byName('Filtre à sable'), title: 'Lavage et contrôle du filtre F2', type: 'preventive', priority: 'normal', path: ['scheduled'], assigned: true, createdHoursAgo: 2 },
    { asset: byName('Vanne de sectionnement'), title: 'Manœuvre annuelle de la vanne V7', type: 'inspection', priority: 'low', path: [], assigned: false, createdHoursAgo: 200 },
    { asset: byName('Pompe de surpression'), title: 'Fuite au presse-étoupe B1', type: 'corrective', priority: 'critical', path: [], assigned: false, createdHoursAgo: 1 },
    { asset: byName('Pompe de surpression'), title: 'Remplacement du joint mécanique B1', type: 'corrective', priority: 'normal', path: ['scheduled', 'in_progress', 'completed'], assigned: true, createdHoursAgo: 30 },
    { asset: byName('Poteau incendie'), title: 'Contrôle débit/pression PI-112', type: 'inspection', priority: 'normal', path: ['scheduled', 'in_progress', 'on_hold'], assigned: true, createdHoursAgo: 20 },
  ] as const;
  for (const plan of plans) {
    const created = at(-plan.createdHoursAgo);
    let wo = await openWorkOrder(
      DEMO_TENANT_ID,
      { title: plan.title, type: plan.type, priority: plan.priority, estimatedMinutes: 90, requiredSkills: ['hydraulics'], ...(plan.type === 'inspection' ? { checklist: [{ label: 'Pression statique', kind: 'measurement', unit: 'bar', min: 1, max: 10 }] } : {}) },
      managerId,
      { now: created, placement: place(plan.asset) },
    );
    if (plan.assigned) {
      const assigned = { ...wo, assignedTechnicianId: DEMO_TECHNICIAN_ID, scheduledStart: at(-1), version: wo.version + 1 };
      await updateWorkOrder(DEMO_TENANT_ID, assigned, wo.version);
      wo = assigned;
    }
    for (const to of plan.path) {
      const outcome = transition({ principal: manager }, wo, { to, checklist: wo.checklist.map((i) => ({ itemId: i.id, value: 4 })) }, at(-0.5));
      if (!outcome.ok) throw new Error(`demo work order ${plan.title}: ${JSON.stringify(outcome.refusal)}`);
      await updateWorkOrder(DEMO_TENANT_ID, outcome.workOrder, wo.version, { history: outcome.entry });
      wo = outcome.workOrder;
    }
  }
}
