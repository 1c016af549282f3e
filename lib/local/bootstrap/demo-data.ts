/**
 * The local demo: identities, API keys and a small water network, documented in
 * the README. Created only by the local stack, never in the cloud.
 */
export const DEMO_TENANT_ID = 'hydrant-demo';
export const DEMO_PASSWORD = 'Hydrant-Demo-2026';
export const DEMO_API_KEY = 'hydrant-local-demo-key-0001';
/** A key on a tight plan (1 request/s, burst 2) to see throttling and 429s. */
export const TRIAL_API_KEY = 'hydrant-local-trial-key-0001';

/**
 * The demo keys and the plan of each, one of the model's plans (`lib/model/usage-plans.ts`):
 * the local gateway throttles by it and Hydrant's key policy (quota, `GET /v1/usage`) names
 * it, as for a key created through `POST /v1/api-keys`, so the two never disagree.
 */
export const DEMO_API_KEYS = [
  { id: 'demo-key', value: DEMO_API_KEY, name: 'Local demo', planId: 'partner' },
  { id: 'trial-key', value: TRIAL_API_KEY, name: 'Local trial', planId: 'trial' },
] as const;

export const ACME_CLIENT_ID = '01JC8Y5T0000000000ACME0001';
export const BLUE_RIVER_CLIENT_ID = '01JC8Y5T000000000BR1VER001';

export interface DemoUser {
  readonly email: string;
  readonly role: 'admin' | 'manager' | 'technician' | 'client';
  readonly givenName: string;
  readonly familyName: string;
  readonly clientId?: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'admin@hydrant.local', role: 'admin', givenName: 'Alice', familyName: 'Admin' },
  { email: 'manager@hydrant.local', role: 'manager', givenName: 'Marc', familyName: 'Manager' },
  { email: 'tech@hydrant.local', role: 'technician', givenName: 'Théo', familyName: 'Technicien' },
  { email: 'client@hydrant.local', role: 'client', givenName: 'Claire', familyName: 'Acme', clientId: ACME_CLIENT_ID },
  { email: 'client2@hydrant.local', role: 'client', givenName: 'Bruno', familyName: 'BlueRiver', clientId: BLUE_RIVER_CLIENT_ID },
];

export const DEMO_SITES = [
  { key: 'acme-plant', name: 'Acme Water — Usine de traitement Nord', address: '12 rue des Sources, 69000 Lyon', location: { lat: 45.7772, lon: 4.8559 }, clientId: ACME_CLIENT_ID },
  { key: 'acme-reservoir', name: 'Acme Water — Réservoir de Fourvière', address: 'Montée Nicolas de Lange, 69005 Lyon', location: { lat: 45.7622, lon: 4.8226 }, clientId: ACME_CLIENT_ID },
  { key: 'blue-station', name: 'Blue River — Station de pompage Est', address: '4 chemin du Rhône, 69100 Villeurbanne', location: { lat: 45.7719, lon: 4.8902 }, clientId: BLUE_RIVER_CLIENT_ID },
  { key: 'network', name: 'Réseau communal — secteur centre', address: 'Place Bellecour, 69002 Lyon', location: { lat: 45.7578, lon: 4.832 } },
] as const;

export const DEMO_ASSETS = [
  { site: 'acme-plant', name: 'Pompe de relevage P1', type: 'pump', serialNumber: 'GRU-CR45-1001', model: 'Grundfos CR 45', installedAt: '2023-04-01T00:00:00Z', maintenanceIntervalDays: 180 },
  { site: 'acme-plant', name: 'Filtre à sable F2', type: 'treatment-unit', serialNumber: 'FLT-SAND-2002', model: 'Degrémont Aquazur', installedAt: '2021-09-15T00:00:00Z', maintenanceIntervalDays: 90 },
  { site: 'acme-reservoir', name: 'Vanne de sectionnement V7', type: 'valve', serialNumber: 'VAN-DN300-0007', model: 'AVK DN300', installedAt: '2019-06-01T00:00:00Z', maintenanceIntervalDays: 365 },
  { site: 'blue-station', name: 'Pompe de surpression B1', type: 'pump', serialNumber: 'KSB-ETA-3301', model: 'KSB Etanorm', installedAt: '2022-02-10T00:00:00Z', maintenanceIntervalDays: 120 },
  { site: 'network', name: 'Poteau incendie PI-112', type: 'hydrant', serialNumber: 'PI-112', model: 'Bayard Emeraude', installedAt: '2015-05-20T00:00:00Z', maintenanceIntervalDays: 365 },
  { site: 'network', name: 'Compteur de sectorisation C3', type: 'meter', serialNumber: 'ITR-WOLT-0003', model: 'Itron Woltex DN150', installedAt: '2020-11-03T00:00:00Z', maintenanceIntervalDays: 730 },
] as const;
