/**
 * Service requests become work orders, with their photos; work orders give PDF
 * intervention reports, kept as their documents. Through the local stack.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TECHNICIAN_ID } from '#lib/local/bootstrap/demo-field-operations';
import { call, tokenFor, USERS } from '../support/api';
import { pdfText } from '../support/pdf-text';
import { fixtureAsset } from '../support/route-fixtures';
import { assignInProcess, backdateInProcess, fixtureTechnician, fixtureWorkOrder } from '../support/work-orders';

const HOUR = 3_600_000;

let manager: string;
let client: string;
let otherClient: string;
let technician: string;

beforeAll(async () => {
  [manager, client, otherClient, technician] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.client), tokenFor(USERS.otherClient), tokenFor(USERS.technician)]);
});

async function settled(token: string, id: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await call('GET', `/v1/documents/${id}`, { token });
    if (res.body.status !== 'pending' || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('converting a request', () => {
  it('makes one work order from the request (source request, its client, asset and site, priority from the kind), and the photos follow', async () => {
    const asset = await fixtureAsset();
    const request = (await call('POST', '/v1/requests', { token: client, body: { kind: 'damaged-hydrant', title: 'Poteau renversé', description: 'Heurté par une voiture', assetId: asset.id } })).body;
    const bytes = new TextEncoder().encode('photo of a hydrant');
    const declared = await call('POST', '/v1/documents', {
      token: client,
      body: { parentType: 'request', parentId: request.id, fileName: 'poteau.jpg', contentType: 'image/jpeg', sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    });
    const { 'content-length': _l, ...headers } = declared.body.upload.headers;
    expect((await fetch(declared.body.upload.url, { method: 'PUT', headers, body: bytes })).status).toBe(200);
    expect((await settled(client, declared.body.document.id)).status).toBe('available');

    expect((await call('POST', `/v1/requests/${request.id}/convert`, { token: client, body: {} })).status).toBe(403);
    const res = await call('POST', `/v1/requests/${request.id}/convert`, { token: manager, body: {} });
    expect(res.status).toBe(201);
    const wo = res.body.workOrder;
    expect(res.headers.get('location')).toBe(`/v1/work-orders/${wo.id}`);
    expect(res.body.request).toMatchObject({ status: 'converted', workOrderId: wo.id, version: 2 });
    expect(res.body.movedDocuments).toBe(1);
    expect(wo).toMatchObject({ source: 'request', sourceRef: request.id, clientId: request.clientId, assetId: asset.id, siteId: asset.siteId, priority: 'high', type: 'corrective', title: 'Poteau renversé', status: 'open' });
    expect(wo.description).toContain('Heurté par une voiture');
    expect((await call('GET', `/v1/work-orders/${wo.id}`, { token: client })).status).toBe(200);

    // The photo now belongs to the work order, and its client still sees it.
    const onWorkOrder = await call('GET', `/v1/documents?parentType=work-order&parentId=${wo.id}`, { token: client });
    expect(onWorkOrder.body.data).toEqual([expect.objectContaining({ id: declared.body.document.id, status: 'available', previousParent: { type: 'request', id: request.id } })]);
    expect((await call('GET', `/v1/documents?parentType=request&parentId=${request.id}`, { token: manager })).body.data).toEqual([]);
    expect((await call('GET', `/v1/documents/${declared.body.document.id}`, { token: otherClient })).status).toBe(404);

    const again = await call('POST', `/v1/requests/${request.id}/convert`, { token: manager, body: {} });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'REQUEST_ALREADY_CONVERTED' });
  });

  it('lets the manager choose priority, type and title; another client\'s request is invisible to its client', async () => {
    const request = (await call('POST', '/v1/requests', { token: client, body: { kind: 'meter-issue', title: 'Compteur', address: '1 rue X, Lyon' } })).body;
    const res = await call('POST', `/v1/requests/${request.id}/convert`, { token: manager, body: { priority: 'critical', type: 'inspection', title: 'Contrôle compteur' } });
    expect(res.body.workOrder).toMatchObject({ priority: 'critical', type: 'inspection', title: 'Contrôle compteur', siteId: null, assetId: null, clientId: request.clientId });
    expect((await call('GET', `/v1/requests/${request.id}`, { token: otherClient })).status).toBe(404);
  });
});

describe('the intervention report', () => {
  it('is a real PDF of the work order, kept as an available document of it with a download URL', async () => {
    const asset = await fixtureAsset();
    const wo = await fixtureWorkOrder(asset.siteId, { assetId: asset.id, title: 'Révision pompe', checklist: [{ label: 'Pression de refoulement', kind: 'measurement', unit: 'bar', min: 1, max: 8 }] });
    await assignInProcess(wo.id);
    const res = await call('POST', `/v1/work-orders/${wo.id}/report`, { token: technician });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ parentType: 'work-order', parentId: wo.id, contentType: 'application/pdf', status: 'available', tags: ['report'], clientId: asset.clientId });
    expect(res.headers.get('location')).toBe(`/v1/documents/${res.body.id}`);
    const pdf = new Uint8Array(await (await fetch(res.body.download.url)).arrayBuffer());
    expect(pdf.length).toBe(res.body.sizeBytes);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(res.body.sha256);
    const { text } = await pdfText(pdf);
    for (const expected of ['Intervention report', 'Révision pompe', asset.name, asset.serialNumber, 'open -> scheduled', 'Pression de refoulement', 'NOT ANSWERED', 'No time recorded.', 'No signature required.']) {
      expect(text, expected).toContain(expected);
    }
    // The verify worker is notified of the PDF too, and leaves it available.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await call('GET', `/v1/documents/${res.body.id}`, { token: client })).body.status).toBe('available');
    expect((await call('POST', `/v1/work-orders/${wo.id}/report`, { token: otherClient })).status).toBe(403);
  });

  it('names the client with its contact, totals the time logged in all and per technician, and names people, never by their Cognito id', async () => {
    const asset = await fixtureAsset();
    const wo = await fixtureWorkOrder(asset.siteId, { assetId: asset.id, title: 'Remplacement clapet' });
    await backdateInProcess(wo.id, 4 * HOUR);
    await assignInProcess(wo.id);
    expect((await call('POST', `/v1/work-orders/${wo.id}/transitions`, { token: technician, body: { to: 'in_progress', comment: 'Sur site' } })).status).toBe(200);
    const helper = await fixtureTechnician();
    const logged = await Promise.all([
      call('POST', `/v1/work-orders/${wo.id}/time-entries`, { token: technician, body: { technicianId: DEMO_TECHNICIAN_ID, start: new Date(Date.now() - 3 * HOUR).toISOString(), minutes: 90 } }),
      call('POST', `/v1/work-orders/${wo.id}/time-entries`, { token: manager, body: { technicianId: helper.id, start: new Date(Date.now() - 2 * HOUR).toISOString(), minutes: 60, note: 'renfort' } }),
    ]);
    expect(logged.map((r) => r.status)).toEqual([201, 201]);

    const res = await call('POST', `/v1/work-orders/${wo.id}/report`, { token: manager });
    expect(res.status).toBe(201);
    const { text } = await pdfText(new Uint8Array(await (await fetch(res.body.download.url)).arrayBuffer()));
    const acme = (await call('GET', `/v1/clients/${asset.clientId}`, { token: manager })).body;
    const [techUser, managerUser] = await Promise.all([call('GET', '/v1/me', { token: technician }), call('GET', '/v1/me', { token: manager })]);
    const nameOf = (me: { body: { givenName: string; familyName: string } }) => `${me.body.givenName} ${me.body.familyName}`;
    // Other files may rename the demo technician: its name as it stands now.
    const demoTechnician = (await call('GET', `/v1/technicians/${DEMO_TECHNICIAN_ID}`, { token: manager })).body;
    for (const expected of [
      acme.name,
      acme.email,
      demoTechnician.name,
      helper.name,
      '1 h 30 min in all',
      '1 h 00 min in all',
      'Total 2 h 30 min',
      'renfort',
      `${nameOf(techUser)}: Sur site`,
      `by ${nameOf(managerUser)} with Hydrant`,
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain(`Client ${asset.clientId}`);
    expect(text).not.toContain('not available');
    expect(text).not.toContain(techUser.body.id);
    expect(text).not.toContain(managerUser.body.id);
  });

  it('is idempotent: a retry with the same Idempotency-Key gets the same report, not a second document', async () => {
    const asset = await fixtureAsset();
    const wo = await fixtureWorkOrder(asset.siteId, { assetId: asset.id, title: 'Rapport rejoué' });
    const key = `report-${Date.now()}`;
    const first = await call('POST', `/v1/work-orders/${wo.id}/report`, { token: technician, headers: { 'idempotency-key': key } });
    const again = await call('POST', `/v1/work-orders/${wo.id}/report`, { token: technician, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const reports = await call('GET', `/v1/documents?parentType=work-order&parentId=${wo.id}`, { token: technician });
    expect(reports.body.data.filter((d: { tags: string[] }) => d.tags.includes('report'))).toHaveLength(1);
  });
});
