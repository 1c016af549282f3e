/**
 * Work orders: a list or a board by status, creation (managers), and one work order's page:
 * its checklist, the moves its status allows with the answers and signature completion needs,
 * assignment from the ranked candidates, history, time entries and the PDF report.
 */
import { useState } from 'preact/hooks';
import { nextStatuses } from '#domain/work-order-workflow';
import { can, describeError, hydrant, type Me } from '../api';
import { formatDate, t } from '../i18n';
import { publish } from '../live';
import { Tabs } from '../tabs';
import { useLoad } from '../use-load';
import { statusKey } from './dashboard';
import type { Schemas } from '../../../sdk/src/index';

type WorkOrder = Schemas['WorkOrder'];
const BOARD: readonly WorkOrder['status'][] = ['open', 'scheduled', 'in_progress', 'on_hold', 'completed', 'closed'];

async function loadWorkOrders(): Promise<WorkOrder[]> {
  const all: WorkOrder[] = [];
  for await (const w of hydrant().list('/v1/work-orders', { query: { limit: 100 } })) all.push(w);
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function WorkOrdersPage({ me }: { me: Me }) {
  const [view, setView] = useState<'list' | 'board'>('list');
  const { data, error } = useLoad(loadWorkOrders, [me.id], 'work-orders');
  return (
    <section aria-labelledby="wo-title">
      <h1 id="wo-title">{t('workOrdersTitle')}</h1>
      {can.createWorkOrder(me.role) && <CreateWorkOrder />}
      <Tabs label={t('workOrdersTitle')} options={['list', 'board'] as const} value={view} onChange={setView} />
      {error && <p role="alert" class="error">{error}</p>}
      {!data && !error && <p>{t('loading')}</p>}
      {data?.length === 0 && <p>{t('noWorkOrders')}</p>}
      {data && data.length > 0 && view === 'list' && (
        <ul class="wo-list">
          {data.map((w) => (
            <li key={w.id}>
              <a href={`#/work-orders/${w.id}`}>{w.title}</a> <span class={`badge st-${w.status}`}>{t(statusKey(w.status))}</span>{' '}
              <span class="muted">
                {w.priority} · {t('dueAt')} {formatDate(w.dueAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {data && data.length > 0 && view === 'board' && (
        <div class="board">
          {BOARD.map((status) => (
            <section key={status} class="column" aria-label={t(statusKey(status))}>
              <h2>{t(statusKey(status))}</h2>
              {data
                .filter((w) => w.status === status)
                .map((w) => (
                  <a key={w.id} class="card wo-card" href={`#/work-orders/${w.id}`}>
                    {w.title}
                    <span class="muted"> {w.priority}</span>
                  </a>
                ))}
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

function CreateWorkOrder() {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('newWorkOrder')}
      </button>
    );
  const submit = async (event: Event) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    const item = String(f.get('checklist') ?? '').trim();
    try {
      const { data } = await hydrant().api.POST('/v1/work-orders', {
        body: {
          title: String(f.get('title')),
          description: String(f.get('description') ?? ''),
          type: String(f.get('type')) as WorkOrder['type'],
          priority: String(f.get('priority')) as WorkOrder['priority'],
          estimatedMinutes: 60,
          ...(item ? { checklist: [{ label: item, kind: 'pass_fail' as const }] } : {}),
          requiresSignature: f.get('requiresSignature') === 'on',
        },
      });
      publish('work-orders');
      location.hash = `#/work-orders/${data!.id}`;
    } catch (e) {
      setError(describeError(e, t('forbidden')));
    }
  };
  return (
    <form class="stack-form" onSubmit={submit} aria-label={t('newWorkOrder')}>
      <label for="wo-title-input">{t('title')}</label>
      <input id="wo-title-input" name="title" required maxLength={200} />
      <label for="wo-description">{t('description')}</label>
      <textarea id="wo-description" name="description" rows={3} />
      <label for="wo-type">{t('type')}</label>
      <select id="wo-type" name="type">
        {['corrective', 'preventive', 'predictive', 'inspection'].map((v) => (
          <option key={v}>{v}</option>
        ))}
      </select>
      <label for="wo-priority">{t('priority')}</label>
      <select id="wo-priority" name="priority">
        {['normal', 'low', 'high', 'critical'].map((v) => (
          <option key={v}>{v}</option>
        ))}
      </select>
      <label for="wo-checklist">{t('checklistItem')}</label>
      <input id="wo-checklist" name="checklist" maxLength={200} />
      <label class="check">
        <input type="checkbox" name="requiresSignature" /> {t('requiresSignature')}
      </label>
      <div class="row">
        <button type="submit">{t('create')}</button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
      </div>
      {error && <p role="alert" class="error">{error}</p>}
    </form>
  );
}

interface Detail {
  readonly workOrder: WorkOrder;
  readonly history: Schemas['WorkOrderHistoryEntry'][];
  readonly timeEntries: Schemas['TimeEntry'][];
}

async function loadDetail(id: string): Promise<Detail> {
  const client = hydrant();
  const [{ data: workOrder }, { data: history }, timeEntries] = await Promise.all([
    client.api.GET('/v1/work-orders/{id}', { params: { path: { id } } }),
    client.api.GET('/v1/work-orders/{id}/history', { params: { path: { id } } }),
    client.api.GET('/v1/work-orders/{id}/time-entries', { params: { path: { id } } }).then(
      (r) => r.data?.data ?? [],
      () => [],
    ),
  ]);
  return { workOrder: workOrder!, history: history?.data ?? [], timeEntries };
}

export function WorkOrderPage({ me, id }: { me: Me; id: string }) {
  const { data, error, reload } = useLoad(() => loadDetail(id), [id], 'work-orders');
  const [actionError, setActionError] = useState<string>();
  const [report, setReport] = useState<string>();
  const act = (work: () => Promise<unknown>) => async () => {
    setActionError(undefined);
    try {
      await work();
      publish('work-orders');
      reload();
    } catch (e) {
      setActionError(describeError(e, t('forbidden')));
    }
  };
  if (error) return <p role="alert" class="error">{error}</p>;
  if (!data) return <p>{t('loading')}</p>;
  const w = data.workOrder;
  return (
    <section aria-labelledby="wo-detail-title">
      <h1 id="wo-detail-title">{t('workOrder', { title: w.title })}</h1>
      <p>
        <span class={`badge st-${w.status}`} id="wo-status">{t(statusKey(w.status))}</span> · {w.type} · {w.priority} · {t('dueAt')} {formatDate(w.dueAt)}
      </p>
      {w.description && <p>{w.description}</p>}
      {actionError && <p role="alert" class="error">{actionError}</p>}
      {can.transitionWorkOrder(me.role) && <Transition workOrder={w} onMove={(body) => act(() => hydrant().api.POST('/v1/work-orders/{id}/transitions', { params: { path: { id } }, body }))()} />}
      {can.assignWorkOrder(me.role) && (w.status === 'open' || w.status === 'scheduled') && (
        <Candidates id={id} onAssign={(technicianId, start) => act(() => hydrant().api.POST('/v1/work-orders/{id}/assignment', { params: { path: { id } }, body: { technicianId, start, durationMinutes: w.estimatedMinutes ?? 60 } }))()} />
      )}
      <h2>{t('checklist')}</h2>
      <ul>
        {w.checklist.map((c) => (
          <li key={c.id}>
            {c.label}: {c.result ? (c.result.ok ? '✔' : '✘') : '—'}
          </li>
        ))}
        {w.checklist.length === 0 && <li>{t('none')}</li>}
      </ul>
      {w.signature && (
        <p>
          {t('signature')} {w.signature.signedBy} ({formatDate(w.signature.signedAt)})
        </p>
      )}
      <h2>{t('history')}</h2>
      <ol class="history">
        {data.history.map((h) => (
          <li key={h.id}>
            {formatDate(h.at)}: {h.from ? `${t(statusKey(h.from))} → ` : ''}
            {t(statusKey(h.to))} {h.comment ? `(${h.comment})` : ''}
          </li>
        ))}
      </ol>
      <h2>{t('timeEntries')}</h2>
      <ul>
        {data.timeEntries.map((e) => (
          <li key={e.id}>
            {formatDate(e.start)}: {e.minutes} min
          </li>
        ))}
        {data.timeEntries.length === 0 && <li>{t('none')}</li>}
      </ul>
      {me.role !== 'client' && (w.status === 'completed' || w.status === 'closed') && (
        <p>
          <button
            type="button"
            onClick={act(async () => {
              const { data: doc } = await hydrant().api.POST('/v1/work-orders/{id}/report', { params: { path: { id } } });
              setReport(doc?.download?.url ?? undefined);
            })}
          >
            {t('makeReport')}
          </button>{' '}
          {report && (
            <a id="report-link" href={report} target="_blank" rel="noopener">
              {t('downloadReport')}
            </a>
          )}
        </p>
      )}
    </section>
  );
}

type TransitionBody = { to: WorkOrder['status']; comment?: string; checklist?: { itemId: string; passed?: boolean }[]; signature?: { signedBy: string } };

function Transition({ workOrder, onMove }: { workOrder: WorkOrder; onMove: (body: TransitionBody) => void }) {
  const moves = nextStatuses(workOrder.status);
  if (moves.length === 0) return null;
  const submit = (event: Event) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    const to = String(f.get('to')) as WorkOrder['status'];
    const comment = String(f.get('comment') ?? '').trim();
    const signedBy = String(f.get('signedBy') ?? '').trim();
    const open = workOrder.checklist.filter((c) => !c.result && c.kind === 'pass_fail');
    onMove({
      to,
      ...(comment ? { comment } : {}),
      ...(to === 'completed' && open.length ? { checklist: open.map((c) => ({ itemId: c.id, passed: f.get(`item-${c.id}`) === 'on' })) } : {}),
      ...(to === 'completed' && signedBy ? { signature: { signedBy } } : {}),
    });
  };
  return (
    <form class="stack-form" onSubmit={submit} aria-label={t('changeStatus')}>
      <label for="wo-to">{t('moveTo')}</label>
      <select id="wo-to" name="to">
        {moves.map((m) => (
          <option key={m} value={m}>
            {t(statusKey(m))}
          </option>
        ))}
      </select>
      <label for="wo-comment">{t('comment')}</label>
      <input id="wo-comment" name="comment" maxLength={500} />
      {workOrder.status === 'in_progress' &&
        workOrder.checklist
          .filter((c) => !c.result && c.kind === 'pass_fail')
          .map((c) => (
            <label key={c.id} class="check">
              <input type="checkbox" name={`item-${c.id}`} /> {c.label}: {t('passed')}
            </label>
          ))}
      {workOrder.status === 'in_progress' && workOrder.requiresSignature && (
        <>
          <label for="wo-signed-by">{t('signature')}</label>
          <input id="wo-signed-by" name="signedBy" maxLength={200} />
        </>
      )}
      <button type="submit">{t('save')}</button>
    </form>
  );
}

/** The next weekday at 09:00 in the browser's zone, as a `datetime-local` value: the default slot to staff. */
export function nextWorkingMorning(now: Date): string {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  while (d.getDay() === 0 || d.getDay() === 6) d.setDate(d.getDate() + 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T09:00`;
}

function Candidates({ id, onAssign }: { id: string; onAssign: (technicianId: string, start: string) => void }) {
  const [slot, setSlot] = useState(() => nextWorkingMorning(new Date()));
  const start = new Date(slot).toISOString();
  const { data, error } = useLoad(async () => (await hydrant().api.GET('/v1/work-orders/{id}/candidates', { params: { path: { id }, query: { start } } })).data!, [id, start]);
  return (
    <div>
      <h2>{t('candidates')}</h2>
      <label for="wo-slot">{t('slot')}</label>{' '}
      <input id="wo-slot" type="datetime-local" value={slot} onChange={(e) => setSlot((e.currentTarget as HTMLInputElement).value)} />
      {error && <p role="alert" class="error">{error}</p>}
      {!data && !error && <p>{t('loading')}</p>}
      {data?.data.length === 0 && <p>{t('noCandidates')}</p>}
      <ol class="candidates">
        {data?.data.map((c) => (
          <li key={c.technicianId}>
            {c.name} <span class="muted">({[...c.reasons, ...c.conflicts.map((x) => x.kind)].join(', ')})</span>{' '}
            <button type="button" disabled={!c.available} onClick={() => onAssign(c.technicianId, data.slot.start)}>
              {t('assign')}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
