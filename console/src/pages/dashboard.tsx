/** The KPIs of `GET /v1/dashboard` as bar charts (SVG, with the figures in text beside each bar). */
import { hydrant, type Me } from '../api';
import { formatNumber, t, type MessageKey } from '../i18n';
import { useLoad } from '../use-load';

function Bars({ title, values }: { title: string; values: Record<string, number> }) {
  const entries = Object.entries(values);
  const max = Math.max(1, ...entries.map(([, v]) => v));
  return (
    <figure class="card">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 300 ${entries.length * 26 + 4}`} role="img" aria-label={`${title}: ${entries.map(([k, v]) => `${k} ${v}`).join(', ')}`}>
        {entries.map(([k, v], i) => (
          <g key={k}>
            <text x={0} y={i * 26 + 17} class="bar-label">{k}</text>
            <rect x={110} y={i * 26 + 4} width={(150 * v) / max} height={18} class="bar-fill" />
            <text x={115 + (150 * v) / max} y={i * 26 + 17} class="bar-value">{formatNumber(v)}</text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

export function DashboardPage({ me }: { me: Me }) {
  const { data, error } = useLoad(async () => (await hydrant().api.GET('/v1/dashboard')).data!, [me.id], 'work-orders');
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('dashboardTitle')}</h1>
      {error && <p role="alert" class="error">{error}</p>}
      {!data && !error && <p>{t('loading')}</p>}
      {data && (
        <div class="cards">
          <Bars
            title={t('woByStatus')}
            values={{
              [t('status.open')]: data.workOrders.open,
              [t('status.scheduled')]: data.workOrders.scheduled,
              [t('status.in_progress')]: data.workOrders.inProgress,
              [t('status.on_hold')]: data.workOrders.onHold,
              overdue: data.workOrders.overdue,
            }}
          />
          <Bars title={t('alertsBySeverity')} values={data.activeAlertsBySeverity} />
          <Bars title={t('assetsByStatus')} values={data.assetsByStatus} />
          <figure class="card">
            <figcaption>{t('mttr')}</figcaption>
            <p class="kpi">{data.meanTimeToRepairHours == null ? '—' : t('hours', { n: formatNumber(data.meanTimeToRepairHours) })}</p>
            <figcaption>{t('backlog')}</figcaption>
            <p class="kpi">{t('hours', { n: formatNumber(data.backlog.hours) })}</p>
            <figcaption>{t('compliance')}</figcaption>
            <p class="kpi">{data.preventiveCompliance.ratio == null ? '—' : `${Math.round(data.preventiveCompliance.ratio * 100)} %`}</p>
          </figure>
        </div>
      )}
    </section>
  );
}

export const statusKey = (s: string): MessageKey => `status.${s}` as MessageKey;
