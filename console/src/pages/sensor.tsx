/**
 * A sensor's readings as a uPlot chart: raw or aggregated over a range, in a chosen time zone,
 * with its alarm periods shaded (from raised to cleared, or now) and, when a forecast of the
 * sensor succeeded, its mean and 80 % interval after the readings.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { hydrant } from '../api';
import { formatDate, formatNumber, t } from '../i18n';
import { useLoad } from '../use-load';
import type { Schemas } from '../../../sdk/src/index';

const INTERVALS = ['raw', '5m', '15m', '1h', '1d'] as const;
const AGGS = ['avg', 'min', 'max', 'last'] as const;
const HOUR = 3_600_000;

interface ChartData {
  readonly readings: Schemas['ReadingsPage'];
  readonly alarms: readonly { from: number; to: number }[];
  readonly forecast: Schemas['ForecastResult']['forecast'] | undefined;
}

interface Query {
  readonly from: string;
  readonly to: string;
  readonly interval: (typeof INTERVALS)[number];
  readonly agg: (typeof AGGS)[number];
  readonly tz: string;
}

/** `datetime-local` value of a time, in the browser's zone. */
const localInput = (ms: number): string => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

async function loadChart(sensorId: string, q: Query): Promise<ChartData> {
  const client = hydrant();
  const from = new Date(q.from).toISOString();
  const to = new Date(q.to).toISOString();
  const readingsCall = client.api.GET('/v1/sensors/{id}/readings', {
    params: { path: { id: sensorId }, query: { from, to, interval: q.interval, agg: q.agg, tz: q.tz, limit: 5000 } },
  });
  const alarms: { from: number; to: number }[] = [];
  const alertsCall = (async () => {
    for await (const a of client.list('/v1/alerts', { query: { sensorId, limit: 100 } })) {
      // From the reading that raised it to the one that cleared it (times of the readings, not of the evaluation).
      alarms.push({ from: Date.parse(a.raisedBy.ts), to: a.clearedBy ? Date.parse(a.clearedBy.ts) : Date.now() });
    }
  })();
  const forecastCall = latestForecast(sensorId).catch(() => undefined);
  const [{ data }, , forecast] = await Promise.all([readingsCall, alertsCall, forecastCall]);
  return { readings: data!, alarms, forecast };
}

async function latestForecast(sensorId: string): Promise<Schemas['ForecastResult']['forecast'] | undefined> {
  const { data } = await hydrant().api.GET('/v1/forecasts', { params: { query: { sensorId, limit: 20 } } });
  const done = data?.data.find((f) => f.status === 'succeeded');
  if (!done) return undefined;
  const { data: job } = await hydrant().api.GET('/v1/forecasts/{id}', { params: { path: { id: done.id } } });
  return job?.result?.forecast;
}

export function SensorPage({ sensorId }: { sensorId: string }) {
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [query, setQuery] = useState<Query>(() => ({ from: localInput(Date.now() - 24 * HOUR), to: localInput(Date.now() + HOUR), interval: 'raw', agg: 'avg', tz: browserZone }));
  // An alert change of another sensor leaves this chart as it is.
  const { data, error } = useLoad(() => loadChart(sensorId, query), [sensorId, query], 'readings', (current, change) =>
    change.sensorId && change.sensorId !== sensorId ? Promise.resolve(current) : undefined,
  );

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget as HTMLFormElement);
    setQuery({
      from: String(f.get('from')),
      to: String(f.get('to')),
      interval: String(f.get('interval')) as Query['interval'],
      agg: String(f.get('agg')) as Query['agg'],
      tz: String(f.get('tz')),
    });
  };
  const zones = [...new Set([browserZone, 'UTC', 'Europe/Paris'])];
  return (
    <section aria-labelledby="sensor-title">
      <h1 id="sensor-title">{t('sensorTitle', { sensor: sensorId })}</h1>
      <form class="inline-form" onSubmit={onSubmit}>
        <label>
          {t('from')} <input type="datetime-local" name="from" value={query.from} required />
        </label>
        <label>
          {t('to')} <input type="datetime-local" name="to" value={query.to} required />
        </label>
        <label>
          {t('interval')}
          <select name="interval" value={query.interval}>
            {INTERVALS.map((i) => (
              <option key={i} value={i}>{i === 'raw' ? t('raw') : i}</option>
            ))}
          </select>
        </label>
        <label>
          {t('aggregation')}
          <select name="agg" value={query.agg}>
            {AGGS.map((a) => (
              <option key={a} value={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          {t('timeZone')}
          <select name="tz" value={query.tz}>
            {zones.map((z) => (
              <option key={z} value={z}>{z}</option>
            ))}
          </select>
        </label>
        <button type="submit">{t('show')}</button>
      </form>
      {error && <p role="alert" class="error">{error}</p>}
      {!data && !error && <p>{t('loading')}</p>}
      {data && <Chart data={data} tz={query.tz} />}
    </section>
  );
}

/** Columns for uPlot: seconds, readings, then (with a forecast) its mean, lower and upper 80 %. */
export function chartColumns(data: ChartData): (number | null)[][] {
  const rows = new Map<number, [number | null, number | null, number | null, number | null]>();
  for (const p of data.readings.points) rows.set(Date.parse(p.ts) / 1000, [p.value, null, null, null]);
  for (const f of data.forecast ?? []) {
    const s = Date.parse(f.ts) / 1000;
    const row = rows.get(s) ?? [null, null, null, null];
    rows.set(s, [row[0], f.mean, f.lower80, f.upper80]);
  }
  const xs = [...rows.keys()].sort((a, b) => a - b);
  const col = (i: number) => xs.map((x) => rows.get(x)![i] ?? null);
  return data.forecast?.length ? [xs, col(0), col(1), col(2), col(3)] : [xs, col(0)];
}

function Chart({ data, tz }: { data: ChartData; tz: string }) {
  const host = useRef<HTMLDivElement>(null);
  const points = data.readings.points;
  useEffect(() => {
    if (!host.current || points.length === 0) return;
    const width = Math.max(280, host.current.clientWidth);
    const shade: uPlot.Plugin = {
      hooks: {
        drawClear: (u) => {
          const ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = 'rgba(200, 30, 30, 0.15)';
          for (const a of data.alarms) {
            const x0 = u.valToPos(a.from / 1000, 'x', true);
            const x1 = u.valToPos(a.to / 1000, 'x', true);
            const left = Math.max(u.bbox.left, Math.min(x0, x1));
            const right = Math.min(u.bbox.left + u.bbox.width, Math.max(x0, x1));
            if (right > left) ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
          }
          ctx.restore();
        },
      },
    };
    const plot = new uPlot(
      {
        width,
        height: 320,
        tzDate: (s) => uPlot.tzDate(new Date(s * 1000), tz),
        plugins: [shade],
        series: [
          {},
          { label: `${data.readings.sensorId} (${data.readings.unit})`, stroke: '#0b5cad', width: 2, spanGaps: false },
          ...(data.forecast?.length
            ? [
                { label: t('forecast'), stroke: '#6b3fa0', dash: [6, 4] },
                { label: t('lower80'), stroke: '#8e72b8' },
                { label: t('upper80'), stroke: '#8e72b8' },
              ]
            : []),
        ],
        ...(data.forecast?.length ? { bands: [{ series: [4, 3] as [number, number], fill: 'rgba(107, 63, 160, 0.12)' }] } : {}),
      },
      chartColumns(data) as uPlot.AlignedData,
      host.current,
    );
    return () => plot.destroy();
  }, [data, tz]);
  const last = points.at(-1);
  return (
    <div>
      <div ref={host} class="chart" data-points={points.length} />
      <p class="muted">
        {points.length === 0 ? t('noPoints') : t('points', { count: points.length })}
        {last?.value != null && ` · ${t('latest')}: ${formatNumber(last.value)} ${data.readings.unit} (${formatDate(last.ts, tz)})`}
      </p>
      {data.alarms.length > 0 && (
        <p>
          {t('alarmPeriods')}: {data.alarms.map((a) => `${formatDate(new Date(a.from).toISOString(), tz)} → ${formatDate(new Date(a.to).toISOString(), tz)}`).join(' ; ')}
        </p>
      )}
    </div>
  );
}
