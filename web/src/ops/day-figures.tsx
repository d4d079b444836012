/**
 * Today's figures (WIB day) from `GET /v1/ops/today`: the orders handed to dispatch, how many are
 * delivered, failed, in play or cancelled, and how long they waited: median and p90 from ready to
 * a driver and from ready to delivered, in all and per kind.
 */
import { useI18n } from '../i18n.ts';
import { wibTime } from '../wib.ts';
import type { DayFigures, Duration, Figures } from './ops-api.ts';
import { formatDuration, formatNumber } from './ops-format.ts';
import { opsWords, type OpsWords } from './ops-words.ts';
import { TableScroll } from './table-scroll.tsx';

const COUNTS = ['orders', 'delivered', 'failed', 'open', 'cancelled'] as const satisfies readonly (keyof Figures)[];
const DURATIONS = ['readyToAssigned', 'readyToDelivered'] as const satisfies readonly (keyof Figures)[];

export function DayFiguresCard({ figures, loaded }: { figures: DayFigures | undefined; loaded: boolean }) {
  const { language, t } = useI18n();
  const w = opsWords[language];
  const n = (value: number) => formatNumber(value, t.locale);
  const rows: Row[] = figures ? [...figures.byKind.map((row) => ({ key: row.kind, label: w.kinds[row.kind], figures: row })), { key: 'TOTAL', label: w.total, figures: figures.totals }] : [];
  return (
    <section class="card today" aria-labelledby="ops-today-title">
      <h2 id="ops-today-title">{w.today.title}</h2>
      {!loaded ? (
        <p class="muted">{t.loading}</p>
      ) : !figures ? (
        <p class="muted">{w.notYet}</p>
      ) : (
        <>
          <p class="muted small">{w.today.asOf(figures.day, wibTime(figures.asOf, t.locale))}</p>
          <dl class="tiles">
            {COUNTS.map((key) => (
              <div key={key} class={`tile tile-${key}`} data-figure={key}>
                <dt>{w.today[key]}</dt>
                <dd>{n(figures.totals[key])}</dd>
              </div>
            ))}
          </dl>
          <dl class="durations">
            {DURATIONS.map((key) => (
              <div key={key} data-figure={key}>
                <dt>{w.today[key]}</dt>
                <dd>
                  <DurationText duration={figures.totals[key]} w={w} />
                </dd>
              </div>
            ))}
          </dl>
          <FiguresTable caption={w.today.byKind} rows={rows} columns={COUNTS.map((key) => ({ key, label: w.today[key], cell: (row) => n(row[key]) }))} />
          <FiguresTable
            caption={w.today.waitsByKind}
            rows={rows}
            columns={DURATIONS.map((key) => ({ key, label: w.today[key], cell: (row) => `${formatDuration(row[key].medianSeconds, w.duration)} / ${formatDuration(row[key].p90Seconds, w.duration)}` }))}
          />
        </>
      )}
    </section>
  );
}

interface Row {
  readonly key: string;
  readonly label: string;
  readonly figures: Figures;
}

/** One row per kind and one for all, a column per figure. */
function FiguresTable({ caption, rows, columns }: { caption: string; rows: readonly Row[]; columns: readonly { key: string; label: string; cell: (figures: Figures) => string }[] }) {
  const { language } = useI18n();
  const w = opsWords[language];
  return (
    <TableScroll label={caption}>
      <table class="by-kind">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">{w.map.kind}</span>
            </th>
            {columns.map((column) => (
              <th key={column.key} scope="col" class="number">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-kind={row.key}>
              <th scope="row">{row.label}</th>
              {columns.map((column) => (
                <td key={column.key} class="number nowrap" data-figure={column.key}>
                  {column.cell(row.figures)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function DurationText({ duration, w }: { duration: Duration; w: OpsWords }) {
  return (
    <>
      <span class="median">
        {w.today.median} {formatDuration(duration.medianSeconds, w.duration)}
      </span>
      {' · '}
      <span class="p90">
        {w.today.p90} {formatDuration(duration.p90Seconds, w.duration)}
      </span>{' '}
      <span class="muted small">({w.today.over(duration.count)})</span>
    </>
  );
}
