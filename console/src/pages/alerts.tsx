/** Active and past alerts; staff acknowledge an active one (clients only read theirs). */
import { useState } from 'preact/hooks';
import { can, describeError, hydrant, type Me } from '../api';
import { formatDate, t, type MessageKey } from '../i18n';
import { publish } from '../live';
import { Tabs } from '../tabs';
import { TableHead } from '../table-head';
import { useLoad } from '../use-load';
import type { Schemas } from '../../../sdk/src/index';

async function loadAlerts(tab: 'active' | 'past'): Promise<Schemas['Alert'][]> {
  const statuses = tab === 'active' ? (['active'] as const) : (['acknowledged', 'cleared'] as const);
  const all: Schemas['Alert'][] = [];
  for (const status of statuses) for await (const a of hydrant().list('/v1/alerts', { query: { status, limit: 100 } })) all.push(a);
  return all.sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
}

export function AlertsPage({ me }: { me: Me }) {
  const [tab, setTab] = useState<'active' | 'past'>('active');
  const { data, error, reload } = useLoad(() => loadAlerts(tab), [tab], 'alerts');
  const [actionError, setActionError] = useState<string>();
  const acknowledge = async (id: string) => {
    setActionError(undefined);
    try {
      await hydrant().api.POST('/v1/alerts/{id}/acknowledge', { params: { path: { id } } });
      publish('alerts');
      reload();
    } catch (e) {
      setActionError(describeError(e, t('forbidden')));
    }
  };
  return (
    <section aria-labelledby="alerts-title">
      <h1 id="alerts-title">{t('alertsTitle')}</h1>
      <Tabs label={t('alertsTitle')} options={['active', 'past'] as const} value={tab} onChange={setTab} />
      {(error ?? actionError) && <p role="alert" class="error">{error ?? actionError}</p>}
      {!data && !error && <p>{t('loading')}</p>}
      {data?.length === 0 && <p>{t('noAlerts')}</p>}
      {data && data.length > 0 && (
        <div class="table-wrap">
          <table class="alerts">
            <TableHead columns={['severity', 'message', 'sensor', 'raisedAt', 'status', 'actions']} />
            <tbody>
              {data.map((a) => (
                <tr key={a.id} data-alert={a.id}>
                  <td>
                    <span class={`badge sev-${a.severity}`}>{a.severity}</span>
                  </td>
                  <td>{a.message}</td>
                  <td>{a.sensorId ? <a href={`#/sensors/${encodeURIComponent(a.sensorId)}`}>{a.sensorId}</a> : (a.zoneId ?? '')}</td>
                  <td>{formatDate(a.raisedAt)}</td>
                  <td class="alert-status">{t(`status.${a.status}` as MessageKey)}</td>
                  <td>
                    {a.status === 'active' && can.acknowledgeAlert(me.role) && (
                      <button type="button" onClick={() => void acknowledge(a.id)}>
                        {t('acknowledge')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
