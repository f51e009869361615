/** A grouped bar chart as a standalone SVG: no dependency, renders on GitHub and in any browser. */
export interface BarGroup {
  label: string;
  values: number[];
  /** Shown above the group, e.g. "0.84x". */
  note?: string;
}

export interface BarChart {
  title: string;
  subtitle: string;
  yLabel: string;
  series: { name: string; color: string }[];
  groups: BarGroup[];
}

const WIDTH = 760;
const HEIGHT = 420;
const MARGIN = { top: 78, right: 24, bottom: 56, left: 76 };
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** 1, 2 or 5 times a power of ten, so that about five gridlines cover `max`. */
function niceStep(max: number): number {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough)!;
}

const formatTick = (value: number) => (value >= 1000 ? `${value / 1000}k` : String(value));

export function barChartSvg(chart: BarChart): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(1, ...chart.groups.flatMap((group) => group.values));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const groupWidth = plotWidth / chart.groups.length;
  const barWidth = (groupWidth * 0.7) / chart.series.length;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="26" ${FONT} font-size="17" font-weight="bold" fill="#222">${escapeXml(chart.title)}</text>`,
    `<text x="${MARGIN.left}" y="46" ${FONT} font-size="12" fill="#555">${escapeXml(chart.subtitle)}</text>`,
  ];
  for (let tick = 0; tick <= top; tick += step) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e3e3e3"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(tick) + 4}" ${FONT} font-size="11" fill="#555" text-anchor="end">${formatTick(tick)}</text>`,
    );
  }
  const axisX = 16;
  const axisY = MARGIN.top + plotHeight / 2;
  parts.push(
    `<text x="${axisX}" y="${axisY}" ${FONT} font-size="12" fill="#555" text-anchor="middle" transform="rotate(-90 ${axisX} ${axisY})">${escapeXml(chart.yLabel)}</text>`,
  );
  chart.groups.forEach((group, g) => {
    const left = MARGIN.left + g * groupWidth + groupWidth * 0.15;
    group.values.forEach((value, s) => {
      const x = left + s * barWidth;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(barWidth - 4).toFixed(1)}" height="${(y(0) - y(value)).toFixed(1)}" fill="${chart.series[s].color}"/>`,
        `<text x="${(x + (barWidth - 4) / 2).toFixed(1)}" y="${(y(value) - 4).toFixed(1)}" ${FONT} font-size="10" fill="#333" text-anchor="middle">${Math.round(value)}</text>`,
      );
    });
    const center = MARGIN.left + (g + 0.5) * groupWidth;
    parts.push(
      `<text x="${center}" y="${HEIGHT - MARGIN.bottom + 20}" ${FONT} font-size="13" fill="#222" text-anchor="middle">${escapeXml(group.label)}</text>`,
    );
    if (group.note) {
      parts.push(
        `<text x="${center}" y="${HEIGHT - MARGIN.bottom + 38}" ${FONT} font-size="12" font-weight="bold" fill="#222" text-anchor="middle">${escapeXml(group.note)}</text>`,
      );
    }
  });
  chart.series.forEach((series, s) => {
    const x = WIDTH - MARGIN.right - 150 * (chart.series.length - s);
    parts.push(
      `<rect x="${x}" y="56" width="12" height="12" fill="${series.color}"/>`,
      `<text x="${x + 18}" y="66" ${FONT} font-size="12" fill="#333">${escapeXml(series.name)}</text>`,
    );
  });
  parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(0)}" y2="${y(0)}" stroke="#888"/>`, '</svg>');
  return `${parts.join('\n')}\n`;
}
