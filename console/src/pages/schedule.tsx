/** A week calendar of the technicians' visits (`GET /v1/schedule`), Monday to Sunday in the browser's zone. */
import { useState } from 'preact/hooks';
import { hydrant } from '../api';
import { language, t } from '../i18n';
import { useLoad } from '../use-load';
import { statusKey } from './dashboard';

const DAY = 86_400_000;

/** Monday 00:00 (local) of the week containing `at`. */
export function weekStart(at: Date): Date {
  const d = new Date(at.getFullYear(), at.getMonth(), at.getDate());
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d;
}

export function SchedulePage() {
  const [monday, setMonday] = useState(() => weekStart(new Date()));
  const from = monday.toISOString();
  const to = new Date(monday.getTime() + 7 * DAY).toISOString();
  const { data, error } = useLoad(async () => (await hydrant().api.GET('/v1/schedule', { params: { query: { from, to } } })).data!.data, [from], 'work-orders');
  const days = Array.from({ length: 7 }, (_, i) => new Date(monday.getTime() + i * DAY));
  const dayName = new Intl.DateTimeFormat(language.value, { weekday: 'short', day: 'numeric', month: 'short' });
  const time = new Intl.DateTimeFormat(language.value, { hour: '2-digit', minute: '2-digit' });
  const shift = (weeks: number) => setMonday(new Date(monday.getTime() + weeks * 7 * DAY + 12 * 3_600_000)) ;
  return (
    <section aria-labelledby="schedule-title">
      <h1 id="schedule-title">{t('scheduleTitle')}</h1>
      <div class="row">
        <button type="button" onClick={() => shift(-1)}>{t('previousWeek')}</button>
        <button type="button" onClick={() => shift(1)}>{t('nextWeek')}</button>
      </div>
      {error && <p role="alert" class="error">{error}</p>}
      {!data && !error && <p>{t('loading')}</p>}
      {data && (
        <div class="week">
          {days.map((day) => {
            const visits = data.filter((v) => weekStart(new Date(v.start)).getTime() === monday.getTime() && new Date(v.start).getDay() === day.getDay());
            return (
              <section key={day.toISOString()} class="column" aria-label={dayName.format(day)}>
                <h2>{dayName.format(day)}</h2>
                {visits.map((v) => (
                  <a key={v.workOrderId} class="card wo-card" href={`#/work-orders/${v.workOrderId}`}>
                    {time.format(new Date(v.start))}–{time.format(new Date(v.end))} {v.workOrder.title}
                    <span class="muted"> {t(statusKey(v.workOrder.status))}</span>
                  </a>
                ))}
              </section>
            );
          })}
        </div>
      )}
    </section>
  );
}
