/**
 * One single-page app for the people Gancang serves; each page is a path: the family's tracking
 * page at /track/{trackingToken}, the staff's /signin (and /signin/callback), the pharmacy's
 * /desk and the operations room's /ops. The staff pages load as their own chunk, so the family's
 * phone never downloads them.
 * Anything else is a friendly "no such page".
 */
import { render, type ComponentType } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { dictionaries, I18nContext, rememberedLanguage, rememberLanguage, useI18n, type I18n, type Language } from './i18n.ts';
import { TrackingPage } from './tracking/tracking-page.tsx';
import './styles.css';

function route(pathname: string) {
  const track = /^\/track\/([^/]+)\/?$/.exec(pathname);
  if (track?.[1]) return <TrackingPage trackingToken={decodeURIComponent(track[1])} />;
  const staff = /^\/(signin|signin\/callback|desk|ops)\/?$/.exec(pathname)?.[1];
  if (staff) return <StaffPage name={staff as StaffPageName} />;
  return <NoSuchPage />;
}

type StaffPageName = 'signin' | 'signin/callback' | 'desk' | 'ops';

/** Loads the staff chunk (sign-in, desk, dashboard, their words and styles) only when a staff page opens. */
function StaffPage({ name }: { name: StaffPageName }) {
  const { t } = useI18n();
  const [page, setPage] = useState<ComponentType | undefined>();
  useEffect(() => {
    void import('./staff-pages.ts').then((pages) => setPage(() => pages.staffPages[name]));
  }, [name]);
  if (!page) return <p class="page muted">{t.loading}</p>;
  const Page = page;
  return <Page />;
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
