/**
 * The dashboard's two charts as geometry: numbers in, coordinates out, for csat.html.hbs
 * to draw as inline SVG (no script, so the chart reads the same with JavaScript off and
 * under the site's Content-Security-Policy). Labels stay plain strings here; the template
 * escapes them.
 *
 * The weekly line uses a scale that starts below the lowest value, since CSAT moves within
 * a few points of the target; the monthly bars start at 0 %, because a bar's length is
 * its value, and each bar carries its number.
 */
import type { PeriodResult } from '../csat/model.ts';
import { formatPercent, formatTarget } from './csatFormat.ts';

export interface ChartFrame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface Tick {
  y: number;
  text: string;
  /** The value the gridline stands for (0–1). */
  value: number;
}

export interface Band {
  label: string;
  /** Under the axis: "W47", "Nov". */
  axisText: string;
  /** Second line under the axis ("2026"), on the first band and at each new year; else ''. */
  axisYear: string;
  x: number;
  /** Left edge and width of the band, for the no-data shading and the bars. */
  bandX: number;
  bandWidth: number;
  showAxisText: boolean;
  /** The bar in this band (monthly chart): a fifth of the band is left free on each side. */
  barX: number;
  barWidth: number;
  /** Down to the scale's floor; 0 without data. */
  barHeight: number;
  csat: number | null;
  csatText: string;
  hasData: boolean;
  /** The point or bar top; null for "no data". */
  y: number | null;
  /** What a screen reader or a hover shows for this period. */
  title: string;
  belowTarget: boolean;
}

export interface ChartView {
  frame: ChartFrame;
  plot: { x1: number; x2: number; y1: number; y2: number; height: number };
  ticks: Tick[];
  target: { y: number; text: string };
  bands: Band[];
  /** The weekly line, one `d` per run of periods with data: a gap where there is none. */
  segments: string[];
  noData: Band[];
  /** Bars only: the bars' baseline (0 %). */
  baseline: number;

}

// The right margin holds the target line's label, clear of the last point or bar.
const FRAME: ChartFrame = { width: 760, height: 300, left: 56, right: 96, top: 20, bottom: 52 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Coordinates are rounded to 0.01 px: exact enough to check, short enough to ship. */
const round = (n: number) => Math.round(n * 100) / 100;

export function weeklyLineChart(periods: readonly PeriodResult[], target: number, generatedAt: string): ChartView {
  const values = periods.flatMap((period) => (period.csat === null ? [] : [period.csat]));
  // In whole percent, to keep float noise out of the tick labels: 5 % steps, ≥ 2 points below the lowest value.
  const lowest = Math.min(target, ...values) * 100;
  const floorPercent = Math.max(0, Math.floor((lowest - 2) / 5) * 5);
  const step = 100 - floorPercent <= 30 ? 5 : 100 - floorPercent <= 60 ? 10 : 20;
  const chart = frameFor(periods, { from: floorPercent / 100, to: 1, step: step / 100 }, target, generatedAt, 'week');
  const segments: string[] = [];
  let run: string[] = [];
  for (const band of chart.bands) {
    if (band.y === null) {
      if (run.length) segments.push(run.join(' '));
      run = [];
    } else run.push(`${run.length ? 'L' : 'M'}${band.x} ${band.y}`);
  }
  if (run.length) segments.push(run.join(' '));
  return { ...chart, segments };
}

export function monthlyBarChart(periods: readonly PeriodResult[], target: number, generatedAt: string): ChartView {
  return frameFor(periods, { from: 0, to: 1, step: 0.2 }, target, generatedAt, 'month');
}

/** The y of a CSAT value on a chart with this plot and scale: the mapping tests check points against. */
export function yFor(value: number, plot: Pick<ChartView['plot'], 'y1' | 'y2'>, scale: { from: number; to: number }): number {
  return round(plot.y2 - ((value - scale.from) / (scale.to - scale.from)) * (plot.y2 - plot.y1));
}

function frameFor(
  periods: readonly PeriodResult[],
  scale: { from: number; to: number; step: number },
  target: number,
  generatedAt: string,
  unit: 'week' | 'month',
): ChartView {
  const frame = FRAME;
  const plot = { x1: frame.left, x2: frame.width - frame.right, y1: frame.top, y2: frame.height - frame.bottom, height: frame.height - frame.bottom - frame.top };
  const bandWidth = (plot.x2 - plot.x1) / Math.max(1, periods.length);
  // Every label while they fit (about 36 px each), else every second, fourth, …
  const every = Math.max(1, 2 ** Math.ceil(Math.log2(Math.max(1, 36 / bandWidth))));
  const ticks: Tick[] = [];
  const steps = Math.round((scale.to - scale.from) / scale.step);
  for (let i = 0; i <= steps; i++) {
    const value = scale.from + i * scale.step;
    ticks.push({ value: round(value * 100) / 100, y: yFor(value, plot, scale), text: `${Math.round(value * 100)}%` });
  }
  let year = '';
  const bands = periods.map((period, i): Band => {
    const inProgress = Date.parse(period.endUtc) > Date.parse(generatedAt);
    const periodYear = period.label.slice(0, 4);
    const showAxisText = i % every === 0;
    const axisYear = showAxisText && periodYear !== year ? periodYear : '';
    if (axisYear) year = periodYear;
    const csatText = formatPercent(period.csat);
    const counts = `${period.good} good, ${period.bad} bad`;
    return {
      label: period.label,
      axisText: unit === 'week' ? period.label.slice(5) : MONTHS[Number(period.label.slice(5, 7)) - 1] ?? period.label,
      axisYear,
      x: round(plot.x1 + (i + 0.5) * bandWidth),
      bandX: round(plot.x1 + i * bandWidth),
      bandWidth: round(bandWidth),
      showAxisText,
      barX: round(plot.x1 + (i + 0.2) * bandWidth),
      barWidth: round(bandWidth * 0.6),
      barHeight: period.csat === null ? 0 : round(yFor(scale.from, plot, scale) - yFor(period.csat, plot, scale)),
      csat: period.csat,
      csatText,
      hasData: period.csat !== null,
      y: period.csat === null ? null : yFor(period.csat, plot, scale),
      title: `${period.label}${inProgress ? ' (in progress)' : ''}: ${period.csat === null ? 'no data, no answered survey' : `${csatText} (${counts})`}`,
      belowTarget: period.csat !== null && period.csat < target,
    };
  });
  return {
    frame,
    plot,
    ticks,
    target: { y: yFor(target, plot, scale), text: `Target ${formatTarget(target)}` },
    bands,
    segments: [],
    noData: bands.filter((band) => band.y === null),
    baseline: yFor(scale.from, plot, scale),
  };
}
