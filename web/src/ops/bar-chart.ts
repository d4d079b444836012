/**
 * The dashboard's bar charts, drawn with Chart.js on a canvas. Only the pieces a bar chart needs
 * are registered (bars, category and linear axes, legend, tooltip), so the rest of Chart.js stays
 * out of the bundle; this module loads as its own chunk once the dashboard has a chart to draw.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { BarData } from './report-charts.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);


/** Distinct on white and to most colour-blind readers (Okabe–Ito), in order of use. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export class BarChart {
  private readonly chart: Chart<'bar'>;

  constructor(canvas: HTMLCanvasElement, data: BarData, locale: string) {
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        // Redrawn every 15 s by the refresh: moving bars would only distract the room.
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: data.series.length > 1, position: 'bottom' } },
        scales: { x: { stacked: data.stacked }, y: { stacked: data.stacked, beginAtZero: true } },
      },
    });
    this.show(data, locale);
  }

  /** New figures, or the same in another language (numbers are written the locale's way). */
  show(data: BarData, locale: string): void {
    this.chart.options.locale = locale;
    this.chart.data.labels = [...data.labels];
    this.chart.data.datasets = data.series.map((series, i) => ({
      label: series.label,
      data: [...series.values],
      backgroundColor: PALETTE[i % PALETTE.length],
    }));
    this.chart.options.plugins!.legend!.display = data.series.length > 1;
    this.chart.options.scales!.x!.stacked = data.stacked;
    this.chart.options.scales!.y!.stacked = data.stacked;
    this.chart.update();
  }

  destroy(): void {
    this.chart.destroy();
  }
}
