// Horizontal bar charts as plain SVG text: no browser, no dependency. Deterministic output (same
// input, same bytes), so re-rendered charts only show in a diff when a figure changed.

export interface Bar {
  series: string;
  value: number;
  /** Text right of the bar; defaults to the formatted value and the panel's unit. */
  label?: string;
  /** Every round's value, drawn as dots over the bar (the bar is the median round). */
  rounds?: number[];
}

export interface Row {
  label: string;
  bars: Bar[];
}

export interface Panel {
  title: string;
  unit: string;
  rows: Row[];
  /** Vertical reference lines: a goal, a rate limit, the offered load. */
  marks?: Array<{ value: number; label: string }>;
}

export interface ChartSpec {
  title: string;
  subtitle?: string;
  /** Legend order; colours are assigned in this order unless given. */
  series: Array<{ name: string; color?: string }>;
  panels: Panel[];
  /** Lines under the chart: source, settings, caveats. */
  notes: string[];
}

/** Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999999'];
const WIDTH = 760;
const MARGIN = 16;
const BAR_H = 13;
const BAR_GAP = 3;
const ROW_GAP = 9;
/** Average advance of a character of the 12 px sans-serif font, px (used to lay out text). */
const CHAR_W = 6.6;
const NOTE_CHARS = Math.floor((WIDTH - 2 * MARGIN) / 5.9);
const FONT = `font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"`;

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** 1,234 / 56.7 / 8.9 / 0.72, and 8.13 M from ten million up. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 10_000_000)
    return `${(value / 1e6).toLocaleString('en-US', { maximumFractionDigits: 2 })} M`;
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Axis ticks: 2 M rather than 2,000,000 from a million up. */
export function formatTick(value: number): string {
  return value >= 1e6 ? `${(value / 1e6).toLocaleString('en-US')} M` : formatNumber(value);
}

/** An upper bound of 1, 2, 2.5 or 5 × 10^n at or above `max`, and its ticks. */
export function niceScale(max: number): { max: number; ticks: number[] } {
  if (!(max > 0)) return { max: 1, ticks: [0, 1] };
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= rough)!;
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { max: top, ticks };
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x}" y="${y}" ${attrs}>${escapeXml(content)}</text>`;
}

const barLabel = (bar: Bar, unit: string) =>
  bar.label ?? `${formatNumber(bar.value)} ${unit}`.trim();

interface Layout {
  colors: Map<string, string>;
  plotX: number;
  plotW: number;
}

/** Label column sized to the longest row label, value column to the longest bar label. */
function layout(spec: ChartSpec): Layout {
  const rows = spec.panels.flatMap((panel) => panel.rows);
  const longestLabel = Math.max(...rows.map((row) => row.label.length), 4);
  const longestValue = Math.max(
    ...spec.panels.flatMap((panel) =>
      panel.rows.flatMap((row) => row.bars.map((bar) => barLabel(bar, panel.unit).length)),
    ),
    4,
  );
  const labelW = Math.min(260, Math.max(90, longestLabel * CHAR_W + 10));
  const valueW = Math.min(260, Math.max(60, longestValue * CHAR_W * 0.95 + 10));
  return {
    colors: new Map(spec.series.map((s, i) => [s.name, s.color ?? PALETTE[i % PALETTE.length]])),
    plotX: MARGIN + labelW,
    plotW: WIDTH - 2 * MARGIN - labelW - valueW,
  };
}

/** Title, subtitle and legend (the series drawn, and the round dot if any); returns the new y. */
function header(spec: ChartSpec, { colors }: Layout, out: string[]): number {
  let y = MARGIN + 14;
  out.push(text(MARGIN, y, spec.title, 'font-size="15" font-weight="600" fill="#111"'));
  for (const line of spec.subtitle ? wrap(spec.subtitle, NOTE_CHARS) : []) {
    y += 17;
    out.push(text(MARGIN, y, line, 'font-size="12" fill="#444"'));
  }
  y += 22;
  let x = MARGIN;
  const bars = spec.panels.flatMap((panel) => panel.rows.flatMap((row) => row.bars));
  const used = new Set(bars.map((bar) => bar.series));
  for (const { name } of spec.series.filter((series) => used.has(series.name))) {
    const w = 16 + name.length * CHAR_W + 14;
    if (x + w > WIDTH - MARGIN) {
      x = MARGIN;
      y += 18;
    }
    out.push(`<rect x="${x}" y="${y - 10}" width="11" height="11" fill="${colors.get(name)}"/>`);
    out.push(text(x + 16, y, name, 'font-size="12" fill="#222"'));
    x += w;
  }
  if (bars.some((bar) => bar.rounds)) {
    out.push(`<circle cx="${x + 5}" cy="${y - 4}" r="2.6" fill="#fff" stroke="#222"/>`);
    out.push(text(x + 14, y, 'one round', 'font-size="12" fill="#222"'));
  }
  return y;
}

/** One panel from `y` down: title, grid, bars with their labels and round dots, marks. */
function renderPanel(panel: Panel, { colors, plotX, plotW }: Layout, y: number, out: string[]) {
  out.push(text(MARGIN, y, panel.title, 'font-size="12.5" font-weight="600" fill="#111"'));
  const marks = panel.marks ?? [];
  const values = panel.rows.flatMap((row) =>
    row.bars.flatMap((bar) => [bar.value, ...(bar.rounds ?? [])]),
  );
  const scale = niceScale(Math.max(...values, ...marks.map((mark) => mark.value)));
  const sx = (value: number) => plotX + (Math.max(0, value) / scale.max) * plotW;
  // Each mark's label gets a line of its own above the bars.
  const top = y + 8 + marks.length * 13;
  let rowY = top;
  const body: string[] = [];
  for (const row of panel.rows) {
    const groupH = row.bars.length * (BAR_H + BAR_GAP) - BAR_GAP;
    const labelAttrs = 'font-size="12" fill="#222" text-anchor="end"';
    body.push(text(plotX - 8, rowY + groupH / 2 + 4, row.label, labelAttrs));
    for (const bar of row.bars) {
      const w = Math.max(0.5, sx(bar.value) - plotX).toFixed(1);
      const tooltip = escapeXml(`${row.label}, ${bar.series}: ${barLabel(bar, panel.unit)}`);
      const fill = colors.get(bar.series) ?? '#777';
      body.push(
        `<rect x="${plotX}" y="${rowY}" width="${w}" height="${BAR_H}" fill="${fill}"><title>${tooltip}</title></rect>`,
      );
      for (const value of bar.rounds ?? []) {
        const cx = sx(value).toFixed(1);
        body.push(
          `<circle cx="${cx}" cy="${rowY + BAR_H / 2}" r="2.6" fill="#fff" stroke="#222"/>`,
        );
      }
      const end = Math.max(sx(bar.value), ...(bar.rounds ?? []).map(sx));
      // A white outline keeps the label readable where it crosses a grid or mark line.
      const valueAttrs =
        'font-size="11.5" fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke"';
      body.push(text(end + 6, rowY + BAR_H - 2, barLabel(bar, panel.unit), valueAttrs));
      rowY += BAR_H + BAR_GAP;
    }
    rowY += ROW_GAP - BAR_GAP;
  }
  const bottom = rowY - ROW_GAP + 6;
  for (const tick of scale.ticks) {
    const tx = sx(tick).toFixed(1);
    out.push(`<line x1="${tx}" y1="${top - 4}" x2="${tx}" y2="${bottom}" stroke="#e3e3e3"/>`);
    const tickAttrs = 'font-size="10.5" fill="#666" text-anchor="middle"';
    out.push(text(Number(tx), bottom + 13, formatTick(tick), tickAttrs));
  }
  out.push(...body);
  for (const [i, mark] of marks.entries()) {
    const mx = sx(mark.value);
    const labelY = top - 9 - (marks.length - 1 - i) * 13;
    const anchor = mx > plotX + plotW * 0.6 ? 'end' : 'start';
    out.push(
      `<line x1="${mx.toFixed(1)}" y1="${labelY + 3}" x2="${mx.toFixed(1)}" y2="${bottom}" stroke="#C0392B" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    );
    const markAttrs = `font-size="11" fill="#C0392B" text-anchor="${anchor}"`;
    out.push(text(mx + (anchor === 'end' ? -4 : 4), labelY, mark.label, markAttrs));
  }
  return bottom + 16;
}

export function renderBarChart(spec: ChartSpec): string {
  const sizes = layout(spec);
  const out: string[] = [];
  let y = header(spec, sizes, out);
  for (const panel of spec.panels) y = renderPanel(panel, sizes, y + 26, out);
  y += 8;
  for (const note of spec.notes) {
    for (const line of wrap(note, NOTE_CHARS)) {
      y += 14;
      out.push(text(MARGIN, y, line, 'font-size="10.5" fill="#555"'));
    }
  }
  const height = Math.ceil(y + MARGIN);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ${FONT}>`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}
