/**
 * Sites and sensors over a plain vector background (a graticule; no tile server): each site
 * at its coordinates, its sensors around it coloured by alarm state, and the same facts in a
 * table below for screen readers and small screens.
 */
import { hydrant, type Me } from '../api';
import { formatDate, formatNumber, t } from '../i18n';
import type { LiveChange } from '../live';
import { TableHead } from '../table-head';
import { useLoad } from '../use-load';
import type { Schemas } from '../../../sdk/src/index';

interface SiteView {
  readonly site: Schemas['Site'];
  readonly sensors: readonly Schemas['SensorLatest'][];
}

interface MapData {
  readonly sites: readonly SiteView[];
  readonly alarmed: ReadonlySet<string>;
}

async function loadMap(): Promise<MapData> {
  const client = hydrant();
  const sites: Schemas['Site'][] = [];
  for await (const s of client.list('/v1/sites', { query: { limit: 100 } })) sites.push(s);
  const [views, alarmed] = await Promise.all([
    Promise.all(
      sites.map(async (site) => {
        const { data } = await client.api.GET('/v1/sites/{id}/latest', { params: { path: { id: site.id } } });
        return { site, sensors: data?.sensors ?? [] };
      }),
    ),
    activeAlertSensors(),
  ]);
  return { sites: views, alarmed };
}

/** After an alert change of one sensor: its site's latest values and the alarm states, read again (the full load when the sensor is not on the map). */
function refreshSensor(current: MapData, { sensorId }: LiveChange): Promise<MapData> | undefined {
  const view = sensorId ? current.sites.find((v) => v.sensors.some((s) => s.sensorId === sensorId)) : undefined;
  if (!view) return undefined;
  return (async () => {
    const [latest, alarmed] = await Promise.all([hydrant().api.GET('/v1/sites/{id}/latest', { params: { path: { id: view.site.id } } }), activeAlertSensors()]);
    return { sites: current.sites.map((v) => (v === view ? { site: v.site, sensors: latest.data?.sensors ?? [] } : v)), alarmed };
  })();
}

async function activeAlertSensors(): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const a of hydrant().list('/v1/alerts', { query: { status: 'active', limit: 100 } })) if (a.sensorId) ids.add(a.sensorId);
  return ids;
}

const WIDTH = 800;
const HEIGHT = 500;
const PAD = 60;

/** Equirectangular projection fitted to the sites' bounding box (longitudes shrunk by cos(latitude)). */
export function project(points: readonly { lat: number; lon: number }[]): (p: { lat: number; lon: number }) => { x: number; y: number } {
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const midLat = ((Math.min(...lats) + Math.max(...lats)) / 2) * (Math.PI / 180);
  const k = Math.cos(midLat);
  const minX = Math.min(...lons) * k;
  const maxX = Math.max(...lons) * k;
  const minY = Math.min(...lats);
  const maxY = Math.max(...lats);
  const span = Math.max(maxX - minX, maxY - minY, 1e-4);
  const scale = Math.min((WIDTH - 2 * PAD) / span, (HEIGHT - 2 * PAD) / span);
  const offX = (WIDTH - (maxX - minX) * scale) / 2;
  const offY = (HEIGHT - (maxY - minY) * scale) / 2;
  return (p) => ({ x: offX + (p.lon * k - minX) * scale, y: HEIGHT - offY - (p.lat - minY) * scale });
}

export function MapPage({ me }: { me: Me }) {
  const { data, error } = useLoad(loadMap, [me.id], 'readings', refreshSensor);
  return (
    <section aria-labelledby="map-title">
      <h1 id="map-title">{t('mapTitle')}</h1>
      <p>{t('mapHelp')}</p>
      {error && <p role="alert" class="error">{error}</p>}
      {!data && !error && <p>{t('loading')}</p>}
      {data && data.sites.length === 0 && <p>{t('noSites')}</p>}
      {data && data.sites.length > 0 && <SiteMap data={data} />}
      {data && <SensorTable data={data} />}
    </section>
  );
}

function SiteMap({ data }: { data: MapData }) {
  const at = project(data.sites.map((v) => v.site.location));
  return (
    <svg class="map" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('mapTitle')}>
      <rect width={WIDTH} height={HEIGHT} class="map-bg" />
      {Array.from({ length: 9 }, (_, i) => (
        <g key={i} class="graticule">
          <line x1={(i * WIDTH) / 8} y1={0} x2={(i * WIDTH) / 8} y2={HEIGHT} />
          <line x1={0} y1={(i * HEIGHT) / 8} x2={WIDTH} y2={(i * HEIGHT) / 8} />
        </g>
      ))}
      {data.sites.map(({ site, sensors }) => {
        const { x, y } = at(site.location);
        return (
          <g key={site.id} class="site">
            <circle cx={x} cy={y} r={9} class="site-dot" />
            <text x={x + 12} y={y - 12} class="site-label">{site.name}</text>
            {sensors.map((s, i) => {
              const angle = (2 * Math.PI * i) / Math.max(sensors.length, 1);
              const sx = x + 28 * Math.cos(angle);
              const sy = y + 28 * Math.sin(angle);
              const alarm = data.alarmed.has(s.sensorId);
              return (
                <a key={s.sensorId} href={`#/sensors/${encodeURIComponent(s.sensorId)}`} aria-label={t('openChart', { sensor: s.sensorId })}>
                  <circle cx={sx} cy={sy} r={7} class={alarm ? 'sensor-dot alarm' : 'sensor-dot'} data-sensor={s.sensorId} />
                </a>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

function SensorTable({ data }: { data: MapData }) {
  const rows = data.sites.flatMap(({ site, sensors }) => sensors.map((s) => ({ site, s })));
  if (rows.length === 0) return null;
  return (
    <div class="table-wrap">
      <table class="sensors">
        <caption>{t('sensors')}</caption>
        <TableHead columns={['sensor', 'site', 'latest', 'status']} />
        <tbody>
          {rows.map(({ site, s }) => {
            const alarm = data.alarmed.has(s.sensorId);
            return (
              <tr key={s.sensorId} data-sensor={s.sensorId}>
                <th scope="row">
                  <a href={`#/sensors/${encodeURIComponent(s.sensorId)}`}>{s.sensorId}</a> <span class="muted">{s.kind}</span>
                </th>
                <td>{site.name}</td>
                <td class="latest">
                  {s.latest ? `${formatNumber(s.latest.value)} ${s.unit} (${formatDate(s.latest.ts)})` : t('noReading')}
                </td>
                <td>
                  <span class={alarm ? 'badge alarm' : 'badge ok'}>{alarm ? t('inAlarm') : t('ok')}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
