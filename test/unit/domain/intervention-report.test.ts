import { describe, expect, it } from 'vitest';
import { renderInterventionReport } from '#adapters/pdf/intervention-report-pdf';
import { checklistVerdict, durationText, interventionReport, reportTime, type InterventionReportInput } from '#domain/intervention-report';
import { pdfText } from '../../support/pdf-text';

// A 1x1 transparent PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const input = (over: Partial<InterventionReportInput> = {}): InterventionReportInput => ({
  tenantName: 'Hydrant demo',
  workOrder: {
    id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7W0A',
    title: 'Remplacement garniture pompe P1',
    description: 'Fuite à la garniture mécanique — remplacement',
    type: 'corrective',
    priority: 'high',
    status: 'completed',
    createdAt: '2026-12-01T07:00:00.000Z',
    dueAt: '2026-12-02T07:00:00.000Z',
    completedAt: '2026-12-01T11:40:00.000Z',
  },
  asset: { name: 'Pompe de relevage P1', type: 'pump', serialNumber: 'GRU-CR45-1001', model: 'Grundfos CR 45' },
  site: { name: 'Usine de traitement Nord', address: '12 rue des Sources, 69000 Lyon' },
  client: { name: 'Acme Water', email: 'ops@acme.example', phone: '+33 4 00 00 00 00' },
  technician: { name: 'Théo Technicien', email: 'tech@hydrant.local' },
  history: [
    { at: '2026-12-01T09:00:00.000Z', by: 'tech@hydrant.local', from: 'scheduled', to: 'in_progress', comment: 'Sur site' },
    { at: '2026-12-01T07:30:00.000Z', by: 'manager@hydrant.local', from: 'open', to: 'scheduled' },
    { at: '2026-12-01T11:40:00.000Z', by: 'tech@hydrant.local', from: 'in_progress', to: 'completed', comment: 'Essai OK → remis en service' },
  ],
  checklist: [
    { label: 'Garniture remplacée', kind: 'passFail', result: true },
    { label: 'Pression de refoulement', kind: 'measurement', result: 4.2, unit: 'bar', min: 3, max: 5 },
    { label: 'Vibrations', kind: 'measurement', result: 9.1, unit: 'mm/s', min: 0, max: 7.1 },
    { label: 'Photo avant/après', kind: 'passFail', result: null },
  ],
  timeEntries: [
    { technician: 'Théo Technicien', start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T10:30:00.000Z', minutes: 90, note: 'démontage' },
    { technician: 'Théo Technicien', start: '2026-12-01T10:45:00.000Z', end: '2026-12-01T11:40:00.000Z', minutes: 55 },
  ],
  signatureRequired: true,
  signature: { signedBy: 'Claire Acme', signedAt: '2026-12-01T11:45:00.000Z', pngBase64: PNG },
  generatedAt: '2026-12-01T12:00:00.000Z',
  generatedBy: 'manager@hydrant.local',
  ...over,
});

describe('the report model', () => {
  it('orders the timeline, totals the time and judges the checklist', () => {
    const r = interventionReport(input());
    expect(r.timeline.map((t) => t[1])).toEqual(['open -> scheduled', 'scheduled -> in_progress', 'in_progress -> completed']);
    expect(r.time.totalMinutes).toBe(145);
    expect(r.time.byTechnician).toEqual([['Théo Technicien', 145]]);
    expect(r.checklist.map((c) => c.verdict)).toEqual(['pass', 'in range', 'out of range', 'not answered']);
    expect(r.checklistSummary).toBe('4 item(s): 2 passed, 1 failed, 1 not answered.');
    expect(r.signature.text).toBe('Signed by Claire Acme on 2026-12-01 11:45 UTC');
  });

  it('says when no time was recorded, or the signature is missing', () => {
    expect(interventionReport(input({ timeEntries: [] })).time).toEqual({ rows: [], byTechnician: [], totalMinutes: 0, note: 'No time recorded.' });
    expect(interventionReport(input({ signature: null })).signature.text).toBe('Signature required: not signed yet.');
    expect(interventionReport(input({ signature: null, signatureRequired: false })).signature.text).toBe('No signature required.');
  });

  it('totals the time per technician, by name, and in all', () => {
    const timeEntries = [
      { technician: 'Théo Technicien', start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T10:30:00.000Z', minutes: 90 },
      { technician: 'Inès Ingénieure', start: '2026-12-01T09:30:00.000Z', end: '2026-12-01T10:30:00.000Z', minutes: 60 },
      { technician: 'Théo Technicien', start: '2026-12-01T11:00:00.000Z', end: '2026-12-01T11:20:00.000Z', minutes: 20 },
    ];
    const r = interventionReport(input({ timeEntries }));
    expect(r.time.byTechnician).toEqual([['Théo Technicien', 110], ['Inès Ingénieure', 60]]);
    expect(r.time.totalMinutes).toBe(170);
    expect(r.time.note).toBeNull();
  });

  it('formats times and durations one way', () => {
    expect(reportTime('2026-12-01T09:05:00.000Z')).toBe('2026-12-01 09:05 UTC');
    expect(reportTime(null)).toBe('-');
    expect(durationText(145)).toBe('2 h 25 min');
    expect(durationText(55)).toBe('55 min');
    expect(checklistVerdict({ label: 'x', kind: 'measurement', result: 3, min: 3, max: 3 })).toBe('in range');
  });
});

describe('the PDF', () => {
  it('opens in PDF.js and contains the asset, site, client, timeline, time, checklist, technician and signature', async () => {
    const bytes = await renderInterventionReport(interventionReport(input()));
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const { pages, text, title } = await pdfText(bytes);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(title).toBe('Intervention report - Work order 01JD5Y7Z8M6Q2V3W4X5Y6Z7W0A');
    for (const expected of [
      'Intervention report',
      'Remplacement garniture pompe P1',
      'Pompe de relevage P1',
      'GRU-CR45-1001',
      'Usine de traitement Nord',
      'Acme Water',
      'Théo Technicien',
      'open -> scheduled',
      'in_progress -> completed',
      '2 h 25 min',
      'Pression de refoulement',
      'OUT OF RANGE',
      'Signed by Claire Acme on 2026-12-01 11:45 UTC',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // A character Helvetica cannot show is replaced, not dropped with the rest of the line.
    expect(text).toContain('Essai OK ? remis en service');
  });

  it('flows onto more pages for a long history', async () => {
    const history = Array.from({ length: 80 }, (_, i) => ({ at: new Date(Date.UTC(2026, 11, 1, 0, i)).toISOString(), by: 'tech', from: 'in_progress', to: 'on_hold', comment: `pause ${i}` }));
    const { pages, text } = await pdfText(await renderInterventionReport(interventionReport(input({ history }))));
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('pause 79');
  });
});
