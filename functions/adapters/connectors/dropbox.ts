/**
 * Dropbox: each document that becomes available (`document.available`: uploads verified, and
 * work-order reports, tagged `report`) is copied to `/Hydrant/{site}/{kind}/{fileName}` with
 * `files/save_url` (https://www.dropbox.com/developers/documentation/http/documentation#files-save_url):
 * Dropbox fetches a short-lived download URL of the object itself, so no bytes pass through
 * the worker. The answer is `{".tag": "async_job_id"}` (or `complete`); the copy then finishes
 * on Dropbox's side. Tokens come from the OAuth2 grant (`accessToken`, refreshed before expiry
 * by the run). 429 answers carry Retry-After (https://developers.dropbox.com/error-handling-guide).
 */
import { credential, nothingToDo, type ConnectorPort } from './port';
import { callProviderJson } from './provider-http';
import { PROVIDER_URLS } from './provider-urls';

/** A path segment Dropbox accepts: no slashes or control characters, at most 100 characters. */
const segment = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').trim().slice(0, 100) || '-';

/** `/Hydrant/{site}/{kind}/{fileName}`. */
export const dropboxPath = (doc: { site: string; kind: string; fileName: string }): string => `/Hydrant/${segment(doc.site)}/${segment(doc.kind)}/${segment(doc.fileName)}`;

export const dropboxConnector: ConnectorPort = {
  async authenticate(ctx) {
    await callProviderJson('dropbox', { method: 'POST', url: `${PROVIDER_URLS.dropbox}/2/users/get_current_account`, headers: { authorization: `Bearer ${credential(ctx, 'accessToken')}` } });
    return nothingToDo;
  },
  sync: async () => nothingToDo,
  async sendEvent(ctx, event) {
    const id = (event.data as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return { records: 0, errors: ['the event names no document'] };
    const doc = await ctx.data.documentToCopy(id);
    if (!doc) return { records: 0, errors: [] };
    await callProviderJson('dropbox', {
      method: 'POST',
      url: `${PROVIDER_URLS.dropbox}/2/files/save_url`,
      headers: { authorization: `Bearer ${credential(ctx, 'accessToken')}` },
      json: { path: dropboxPath(doc), url: doc.downloadUrl },
    });
    return { records: 1, errors: [] };
  },
};
