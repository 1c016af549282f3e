/** Administration (admins): users, API keys, and webhooks with the delivery log of the one opened. */
import { useState } from 'preact/hooks';
import { hydrant } from '../api';
import { formatDate, t } from '../i18n';
import { TableHead } from '../table-head';
import { useLoad } from '../use-load';
import type { ListItem, ListPath } from '../../../sdk/src/index';

async function all<P extends ListPath>(path: P, query: object = {}): Promise<ListItem<P>[]> {
  const items: ListItem<P>[] = [];
  for await (const item of hydrant().list(path, { query: { limit: 100, ...query } } as never)) items.push(item);
  return items;
}

export function AdminPage() {
  const { data, error } = useLoad(() => Promise.all([all('/v1/users'), all('/v1/api-keys'), all('/v1/webhooks')]), []);
  const [webhookId, setWebhookId] = useState<string>();
  if (error) return <p role="alert" class="error">{error}</p>;
  if (!data) return <p>{t('loading')}</p>;
  const [users, keys, webhooks] = data;
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('adminTitle')}</h1>
      <div class="table-wrap">
        <table class="users">
          <caption>{t('users')}</caption>
          <TableHead columns={['email', 'role', 'status']} />
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.role}</td>
                <td>{u.active ? t('enabled') : t('disabled')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table class="api-keys">
          <caption>{t('apiKeys')}</caption>
          <TableHead columns={['name', 'prefix', 'status']} />
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.keyPrefix}…</code>
                </td>
                <td>{k.status === 'active' ? t('enabled') : t('disabled')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('webhooks')}</h2>
      {webhooks.length === 0 && <p>{t('none')}</p>}
      <ul class="wo-list webhooks">
        {webhooks.map((w) => (
          <li key={w.id}>
            <button type="button" aria-pressed={webhookId === w.id} onClick={() => setWebhookId(w.id)}>
              {w.url}
            </button>{' '}
            <span class="muted">
              {w.eventTypes.join(', ')} · {w.enabled ? t('enabled') : t('disabled')}
            </span>
          </li>
        ))}
      </ul>
      {webhookId && <Deliveries id={webhookId} />}
    </section>
  );
}

function Deliveries({ id }: { id: string }) {
  const { data, error } = useLoad(async () => (await hydrant().api.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: 50 } } })).data!.data, [id]);
  if (error) return <p role="alert" class="error">{error}</p>;
  if (!data) return <p>{t('loading')}</p>;
  return (
    <div class="table-wrap">
      <table class="deliveries">
        <caption>{t('deliveries')}</caption>
        <TableHead columns={['event', 'status', 'attempts', 'raisedAt']} />
        <tbody>
          {data.map((d) => (
            <tr key={d.id}>
              <td>{d.eventType}</td>
              <td>{d.status}</td>
              <td>{d.attempts.map((a) => `${a.statusCode ?? a.error ?? '—'} (${a.latencyMs} ms)`).join(', ')}</td>
              <td>{formatDate(d.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
