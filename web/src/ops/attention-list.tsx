/**
 * The orders dispatch flagged, across every facility and merchant, the newest flag first: what
 * the flag is, since when, and where the order is (the facility's or merchant's name).
 */
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n.ts';
import { wibTime } from '../wib.ts';
import { listApprovedMerchants, listFacilities, type OrderNeedingAttention } from './ops-api.ts';
import { opsWords } from './ops-words.ts';

export function AttentionList({ token, items, loaded }: { token: string; items: readonly OrderNeedingAttention[] | undefined; loaded: boolean }) {
  const { language, t } = useI18n();
  const w = opsWords[language];
  const names = usePlaceNames(token, items);
  return (
    <section class="card attention" aria-labelledby="ops-attention-title">
      <h2 id="ops-attention-title">{w.attention.title}</h2>
      {!loaded ? (
        <p class="muted">{t.loading}</p>
      ) : items === undefined ? (
        <p class="muted">{w.notYet}</p>
      ) : items.length === 0 ? (
        <p class="muted">{w.attention.none}</p>
      ) : (
        <ul class="order-list">
          {items.map((item) => {
            const place = item.facilityId ?? item.merchantId;
            return (
              <li key={item.orderId} class="order" data-order-id={item.orderId}>
                <div class="order-head">
                  <strong>{(place && names.get(place)) ?? place}</strong> · {w.kinds[item.kind]}
                </div>
                <p class="flag">
                  ⚑ {w.attention.flags[item.attention.code]} ({w.attention.since(wibTime(item.attention.since, t.locale))})
                </p>
                <p class="small">
                  {w.attention.order}: <code>{item.orderId}</code>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** Facility and merchant names by id, read again when a flagged order names one not seen yet. */
function usePlaceNames(token: string, items: readonly OrderNeedingAttention[] | undefined): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  // Read once per new set of unknown places: one still unknown after reading is not asked again.
  const unknown = [...new Set((items ?? []).map((item) => item.facilityId ?? item.merchantId))]
    .filter((place): place is string => place !== undefined && !names.has(place))
    .sort()
    .join(' ');
  useEffect(() => {
    if (unknown === '') return undefined;
    let cancelled = false;
    void Promise.all([listFacilities(token), listApprovedMerchants(token)]).then(([facilities, merchants]) => {
      if (cancelled) return;
      const next = new Map<string, string>();
      if (facilities.ok) for (const f of facilities.body) next.set(f.facilityId, f.name);
      if (merchants.ok) for (const m of merchants.body) next.set(m.merchantId, m.name);
      setNames(next);
    });
    return () => {
      cancelled = true;
    };
  }, [token, unknown]);
  return names;
}
