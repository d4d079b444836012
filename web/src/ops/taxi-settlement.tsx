/**
 * What each partner taxi company earned through Gancang over a period (by default the last 7 WIB
 * days, today included): completed rides, distance and revenue per company, and the revenue per
 * day as a chart, one bar colour per company, with its data table.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useAutoRefresh } from '../auto-refresh.ts';
import { useI18n } from '../i18n.ts';
import { BarChartFigure } from './bar-chart-slot.tsx';
import { listTaxiCompanies, taxiReport, type TaxiSettlementReport } from './ops-api.ts';
import { formatNumber } from './ops-format.ts';
import { lastSevenDays, REPORT_REFRESH_MS, taxiRevenueChart } from './report-charts.ts';
import { opsWords } from './ops-words.ts';

export function TaxiSettlementCard({ token }: { token: string }) {
  const { language, t } = useI18n();
  const w = opsWords[language];
  const [period, setPeriod] = useState(() => lastSevenDays(new Date()));
  const [reports, setReports] = useState<TaxiSettlementReport[] | undefined>();
  const [failed, setFailed] = useState(false);
  /** The API's reason when it refuses the period (too long, ends before it starts). */
  const [refused, setRefused] = useState<string | undefined>();
  const loadedAt = useRef(0);

  const load = useCallback(
    async (force: boolean) => {
      if (period.from > period.to || (!force && Date.now() - loadedAt.current < REPORT_REFRESH_MS)) return;
      loadedAt.current = Date.now();
      const companies = await listTaxiCompanies(token);
      if (!companies.ok) return setFailed(true);
      const answers = await Promise.all(companies.body.map((company) => taxiReport(token, company.companyId, period.from, period.to)));
      const read = answers.flatMap((answer) => (answer.ok ? [answer.body] : []));
      const refusal = answers.find((answer) => !answer.ok && answer.error.status === 400);
      setRefused(refusal && !refusal.ok ? refusal.error.message : undefined);
      setFailed(read.length < answers.length);
      if (read.length > 0 || answers.length === 0) setReports(read);
    },
    [token, period],
  );
  useEffect(() => {
    void load(true);
  }, [load]);
  const tick = useCallback(() => load(false), [load]);
  useAutoRefresh(tick);

  const n = (value: number, digits = 0) => formatNumber(value, t.locale, digits);
  const chart = useMemo(() => (reports ? taxiRevenueChart(reports, t.locale) : undefined), [reports, t.locale]);

  return (
    <section class="card taxi" aria-labelledby="ops-taxi-title">
      <h2 id="ops-taxi-title">{w.taxi.title}</h2>
      <div class="report-controls">
        <div class="field">
          <label for="ops-taxi-from">{w.taxi.from}</label>
          <input id="ops-taxi-from" type="date" value={period.from} max={period.to} required onChange={(event) => event.currentTarget.value && setPeriod({ ...period, from: event.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="ops-taxi-to">{w.taxi.to}</label>
          <input id="ops-taxi-to" type="date" value={period.to} min={period.from} required onChange={(event) => event.currentTarget.value && setPeriod({ ...period, to: event.currentTarget.value })} />
        </div>
      </div>
      {refused ? (
        <p class="error" role="alert">
          {w.taxi.refused(refused)}
        </p>
      ) : failed && !reports ? (
        <p class="muted">{w.notYet}</p>
      ) : null}
      {reports && reports.length === 0 ? <p class="muted">{w.taxi.none}</p> : null}
      {reports && reports.length > 0 ? (
        <>
          <ul class="report-totals">
            {reports.map((report) => (
              <li key={report.companyId} data-company-id={report.companyId}>
                {w.taxi.summary(report.companyName, report.totals.rides, n(report.totals.rides), n(report.totals.distanceKm, 1), n(report.totals.revenueIdr))}
              </li>
            ))}
          </ul>
          {chart ? <BarChartFigure name="taxi-revenue" title={w.taxi.chart} data={chart} rowHeader={w.taxi.day} format={n} /> : null}
        </>
      ) : null}
    </section>
  );
}
