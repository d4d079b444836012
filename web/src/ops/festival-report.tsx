/**
 * A festival's report (the newest festival first, another one chosen from the list): takings per
 * kecamatan, and per day with each kecamatan's part, as charts with their data tables; totals in
 * words; and the report as CSV, as the API writes it, to download.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useAutoRefresh } from '../auto-refresh.ts';
import { useI18n } from '../i18n.ts';
import { BarChartFigure } from './bar-chart-slot.tsx';
import { festivalReport, festivalReportCsv, listFestivals, type Festival, type FestivalReport } from './ops-api.ts';
import { dayLabel, formatNumber } from './ops-format.ts';
import { festivalCharts, REPORT_REFRESH_MS } from './report-charts.ts';
import { opsWords } from './ops-words.ts';

export function FestivalReportCard({ token }: { token: string }) {
  const { language, t } = useI18n();
  const w = opsWords[language];
  const [festivals, setFestivals] = useState<Festival[] | undefined>();
  const [festivalId, setFestivalId] = useState<string | undefined>();
  const [report, setReport] = useState<FestivalReport | undefined>();
  const [failed, setFailed] = useState(false);
  const [csvFailed, setCsvFailed] = useState(false);
  const loadedAt = useRef(0);
  const shown = useRef<string | undefined>(undefined);

  useEffect(() => {
    void listFestivals(token).then((answer) => {
      if (!answer.ok) return setFailed(true);
      setFestivals(answer.body.items);
      setFestivalId((current) => current ?? answer.body.items[0]?.festivalId);
    });
  }, [token]);

  const load = useCallback(
    async (force: boolean) => {
      if (!festivalId || (!force && Date.now() - loadedAt.current < REPORT_REFRESH_MS)) return;
      loadedAt.current = Date.now();
      shown.current = festivalId;
      const answer = await festivalReport(token, festivalId);
      // Another festival picked meanwhile: this answer is no longer the one to show.
      if (shown.current !== festivalId) return;
      setFailed(!answer.ok);
      if (answer.ok) setReport(answer.body);
    },
    [token, festivalId],
  );
  useEffect(() => {
    setReport(undefined);
    void load(true);
  }, [load]);
  const tick = useCallback(() => load(false), [load]);
  useAutoRefresh(tick);

  const download = async () => {
    if (!festivalId) return;
    const csv = await festivalReportCsv(token, festivalId);
    setCsvFailed(!csv);
    if (!csv) return;
    const url = URL.createObjectURL(csv);
    const link = document.createElement('a');
    link.href = url;
    link.download = `festival-${festivalId}-report.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    // The browser has taken the file once the click is handled.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  const n = (value: number) => formatNumber(value, t.locale);
  const charts = useMemo(() => (report ? festivalCharts(report, w.festival.gross, t.locale) : undefined), [report, w, t.locale]);

  return (
    <section class="card festival" aria-labelledby="ops-festival-title">
      <h2 id="ops-festival-title">{w.festival.title}</h2>
      {festivals && festivals.length === 0 ? <p class="muted">{w.festival.none}</p> : null}
      {festivals && festivals.length > 0 ? (
        <div class="report-controls">
          <div class="field">
            <label for="ops-festival">{w.festival.choose}</label>
            <select id="ops-festival" value={festivalId} onChange={(event) => setFestivalId(event.currentTarget.value)}>
              {festivals.map((f) => (
                <option key={f.festivalId} value={f.festivalId}>
                  {f.name} ({dayLabel(f.startsAt.slice(0, 10), t.locale)})
                </option>
              ))}
            </select>
          </div>
          <button type="button" class="secondary" disabled={!report} onClick={() => void download()}>
            {w.festival.csv}
          </button>
        </div>
      ) : null}
      {csvFailed ? (
        <p class="error" role="alert">
          {w.festival.csvFailed}
        </p>
      ) : null}
      {failed && !report ? <p class="muted">{w.notYet}</p> : null}
      {report && charts ? (
        <>
          <p class="report-totals">{w.festival.totals(n(report.totals.orders), n(report.totals.grossIdr), n(report.totals.discountIdr))}</p>
          {report.byKecamatan.length === 0 ? (
            <p class="muted">{w.festival.empty}</p>
          ) : (
            <div class="charts">
              <BarChartFigure name="festival-kecamatan" title={w.festival.perKecamatan} data={charts.perKecamatan} rowHeader={w.festival.kecamatan} format={n} />
              <BarChartFigure name="festival-day" title={w.festival.perDay} data={charts.perDay} rowHeader={w.festival.day} format={n} />
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}
