/**
 * A page whose code is its own chunk, loaded only when someone opens it (the staff pages, a
 * citizen's own pages), so the family's phone never downloads them for the tracking page.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './i18n.ts';

export function LazyPage<P extends object>({ load, props }: { load: () => Promise<ComponentType<P>>; props: P }) {
  const { t } = useI18n();
  const [page, setPage] = useState<ComponentType<P> | undefined>();
  useEffect(() => {
    void load().then((loaded) => setPage(() => loaded));
  }, [load]);
  if (!page) return <p class="page muted">{t.loading}</p>;
  const Page = page;
  return <Page {...props} />;
}
