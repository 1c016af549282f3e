/**
 * Service requests: a client reports a problem (with a photo, uploaded through the documents
 * API: declared with its size and SHA-256, then PUT to the signed URL) and follows it until
 * the operator converts it into a work order.
 */
import { useState } from 'preact/hooks';
import { describeError, hydrant, uploadUrl } from '../api';
import { formatDate, t } from '../i18n';
import { useLoad } from '../use-load';
import type { Schemas } from '../../../sdk/src/index';

type ServiceRequest = Schemas['ServiceRequest'];
const KINDS: readonly ServiceRequest['kind'][] = ['leak', 'low-pressure', 'no-water', 'water-quality', 'damaged-hydrant', 'meter-issue', 'other'];
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

async function loadRequests(): Promise<ServiceRequest[]> {
  const all: ServiceRequest[] = [];
  for await (const r of hydrant().list('/v1/requests', { query: { limit: 100 } })) all.push(r);
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Declares the photo as a document of the request, then uploads it to the signed URL. */
export async function attachPhoto(requestId: string, file: File): Promise<void> {
  const bytes = await file.arrayBuffer();
  const sha256 = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const { data } = await hydrant().api.POST('/v1/documents', {
    body: { parentType: 'request', parentId: requestId, fileName: file.name, contentType: file.type as (typeof PHOTO_TYPES)[number], sizeBytes: bytes.byteLength, sha256, tags: ['photo'] },
  });
  const upload = await fetch(uploadUrl(data!.upload.url), { method: 'PUT', headers: data!.upload.headers, body: bytes });
  if (!upload.ok) throw new Error(`upload: ${upload.status}`);
}

export function RequestsPage() {
  const { data, error, reload } = useLoad(loadRequests, []);
  const [formError, setFormError] = useState<string>();
  const [sent, setSent] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    setFormError(undefined);
    try {
      const { data: created } = await hydrant().api.POST('/v1/requests', {
        body: { kind: String(f.get('kind')) as ServiceRequest['kind'], title: String(f.get('title')), ...(f.get('description') ? { description: String(f.get('description')) } : {}), ...(f.get('address') ? { address: String(f.get('address')) } : {}) },
      });
      const photo = f.get('photo');
      if (photo instanceof File && photo.size > 0) await attachPhoto(created!.id, photo);
      setSent(created!.title);
      form.reset();
      reload();
    } catch (e) {
      setFormError(describeError(e, t('forbidden')));
    }
  };
  return (
    <section aria-labelledby="requests-title">
      <h1 id="requests-title">{t('requestsTitle')}</h1>
      <form class="stack-form" onSubmit={submit} aria-label={t('newRequest')}>
        <label for="rq-kind">{t('type')}</label>
        <select id="rq-kind" name="kind">
          {KINDS.map((k) => (
            <option key={k} value={k}>{k}</option>
          ))}
        </select>
        <label for="rq-title">{t('title')}</label>
        <input id="rq-title" name="title" required maxLength={200} />
        <label for="rq-description">{t('description')}</label>
        <textarea id="rq-description" name="description" rows={3} />
        <label for="rq-address">{t('address')}</label>
        <input id="rq-address" name="address" maxLength={300} autocomplete="street-address" />
        <label for="rq-photo">{t('photo')}</label>
        <input id="rq-photo" name="photo" type="file" accept={PHOTO_TYPES.join(',')} capture="environment" />
        <button type="submit">{t('send')}</button>
        {sent && <p role="status">{t('requestSent', { title: sent })}</p>}
        {formError && <p role="alert" class="error">{formError}</p>}
      </form>
      {error && <p role="alert" class="error">{error}</p>}
      {data && (
        <ul class="wo-list requests">
          {data.map((r) => (
            <li key={r.id} data-request={r.id}>
              {r.title} <span class="badge">{r.status === 'open' ? t('requestOpen') : t('requestConverted')}</span> <span class="muted">{formatDate(r.createdAt)}</span>
              {r.workOrderId && (
                <>
                  {' '}
                  <a href={`#/work-orders/${r.workOrderId}`}>{t('navWorkOrders')}</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
