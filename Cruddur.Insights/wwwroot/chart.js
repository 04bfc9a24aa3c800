// A small inline SVG line chart: time on x, value on y, one polyline per series, with a legend.
import { esc, time } from './format.js';

export function lineChart(lines, { width = 760, height = 260, format = String } = {}) {
  const all = lines.flatMap(l => l.points);
  if (all.length === 0) return '<p class="muted">No points yet.</p>';
  const pad = { left: 56, right: 12, top: 12, bottom: 28 };
  const xs = all.map(p => p[0]);
  const ys = all.map(p => p[1]);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(0, ...ys), Math.max(...ys)];
  if (x0 === x1) { x0 -= 1000; x1 += 1000; }
  if (y0 === y1) { y1 = y0 + 1; }
  const sx = x => pad.left + ((x - x0) / (x1 - x0)) * (width - pad.left - pad.right);
  const sy = y => height - pad.bottom - ((y - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);
  const grid = [0, 0.25, 0.5, 0.75, 1].map(f => {
    const v = y0 + (y1 - y0) * f;
    return `<line x1="${pad.left}" x2="${width - pad.right}" y1="${sy(v)}" y2="${sy(v)}" class="grid-line"/>
      <text x="${pad.left - 6}" y="${sy(v) + 4}" text-anchor="end" class="axis">${esc(format(v))}</text>`;
  }).join('');
  const xLabels = [0, 0.5, 1].map(f => {
    const x = x0 + (x1 - x0) * f;
    return `<text x="${sx(x)}" y="${height - 8}" text-anchor="${f === 0 ? 'start' : f === 1 ? 'end' : 'middle'}" class="axis">${esc(time(new Date(x).toISOString()))}</text>`;
  }).join('');
  const paths = lines.map(l => {
    const points = l.points.map(p => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ');
    const dots = l.points.length <= 60 ? l.points.map(p => `<circle cx="${sx(p[0]).toFixed(1)}" cy="${sy(p[1]).toFixed(1)}" r="2.5" fill="${l.colour}"><title>${esc(l.name)}: ${esc(format(p[1]))}</title></circle>`).join('') : '';
    return `<polyline fill="none" stroke="${l.colour}" stroke-width="2" points="${points}"/>${dots}`;
  }).join('');
  const legend = lines.map(l => `<span class="legend-item"><span class="swatch" style="background:${l.colour}"></span>${esc(l.name)}</span>`).join('');
  return `<svg viewBox="0 0 ${width} ${height}" class="line-chart" role="img" aria-label="Chart">${grid}${xLabels}${paths}</svg><div class="legend">${legend}</div>`;
}
