/**
 * One single-page app for the people Gancang serves; each page is a path: the family's tracking
 * page at /track/{trackingToken}, the staff's /signin (and /signin/callback), the pharmacy's
 * /desk and the operations room's /ops, a citizen's own /food-orders/{orderId} and
 * /rides/{rideId}. The staff pages and the citizen's load as chunks of their own, so the family's
 * phone never downloads them.
 * Anything else is a friendly "no such page".
 */
import { render } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { citizenRoute } from './citizen/citizen-route.tsx';
import { dictionaries, I18nContext, rememberedLanguage, rememberLanguage, useI18n, type I18n, type Language } from './i18n.ts';
import { LazyPage } from './lazy-page.tsx';
import { TrackingPage } from './tracking/tracking-page.tsx';
import './styles.css';

function route(pathname: string) {
  const track = /^\/track\/([^/]+)\/?$/.exec(pathname);
  if (track?.[1]) return <TrackingPage trackingToken={decodeURIComponent(track[1])} />;
  const staff = /^\/(signin|signin\/callback|desk|ops)\/?$/.exec(pathname)?.[1];
  if (staff) return <StaffPage name={staff as StaffPageName} />;
  const citizen = citizenRoute(pathname);
  if (citizen) return citizen;
  return <NoSuchPage />;
}

type StaffPageName = 'signin' | 'signin/callback' | 'desk' | 'ops';

const loadStaffPages = () => import('./staff-pages.ts').then((pages) => pages.staffPages);

/** Loads the staff chunk (sign-in, desk, dashboard, their words and styles) only when a staff page opens. */
function StaffPage({ name }: { name: StaffPageName }) {
  const load = useMemo(() => () => loadStaffPages().then((pages) => pages[name]), [name]);
  return <LazyPage load={load} props={{}} />;
}

function NoSuchPage() {
  const { t } = useI18n();
  return (
    <main class="page">
      <p>{t.pageNotFound}</p>
    </main>
  );
}

function LanguageSwitch() {
  const { t, setLanguage } = useI18n();
  const other = t.otherLanguage;
  return (
    <button type="button" class="language" lang={other.lang} onClick={() => setLanguage(other.code)}>
      {other.label}
    </button>
  );
}

function App() {
  const [language, setLanguageState] = useState<Language>(rememberedLanguage);
  const i18n = useMemo<I18n>(
    () => ({
      language,
      t: dictionaries[language],
      setLanguage: (next) => {
        rememberLanguage(next);
        setLanguageState(next);
      },
    }),
    [language],
  );
  return (
    <I18nContext.Provider value={i18n}>
      <header class="bar">
        <span class="brand">{i18n.t.brand}</span>
        <LanguageSwitch />
      </header>
      {route(location.pathname)}
    </I18nContext.Provider>
  );
}

const root = document.getElementById('app')!;
document.documentElement.lang = rememberedLanguage();
root.textContent = ''; // the loading shell of index.html
render(<App />, root);
