/**
 * The console's shell: the sign-in page until someone signs in, then a header (navigation,
 * language switch, sign-out) over the page the hash names (`#/map`, `#/sensors/ID`...).
 * A hash router needs no server rewrite rule, on S3 or in the dev server.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { me, signOut, type Me, type Role } from './api';
import { CATALOGUES, language, t, type Language, type MessageKey } from './i18n';
import type { LiveFeed } from './live';
import { AdminPage } from './pages/admin';
import { AlertsPage } from './pages/alerts';
import { DashboardPage } from './pages/dashboard';
import { MapPage } from './pages/map';
import { RequestsPage } from './pages/requests';
import { SchedulePage } from './pages/schedule';
import { ZonesPage } from './pages/zones';
import { SensorPage } from './pages/sensor';
import { SignIn } from './pages/sign-in';
import { WorkOrderPage, WorkOrdersPage } from './pages/work-orders';
import { useSignal } from './use-signal';

/** The pages, and which roles see them in the navigation (the API refuses the others anyway). */
const NAV: readonly { hash: string; label: MessageKey; roles?: readonly Role[] }[] = [
  { hash: '#/map', label: 'navMap' },
  { hash: '#/alerts', label: 'navAlerts' },
  { hash: '#/work-orders', label: 'navWorkOrders' },
  { hash: '#/dashboard', label: 'navDashboard' },
  { hash: '#/zones', label: 'navZones' },
  { hash: '#/schedule', label: 'navSchedule', roles: ['admin', 'manager', 'technician'] },
  { hash: '#/requests', label: 'navRequests', roles: ['admin', 'manager', 'client'] },
  { hash: '#/admin', label: 'navAdmin', roles: ['admin'] },
];

function useHash(): string {
  const [hash, setHash] = useState(location.hash || '#/map');
  useEffect(() => {
    const on = () => setHash(location.hash || '#/map');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

function Page({ hash, user }: { hash: string; user: Me }) {
  const [, page = 'map', id] = hash.split('/').map(decodeURIComponent);
  if (page === 'sensors' && id) return <SensorPage sensorId={id} />;
  if (page === 'alerts') return <AlertsPage me={user} />;
  if (page === 'work-orders' && id) return <WorkOrderPage me={user} id={id} />;
  if (page === 'work-orders') return <WorkOrdersPage me={user} />;
  if (page === 'dashboard') return <DashboardPage me={user} />;
  if (page === 'zones') return <ZonesPage />;
  if (page === 'schedule') return <SchedulePage />;
  if (page === 'requests') return <RequestsPage />;
  if (page === 'admin') return <AdminPage />;
  return <MapPage me={user} />;
}

function LanguageSwitch() {
  const current = useSignal(language);
  return (
    <label class="lang">
      <span class="visually-hidden">{t('language')}</span>
      <select value={current} onChange={(e) => (language.value = (e.currentTarget as HTMLSelectElement).value as Language)}>
        {(Object.keys(CATALOGUES) as Language[]).map((l) => (
          <option key={l} value={l} lang={l}>
            {l === 'fr' ? 'Français' : 'English'}
          </option>
        ))}
      </select>
    </label>
  );
}

export function App({ live }: { live: LiveFeed }) {
  const user = useSignal(me);
  const lang = useSignal(language);
  const hash = useHash();
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('appName');
  }, [lang]);
  useEffect(() => (user ? live() : undefined), [user?.id]);
  // A page change moves the focus to the new page, as a full page load would for a screen reader.
  useEffect(() => main.current?.focus(), [hash]);
  if (!user)
    return (
      <>
        <header class="bar">
          <LanguageSwitch />
        </header>
        <SignIn />
      </>
    );
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        {t('skipToContent')}
      </a>
      <header class="bar">
        <strong class="brand">{t('appName')}</strong>
        <nav aria-label={t('mainNav')}>
          <ul>
            {NAV.filter((n) => !n.roles || n.roles.includes(user.role)).map((n) => (
              <li key={n.hash}>
                <a href={n.hash} aria-current={hash.startsWith(n.hash) ? 'page' : undefined}>
                  {t(n.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">{t('signedInAs', { name: `${user.givenName} ${user.familyName}`, role: t(`role.${user.role}` as MessageKey) })}</span>
        <LanguageSwitch />
        <button type="button" onClick={() => void signOut()}>
          {t('signOut')}
        </button>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page hash={hash} user={user} />
      </main>
    </>
  );
}
