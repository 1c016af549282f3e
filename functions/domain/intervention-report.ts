/**
 * The intervention report of a work order: what the PDF says, decided here (sections,
 * the timeline, time spent, checklist verdicts, the signature), rendered elsewhere.
 *
 * Pure: no AWS SDK, no I/O. The inputs are plain views so that the report does not
 * depend on how work orders, assets or time entries are stored.
 */

export interface ReportChecklistItem {
  readonly label: string;
  readonly kind: 'passFail' | 'measurement';
  /** passFail: true/false; measurement: the value; null when not answered. */
  readonly result: boolean | number | null;
  readonly unit?: string | null;
  readonly min?: number | null;
  readonly max?: number | null;
  readonly comment?: string | null;
}

export interface ReportHistoryEntry {
  readonly at: string;
  /** Who made the change, by name (a user's name, a technician's, or the system that did it). */
  readonly by: string | null;
  readonly from: string | null;
  readonly to: string;
  readonly comment?: string | null;
}

export interface ReportTimeEntry {
  readonly technician: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly minutes: number;
  readonly note?: string | null;
}

export interface ReportSignature {
  readonly signedBy: string;
  readonly signedAt: string;
  /** A PNG of the signature, base64, when one was captured. */
  readonly pngBase64?: string | null;
}

export interface InterventionReportInput {
  readonly tenantName?: string;
  readonly workOrder: {
    readonly id: string;
    readonly title: string;
    readonly description: string;
    readonly type: string;
    readonly priority: string;
    readonly status: string;
    readonly createdAt: string;
    readonly dueAt: string | null;
    readonly completedAt: string | null;
  };
  readonly asset: { readonly name: string; readonly type: string; readonly serialNumber: string | null; readonly model: string | null } | null;
  readonly site: { readonly name: string; readonly address: string } | null;
  readonly client: { readonly name: string; readonly email?: string | null; readonly phone?: string | null } | null;
  readonly technician: { readonly name: string; readonly email?: string | null } | null;
  readonly history: readonly ReportHistoryEntry[];
  readonly checklist: readonly ReportChecklistItem[];
  /** Empty when none were recorded. */
  readonly timeEntries: readonly ReportTimeEntry[];
  readonly signatureRequired: boolean;
  readonly signature: ReportSignature | null;
  readonly generatedAt: string;
  readonly generatedBy: string;
}

export type ChecklistVerdict = 'pass' | 'fail' | 'in range' | 'out of range' | 'not answered';

export interface ReportModel {
  readonly title: string;
  readonly reference: string;
  readonly fields: readonly { readonly section: string; readonly rows: readonly (readonly [string, string])[] }[];
  readonly timeline: readonly (readonly [string, string, string])[];
  readonly time: {
    readonly rows: readonly (readonly [string, string, string])[];
    /** Minutes per technician, by name, in the order they first logged time. */
    readonly byTechnician: readonly (readonly [string, number])[];
    readonly totalMinutes: number;
    readonly note: string | null;
  };
  readonly checklist: readonly { readonly label: string; readonly answer: string; readonly verdict: ChecklistVerdict }[];
  readonly checklistSummary: string;
  readonly signature: { readonly text: string; readonly pngBase64: string | null };
  readonly footer: string;
}

/** `2026-12-01T09:30:00.000Z` as `2026-12-01 09:30 UTC`: one unambiguous form in the whole report. */
export function reportTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** `95` as `1 h 35 min`. */
export function durationText(minutes: number): string {
  const m = Math.round(minutes);
  const h = Math.floor(m / 60);
  return h > 0 ? `${h} h ${String(m % 60).padStart(2, '0')} min` : `${m} min`;
}

export function checklistVerdict(item: ReportChecklistItem): ChecklistVerdict {
  if (item.result === null || item.result === undefined) return 'not answered';
  if (item.kind === 'passFail') return item.result === true ? 'pass' : 'fail';
  const value = item.result as number;
  const low = item.min ?? -Infinity;
  const high = item.max ?? Infinity;
  return value >= low && value <= high ? 'in range' : 'out of range';
}

function answerOf(item: ReportChecklistItem): string {
  if (item.result === null || item.result === undefined) return '-';
  if (item.kind === 'passFail') return item.result ? 'Pass' : 'Fail';
  const range = item.min !== undefined || item.max !== undefined ? ` (range ${item.min ?? '-'} to ${item.max ?? '-'})` : '';
  return `${item.result}${item.unit ? ` ${item.unit}` : ''}${range}`;
}

/** Everything the PDF shows, in order. */
export function interventionReport(input: InterventionReportInput): ReportModel {
  const wo = input.workOrder;
  const fields = [
    {
      section: 'Work order',
      rows: [
        ['Title', wo.title],
        ['Type / priority', `${wo.type} / ${wo.priority}`],
        ['Status', wo.status],
        ['Created', reportTime(wo.createdAt)],
        ['Due', reportTime(wo.dueAt)],
        ['Completed', reportTime(wo.completedAt)],
        ['Description', wo.description || '-'],
      ] as [string, string][],
    },
    {
      section: 'Client',
      rows: (input.client
        ? [['Name', input.client.name], ['Contact', [input.client.email, input.client.phone].filter(Boolean).join(' / ') || '-']]
        : [['Name', 'Operator (no client)']]) as [string, string][],
    },
    { section: 'Site', rows: (input.site ? [['Name', input.site.name], ['Address', input.site.address]] : [['Name', '-']]) as [string, string][] },
    {
      section: 'Asset',
      rows: (input.asset
        ? [['Name', input.asset.name], ['Type', input.asset.type], ['Serial number', input.asset.serialNumber ?? '-'], ['Model', input.asset.model ?? '-']]
        : [['Name', '-']]) as [string, string][],
    },
    {
      section: 'Technician',
      rows: [['Name', input.technician ? [input.technician.name, input.technician.email].filter(Boolean).join(' - ') : 'Not assigned']] as [string, string][],
    },
  ];
  const timeline = [...input.history]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((h) => [reportTime(h.at), `${h.from ?? 'created'} -> ${h.to}`, [h.by, h.comment].filter(Boolean).join(': ') || '-'] as const);
  const entries = [...input.timeEntries].sort((a, b) => (a.start ?? '').localeCompare(b.start ?? ''));
  const perTechnician = new Map<string, number>();
  for (const e of entries) perTechnician.set(e.technician, (perTechnician.get(e.technician) ?? 0) + Math.max(0, e.minutes));
  const time = {
    rows: entries.map((e) => [e.technician, `${reportTime(e.start)} - ${reportTime(e.end)}`, `${durationText(e.minutes)}${e.note ? ` (${e.note})` : ''}`] as const),
    byTechnician: [...perTechnician],
    totalMinutes: [...perTechnician.values()].reduce((sum, m) => sum + m, 0),
    note: entries.length === 0 ? 'No time recorded.' : null,
  };
  const checklist = input.checklist.map((item) => ({ label: item.label, answer: answerOf(item) + (item.comment ? ` - ${item.comment}` : ''), verdict: checklistVerdict(item) }));
  const counts = (v: ChecklistVerdict) => checklist.filter((c) => c.verdict === v).length;
  const checklistSummary =
    checklist.length === 0
      ? 'No checklist.'
      : `${checklist.length} item(s): ${counts('pass') + counts('in range')} passed, ${counts('fail') + counts('out of range')} failed, ${counts('not answered')} not answered.`;
  const signature = input.signature
    ? { text: `Signed by ${input.signature.signedBy} on ${reportTime(input.signature.signedAt)}`, pngBase64: input.signature.pngBase64 ?? null }
    : { text: input.signatureRequired ? 'Signature required: not signed yet.' : 'No signature required.', pngBase64: null };
  return {
    title: 'Intervention report',
    reference: `Work order ${wo.id}`,
    fields,
    timeline,
    time,
    checklist,
    checklistSummary,
    signature,
    footer: `${input.tenantName ? `${input.tenantName} - ` : ''}Generated ${reportTime(input.generatedAt)} by ${input.generatedBy} with Hydrant`,
  };
}
