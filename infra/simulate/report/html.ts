/**
 * The simulation's report as one HTML file, drawn from a stored run (`SimulationResult`) alone:
 * the scenario, its targets met or missed, the figures, and four charts each followed by its data
 * table. Self-contained so it can be mailed, opened from file:// and printed: CSS inline, charts
 * as inline SVG, no script, and a Content-Security-Policy that refuses any request at all.
 *
 * The run's own text (title, description, targets) is English, so the page is too, with each
 * heading's Indonesian name beside it for the regency's readers.
 */
import type { OrderKind, Outcome, Percentiles, SimulationResult } from '../result.ts';
import { barChartSvg, binLabel, histogramBins, lineChartSvg } from './charts.ts';
import { bilingual, escapeHtml, formatCount, formatDuration } from './markup.ts';
import { KIND_COLOURS, KINDS, OUTCOMES, originMapSvg, originMark, originRows } from './origin-map.ts';

const KIND_NAMES: Readonly<Record<OrderKind, string>> = { MEDICINE: 'Medicine', FOOD: 'Food', RIDE: 'Ride' };
const OUTCOME_NAMES: Readonly<Record<Outcome, string>> = { DELIVERED: 'Delivered', FAILED: 'Failed', CANCELLED: 'Cancelled', OPEN: 'Still open' };
/** The outcomes' marks in the legend: a neutral grey, as the shape alone tells the outcome. */
const LEGEND_GREY = '#555555';

export function renderSimulationReport(result: SimulationResult): string {
  const { scenario } = result;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(scenario.title)} · Gancang simulation</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<p class="eyebrow">${bilingual('Gancang simulation report', 'Laporan simulasi Gancang')}</p>
<h1>${escapeHtml(scenario.title)}</h1>
${verdict(result.targets)}
</header>
<main>
${scenarioSection(result)}
${targetsSection(result.targets)}
${figuresSection(result)}
${waitsSection(result)}
${deliveriesSection(result)}
${openJobsSection(result)}
${originsSection(result)}
</main>
</body>
</html>
`;
}

function verdict(targets: SimulationResult['targets']): string {
  if (targets.length === 0) return '<p class="verdict">This scenario states no target.</p>';
  const missed = targets.filter((t) => !t.met).length;
  return missed === 0
    ? `<p class="verdict met"><span aria-hidden="true">✓</span> ${targets.length === 1 ? 'The target' : `All ${targets.length} targets`} met <span lang="id">(semua sasaran tercapai)</span></p>`
    : `<p class="verdict missed"><span aria-hidden="true">✗</span> ${missed} of ${plural(targets.length, 'target')} missed <span lang="id">(${missed} sasaran tidak tercapai)</span></p>`;
}

/** "2026-11-30T07:00:00+07:00" as "2026-11-30 07:00 WIB"; any other offset is shown as given. */
export function formatStartedAt(iso: string): string {
  const wib = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?\+07:00$/.exec(iso);
  return wib ? `${wib[1]} ${wib[2]} WIB` : iso;
}

function scenarioSection(result: SimulationResult): string {
  const s = result.scenario;
  const facts: [string, string][] = [
    ['Scenario', s.name],
    ['Started', formatStartedAt(s.startedAt)],
    ['Simulated', `${formatCount(s.minutes)} scenario minutes (${formatDuration(s.minutes * 60)})`],
    ['Speed', `${formatCount(s.speed)}× real time`],
    ['Wall time', formatDuration(s.wallSeconds)],
    ['Drivers', formatCount(s.drivers)],
  ];
  return `<section aria-labelledby="scenario">
<h2 id="scenario">${bilingual('Scenario', 'Skenario')}</h2>
<p class="description">${escapeHtml(s.description)}</p>
<dl class="facts">${facts.map(([term, value]) => `<div><dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd></div>`).join('')}</dl>
</section>`;
}

function targetsSection(targets: SimulationResult['targets']): string {
  const rows = targets
    .map(
      (t) => `<tr class="${t.met ? 'met' : 'missed'}"><th scope="row">${escapeHtml(t.name)}</th><td>${escapeHtml(t.target)}</td><td>${escapeHtml(t.actual)}</td>` +
        `<td class="result">${t.met ? '<span aria-hidden="true">✓</span> Met' : '<span aria-hidden="true">✗</span> Missed'}</td></tr>`,
    )
    .join('\n');
  return `<section aria-labelledby="targets">
<h2 id="targets">${bilingual('Targets', 'Sasaran')}</h2>
${targets.length === 0 ? '<p>None stated.</p>' : `<table class="targets"><thead><tr><th scope="col">Target</th><th scope="col">Asked</th><th scope="col">This run</th><th scope="col">Result</th></tr></thead>
<tbody>${rows}</tbody></table>`}
</section>`;
}

/** Machine latencies: milliseconds while under a second, seconds with two decimals above. */
export function formatMilliseconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function percentiles(p: Percentiles, format: (value: number) => string): string {
  if (p.count === 0 || p.p50 === null || p.p95 === null) return 'no value';
  return `${format(p.p50)} / ${format(p.p95)} (over ${formatCount(p.count)})`;
}

function share(part: number, whole: number): string {
  return whole === 0 ? '' : ` (${Math.round((part / whole) * 100)} %)`;
}

function figuresSection(result: SimulationResult): string {
  const f = result.figures;
  const rows: [string, string][] = [
    ['Orders', formatCount(f.orders)],
    ['Delivered', `${formatCount(f.delivered)}${share(f.delivered, f.orders)}`],
    ['Failed', `${formatCount(f.failed)}${share(f.failed, f.orders)}, of which ${formatCount(f.failedAtTheDoor)} at the door (the scenario's)`],
    ['Cancelled', `${formatCount(f.cancelled)}${share(f.cancelled, f.orders)}`],
    ['Still open at the end', `${formatCount(f.open)}${share(f.open, f.orders)}`],
    ['Ready → first offer, p50 / p95 (wall clock; jobs a driver was free for)', percentiles(f.readyToOfferMs, formatMilliseconds)],
    ['Jobs whose first search found no driver free (they waited for the fleet)', formatCount(f.foundNobodyFree)],
    ['Ready → assigned, p50 / p95 (scenario time)', percentiles(f.readyToAssignedSeconds, formatDuration)],
    [
      'Offers per assigned job, mean / max',
      f.offersPerJob.mean === null || f.offersPerJob.max === null ? 'no value' : `${f.offersPerJob.mean.toFixed(2)} / ${formatCount(f.offersPerJob.max)}`,
    ],
    ['Driver utilisation (online time holding a job)', `${(f.driverUtilisation * 100).toFixed(1)} %`],
  ];
  if (f.promotion !== null) {
    rows.push(['Promotion redemptions / quota', `${formatCount(f.promotion.redemptions)} of ${formatCount(f.promotion.quota)}${share(f.promotion.redemptions, f.promotion.quota)}`]);
  }
  return `<section aria-labelledby="figures">
<h2 id="figures">${bilingual('Figures', 'Angka')}</h2>
<table class="figures"><tbody>${rows.map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</tbody></table>
</section>`;
}

/** A chart's data table, in a box that scrolls on screen (a day has many samples) and prints whole. */
function dataTable(caption: string, head: readonly string[], rows: readonly (readonly string[])[], options: { numbersFrom: number; foot?: readonly string[] }): string {
  const numeric = (i: number) => (i >= options.numbersFrom ? ' class="number"' : '');
  const cells = (row: readonly string[]) =>
    row.map((cell, i) => (i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td${numeric(i)}>${escapeHtml(cell)}</td>`)).join('');
  const foot = options.foot;
  return `<div class="table-scroll" role="region" aria-label="${escapeHtml(caption)}" tabindex="0"><table class="data">
<caption>${escapeHtml(caption)} <span lang="id">(tabel data)</span></caption>
<thead><tr>${head.map((h, i) => `<th scope="col"${numeric(i)}>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((row) => `<tr>${cells(row)}</tr>`).join('\n')}</tbody>${foot ? `<tfoot><tr>${cells(foot)}</tr></tfoot>` : ''}
</table></div>`;
}

/** A chart's data table, and what tells that the run had nothing to draw: no row. */
interface ChartData {
  /** The table's caption, when not the section's title. */
  readonly caption?: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** The first column holding numbers (right-aligned). */
  readonly numbersFrom: number;
  readonly foot?: readonly string[];
}

/**
 * One section per chart, all alike: the heading (English and Indonesian), a note on what it shows,
 * then the chart followed by the same figures as a table (for screen readers, and to read exact
 * values), or one sentence instead of both when the run has nothing to draw.
 */
function chartSection(section: { readonly id: string; readonly title: string; readonly indonesian: string; readonly note: string; readonly nothing: string; readonly chart: () => string; readonly data: ChartData }): string {
  const { data } = section;
  const body = data.rows.length === 0 ? empty(section.nothing) : `${section.chart()}${dataTable(data.caption ?? section.title, data.head, data.rows, data)}`;
  return `<section class="chart-section" aria-labelledby="${section.id}">
<h2 id="${section.id}">${bilingual(section.title, section.indonesian)}</h2>
<p class="note">${escapeHtml(section.note)}</p>
${body}
</section>`;
}

function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

function empty(text: string): string {
  return `<p class="empty">${escapeHtml(text)}</p>`;
}

function waitsSection(result: SimulationResult): string {
  const bins = histogramBins(result.series.readyToAssignedSeconds);
  return chartSection({
    id: 'waits',
    title: 'Ready → assigned',
    indonesian: 'Siap → dapat pengantar',
    note: 'How long each assigned job waited for its driver, in scenario time.',
    nothing: 'No job was assigned in this run.',
    chart: () =>
      barChartSvg({
        id: 'waits-chart',
        label: `Histogram of ready → assigned over ${plural(result.series.readyToAssignedSeconds.length, 'assigned job')}, ${plural(bins.length, 'bin')}; the figures are in the data table below it`,
        bars: bins.map((bin) => ({ label: formatDuration(bin.from), value: bin.count })),
        xAxis: 'Ready → assigned, scenario time (bins from)',
        yAxis: 'Jobs',
      }),
    data: { head: ['Ready → assigned', 'Jobs'], rows: bins.map((bin) => [binLabel(bin), formatCount(bin.count)]), numbersFrom: 1 },
  });
}

function deliveriesSection(result: SimulationResult): string {
  const hours = result.series.deliveriesPerHour;
  return chartSection({
    id: 'deliveries',
    title: 'Deliveries per hour',
    indonesian: 'Pengantaran per jam',
    note: 'Deliveries and completed rides in each scenario hour.',
    nothing: 'Nothing was delivered in this run.',
    chart: () =>
      barChartSvg({
        id: 'deliveries-chart',
        label: `Bar chart of deliveries per hour, ${plural(hours.length, 'hour')}; the figures are in the data table below it`,
        bars: hours.map((h) => ({ label: h.hour, value: h.deliveries })),
        xAxis: 'Hour (WIB)',
        yAxis: 'Deliveries',
      }),
    data: { head: ['Hour (WIB)', 'Deliveries'], rows: hours.map((h) => [h.hour, formatCount(h.deliveries)]), numbersFrom: 1 },
  });
}

function openJobsSection(result: SimulationResult): string {
  const samples = result.series.openJobs;
  return chartSection({
    id: 'open-jobs',
    title: 'Open jobs over time',
    indonesian: 'Pekerjaan berjalan',
    note: 'Jobs in play (waiting, offered, assigned or picked up) through the run: a rising line is a backlog.',
    nothing: 'No sample was taken in this run.',
    chart: () =>
      lineChartSvg({
        id: 'open-jobs-chart',
        label: `Line chart of the jobs in play, ${plural(samples.length, 'sample')}; the figures are in the data table below it`,
        points: samples.map((s) => ({ x: s.minute, y: s.open })),
        xAxis: 'Scenario minute',
        yAxis: 'Open jobs',
      }),
    data: { head: ['Scenario minute', 'Open jobs'], rows: samples.map((s) => [formatCount(s.minute), formatCount(s.open)]), numbersFrom: 1 },
  });
}

function legend(): string {
  const swatch = (mark: string) => `<svg class="swatch" viewBox="0 0 12 12" width="14" height="14" aria-hidden="true">${mark}</svg>`;
  const kinds = KINDS.map((k) => `<li>${swatch(originMark(KIND_COLOURS[k], 'DELIVERED', 6, 6))} ${escapeHtml(KIND_NAMES[k])}</li>`).join('');
  const outcomes = OUTCOMES.map((o) => `<li>${swatch(originMark(LEGEND_GREY, o, 6, 6))} ${escapeHtml(OUTCOME_NAMES[o])}</li>`).join('');
  return `<div class="legend"><p>Colour: kind</p><ul>${kinds}</ul><p>Shape: outcome</p><ul>${outcomes}</ul></div>`;
}

function originsSection(result: SimulationResult): string {
  const origins = result.series.origins;
  const title = 'Where orders came from';
  const rows = originRows(origins, result.area.kecamatan);
  const totals = OUTCOMES.map((o) => rows.reduce((sum, row) => sum + row.outcomes[o], 0));
  return chartSection({
    id: 'origins',
    title,
    indonesian: 'Asal pesanan',
    note: "Each order's pickup point: the pharmacy, the stall, or where the ride starts.",
    nothing: 'No order in this run.',
    chart: () =>
      `<p class="note">On a map zoomed to the orders: the regency's box is shaded within its dashed edge, kecamatan centres in view are marked +. Orders from one place share one point; the table counts them.</p>\n` +
      originMapSvg('origins-map', `Map of ${plural(origins.length, 'order origin')} in the regency, coloured by kind and shaped by outcome, with the kecamatan centres; the counts are in the data table below it`, result.area, origins) +
      legend(),
    data: {
      caption: `${title}, by nearest kecamatan centre`,
      head: ['Kecamatan', 'Kind', ...OUTCOMES.map((o) => OUTCOME_NAMES[o]), 'All'],
      rows: rows.map((row) => [row.kecamatan ?? '—', KIND_NAMES[row.kind], ...OUTCOMES.map((o) => formatCount(row.outcomes[o])), formatCount(row.total)]),
      numbersFrom: 2,
      foot: ['All', '', ...totals.map(formatCount), formatCount(origins.length)],
    },
  });
}

const STYLE = `
:root { color: #1a1a1a; background: #ffffff; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.7rem; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #d0d0d0; padding-bottom: 0.2rem; }
.id { color: #555555; font-weight: normal; font-size: 0.85em; }
.id::before { content: "· "; }
.eyebrow { margin: 0; color: #444444; }
.verdict { display: inline-block; font-weight: 600; padding: 0.35rem 0.7rem; border-radius: 0.3rem; margin: 0; }
.verdict.met, tr.met .result { background: #e3f1e6; color: #135c25; }
.verdict.missed, tr.missed .result { background: #fbe4e6; color: #9b1326; }
.description { max-width: 45rem; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.5rem 1rem; margin: 0; }
.facts dt { color: #444444; font-size: 0.85rem; }
.facts dd { margin: 0; font-weight: 600; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { text-align: left; padding: 0.3rem 0.7rem 0.3rem 0; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
thead th { border-bottom: 2px solid #b0b0b0; }
td.result { font-weight: 700; padding-left: 0.5rem; white-space: nowrap; }
table.data .number { text-align: right; font-variant-numeric: tabular-nums; }
table.data tfoot th, table.data tfoot td { border-top: 2px solid #b0b0b0; font-weight: 700; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
.table-scroll { max-height: 18rem; overflow: auto; border: 1px solid #e4e4e4; padding: 0 0.6rem; margin-top: 0.5rem; }
.note { color: #444444; margin: 0 0 0.5rem; }
.empty { font-style: italic; }
svg.chart { display: block; width: 100%; max-width: 44rem; height: auto; font-family: inherit; }
.chart-section table.data { min-width: min(100%, 24rem); }
svg.map { border: 1px solid #b0b0b0; max-width: 40rem; }
.legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; align-items: center; font-size: 0.9rem; }
.legend p { margin: 0; font-weight: 600; }
.legend ul { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; list-style: none; margin: 0; padding: 0; }
.legend li { display: flex; gap: 0.3rem; align-items: center; }
@media print {
  body { max-width: none; padding: 0; }
  .table-scroll { max-height: none; overflow: visible; border: none; padding: 0; }
  section { break-inside: avoid-page; }
  .verdict, tr .result { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;
