/**
 * The app's runtime settings, `GET /config.json` on its own origin: written by the deploy on AWS,
 * served by the local runtime locally. Read once per page load.
 */
export interface AppConfig {
  readonly auth: { readonly mode: 'local' } | { readonly mode: 'cognito'; readonly domain: string; readonly clientId: string; readonly redirectUri: string };
  /** Tile URL template with {z}/{x}/{y}; null: the map draws on a plain background. */
  readonly mapTiles: string | null;
}

const FALLBACK: AppConfig = { auth: { mode: 'local' }, mapTiles: null };

let loading: Promise<AppConfig> | undefined;

export function appConfig(): Promise<AppConfig> {
  loading ??= fetch('/config.json', { headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? (response.json() as Promise<AppConfig>) : FALLBACK))
    // Without settings the map still works, without tiles.
    .catch(() => FALLBACK);
  return loading;
}
