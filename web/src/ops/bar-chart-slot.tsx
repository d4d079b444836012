/**
 * A bar chart with its text alternative: the canvas (Chart.js, loaded as its own chunk when a
 * chart is first drawn) is an image named by its title, and the same figures follow it as a
 * table in a collapsible "data table", for screen readers and for anyone who wants the numbers.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n.ts';
import type { BarChart } from './bar-chart.ts';
import type { BarData } from './report-charts.ts';
import { opsWords } from './ops-words.ts';
import { TableScroll } from './table-scroll.tsx';

export function BarChartFigure({ title, data, rowHeader, format, name }: { title: string; data: BarData; rowHeader: string; format: (value: number) => string; name: string }) {
  const { language, t } = useI18n();
  const w = opsWords[language];
  const canvas = useRef<HTMLCanvasElement>(null);
  const [chart, setChart] = useState<BarChart | undefined>();

  useEffect(() => {
    let cancelled = false;
    let created: BarChart | undefined;
    void import('./bar-chart.ts').then((module) => {
      if (cancelled || !canvas.current) return;
      created = new module.BarChart(canvas.current, data, t.locale);
      setChart(created);
    });
    return () => {
      cancelled = true;
      created?.destroy();
    };
    // Made once; new figures (and another language) go through show() below.
  }, []);

  useEffect(() => {
    chart?.show(data, t.locale);
  }, [chart, data, t.locale]);

  const totals = data.series.length > 1;
  return (
    <figure class="chart" data-chart={name}>
      <figcaption>{title}</figcaption>
      <div class="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={w.chartLabel(title, data.labels.length)} />
      </div>
      <details class="chart-data">
        <summary>{w.dataTable}</summary>
        <TableScroll label={title}>
          <table>
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{rowHeader}</th>
                {data.series.map((series) => (
                  <th key={series.label} scope="col" class="number">
                    {series.label}
                  </th>
                ))}
                {totals ? (
                  <th scope="col" class="number">
                    {w.total}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {data.labels.map((label, row) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {data.series.map((series) => (
                    <td key={series.label} class="number">
                      {format(series.values[row] ?? 0)}
                    </td>
                  ))}
                  {totals ? <td class="number">{format(data.series.reduce((sum, series) => sum + (series.values[row] ?? 0), 0))}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </figure>
  );
}
