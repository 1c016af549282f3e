/** Zones and each one's night line (the API's `night-flow.svg`, fetched with the token and shown as an image). */
import { useEffect, useState } from 'preact/hooks';
import { hydrant } from '../api';
import { t } from '../i18n';
import { useLoad } from '../use-load';

export function ZonesPage() {
  const { data, error } = useLoad(async () => (await hydrant().api.GET('/v1/zones', { params: { query: { limit: 100 } } })).data!.data, []);
  return (
    <section aria-labelledby="zones-title">
      <h1 id="zones-title">{t('zonesTitle')}</h1>
      {error && <p role="alert" class="error">{error}</p>}
      {!data && !error && <p>{t('loading')}</p>}
      {data?.length === 0 && <p>{t('noZones')}</p>}
      {data?.map((z) => (
        <figure key={z.id} class="card">
          <figcaption>{z.name}</figcaption>
          <NightFlow id={z.id} name={z.name} />
        </figure>
      ))}
    </section>
  );
}

function NightFlow({ id, name }: { id: string; name: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let url: string | undefined;
    hydrant()
      .api.GET('/v1/zones/{id}/night-flow.svg', { params: { path: { id } }, parseAs: 'blob' })
      .then(({ data }) => {
        if (data) setSrc((url = URL.createObjectURL(data as Blob)));
      }, () => setSrc(undefined));
    return () => url && URL.revokeObjectURL(url);
  }, [id]);
  return src ? <img class="night-flow" src={src} alt={t('nightFlowOf', { zone: name })} /> : <p>{t('loading')}</p>;
}
