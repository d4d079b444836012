/**
 * /signin and /signin/callback. Locally (config `auth.mode: 'local'`) a person picks a role and a
 * subject and the local runtime mints the token (`POST /local/token`, which exists only there). On
 * AWS the Cognito hosted UI signs them in with the authorization code flow and PKCE; the callback
 * trades the code for tokens at `<domain>/oauth2/token`.
 */
import { useEffect, useState } from 'preact/hooks';
import { appConfig, type AppConfig } from '../config.ts';
import { sameOriginPath } from './same-origin-path.ts';
import { useI18n } from '../i18n.ts';
import { staffWords } from '../staff-words.ts';
import { authorizeUrl, challengeFor, logoutUrl, randomVerifier, tokenRequest, type HostedUi } from './pkce.ts';
import { forgetSession, homeFor, keepSession } from './session.ts';

const ROLES = ['pharmacy', 'admin', 'driver', 'merchant', 'taxi_operator', 'citizen'] as const;
/** The demo's subjects (infra/local/seed*.ts), filled in when a role is picked. */
const DEMO_SUBJECTS: Readonly<Record<(typeof ROLES)[number], string>> = {
  pharmacy: 'apoteker-rsud-blambangan',
  admin: 'admin-pemkab',
  driver: 'driver-bagus',
  merchant: 'umkm-mbok-nah',
  taxi_operator: 'operator-osing',
  citizen: 'warga-ayu',
};
const PKCE_KEY = 'gancang.pkce';
const SCOPE = ['openid', ...ROLES.map((role) => `gancang/${role}`)].join(' ');

/** Only a path on this origin: a sign-in link must not send anyone elsewhere. */
function nextPath(): string | undefined {
  return sameOriginPath(new URLSearchParams(location.search).get('next'));
}

/** The role a page that sent the person here asked for (e.g. a citizen's own order), if it is one. */
function roleHint(): (typeof ROLES)[number] | undefined {
  const role = new URLSearchParams(location.search).get('role');
  return ROLES.find((known) => known === role);
}

export function SignInPage() {
  const { language } = useI18n();
  const w = staffWords[language].signIn;
  const [config, setConfig] = useState<AppConfig | undefined>();
  useEffect(() => {
    void appConfig().then(setConfig);
  }, []);
  return (
    <main class="page staff">
      <h1>{w.title}</h1>
      {config?.auth.mode === 'cognito' ? <HostedUiSignIn ui={config.auth} /> : config ? <LocalSignIn /> : null}
    </main>
  );
}

function LocalSignIn() {
  const { language } = useI18n();
  const w = staffWords[language].signIn;
  const [role, setRole] = useState<(typeof ROLES)[number]>(() => roleHint() ?? 'pharmacy');
  const [sub, setSub] = useState(() => DEMO_SUBJECTS[roleHint() ?? 'pharmacy']);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailed(false);
    try {
      const response = await fetch('/local/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role, sub }),
      });
      const body = response.ok ? ((await response.json()) as { accessToken: string }) : undefined;
      const session = body ? keepSession(body.accessToken) : undefined;
      if (!session) throw new Error('no token');
      location.assign(nextPath() ?? homeFor(session));
    } catch {
      setFailed(true);
      setBusy(false);
    }
  };

  return (
    <form class="card form" onSubmit={submit}>
      <p class="note">{w.localNote}</p>
      <div class="field">
        <label for="signin-role">{w.role}</label>
        <select
          id="signin-role"
          value={role}
          onChange={(event) => {
            const next = event.currentTarget.value as (typeof ROLES)[number];
            setRole(next);
            setSub(DEMO_SUBJECTS[next]);
          }}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="signin-sub">{w.subject}</label>
        <input id="signin-sub" required autocomplete="username" value={sub} aria-describedby="signin-sub-hint" onInput={(event) => setSub(event.currentTarget.value)} />
        <p id="signin-sub-hint" class="hint">
          {w.subjectHint}
        </p>
      </div>
      {failed ? (
        <p class="error" role="alert">
          {w.failed}
        </p>
      ) : null}
      <button type="submit" class="primary" disabled={busy}>
        {w.submit}
      </button>
    </form>
  );
}

function HostedUiSignIn({ ui }: { ui: HostedUi }) {
  const { language } = useI18n();
  const w = staffWords[language].signIn;
  const start = async () => {
    const verifier = randomVerifier();
    const state = randomVerifier();
    sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, next: nextPath() }));
    location.assign(authorizeUrl(ui, { challenge: await challengeFor(verifier), state, scope: SCOPE }));
  };
  return (
    <div class="card">
      <p class="note">{w.hostedUiNote}</p>
      <button type="button" class="primary" onClick={() => void start()}>
        {w.hostedUi}
      </button>
    </div>
  );
}

/** /signin/callback: the hosted UI returns here with `code` and the `state` this tab sent. */
export function SignInCallbackPage() {
  const { language } = useI18n();
  const w = staffWords[language].signIn;
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    void (async () => {
      const config = await appConfig();
      const params = new URLSearchParams(location.search);
      const stored = sessionStorage.getItem(PKCE_KEY);
      sessionStorage.removeItem(PKCE_KEY); // one use: a replayed callback finds nothing
      const pending = stored ? (JSON.parse(stored) as { verifier: string; state: string; next?: string }) : undefined;
      const code = params.get('code');
      if (config.auth.mode !== 'cognito' || !pending || !code || params.get('state') !== pending.state) return setFailed(true);
      const request = tokenRequest(config.auth, { code, verifier: pending.verifier });
      const response = await fetch(request.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: request.body }).catch(() => undefined);
      const tokens = response?.ok ? ((await response.json()) as { access_token?: string }) : undefined;
      const session = tokens?.access_token ? keepSession(tokens.access_token) : undefined;
      if (!session) return setFailed(true);
      location.replace(pending.next ?? homeFor(session));
    })();
  }, []);
  return (
    <main class="page staff">
      <h1>{w.title}</h1>
      {failed ? (
        <p role="alert">
          {w.callbackFailed} <a href="/signin">{w.again}</a>
        </p>
      ) : (
        <p>{w.callbackWorking}</p>
      )}
    </main>
  );
}

/** Forgets the token; on AWS also ends the hosted UI's session, which then returns to the app. */
export function SignOut({ sub }: { sub: string }) {
  const { language } = useI18n();
  const w = staffWords[language].signIn;
  const signOut = async () => {
    forgetSession();
    const config = await appConfig();
    location.assign(config.auth.mode === 'cognito' ? logoutUrl(config.auth, `${location.origin}/`) : '/signin');
  };
  return (
    <p class="signed-in no-print">
      {w.signedInAs(sub)}{' '}
      <button type="button" class="secondary" onClick={() => void signOut()}>
        {w.signOut}
      </button>
    </p>
  );
}
