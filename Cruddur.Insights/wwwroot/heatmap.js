// Heatmap of one service and route: start time × duration (log scale) on a canvas. Dragging a rectangle lists
// its traces (each opens on the Aspire dashboard; tick two to compare them) and compares their attribute
// values with the rest (the idea of Honeycomb's BubbleUp).
import { getJson, query } from './api.js';
import { navigate } from './app.js';
import { esc, duration, time } from './format.js';
import { traceLink } from './links.js';
import { windowSelect, windowOf } from './windows.js';

// Ticked traces stay ticked across selections: a slow one from one region, a fast one from another.
const picked = [];

const WIDTH = 900;
const HEIGHT = 360;
const PAD = { left: 70, right: 10, top: 10, bottom: 26 };

export function mountHeatmap(root, params) {
  const service = params.get('service') ?? '';
  const route = params.get('route') ?? '';
  let window = windowOf(params);
  let grid = null;
  let region = null; // { c0, c1, r0, r1 } in cells, inclusive
  let drag = null;

  root.innerHTML = `
    <p><a href="/routes" data-link>‹ All routes</a></p>
    <h1>Heatmap <span class="muted">${esc(service)}</span> <span class="mono">${esc(route)}</span></h1>
    <form class="filters" id="heatmap-filters">${windowSelect(window)}
      <span class="muted small">Drag a rectangle over the heatmap to see its traces and what they share.</span></form>
    <div class="heatmap-wrap">
      <canvas id="heatmap" width="${WIDTH}" height="${HEIGHT}" aria-label="Heatmap of request durations over time"></canvas>
      <div id="heatmap-region" class="heatmap-region" hidden></div>
    </div>
    <p class="muted small" id="heatmap-summary"></p>
    <div class="selection-layout">
      <section><h2>Attribute comparison</h2><div id="comparison"><p class="muted">Select a region.</p></div></section>
      <section><h2>Traces in the selection</h2>
        <div class="compare-bar"><span class="muted small" id="compare-picked"></span>
          <button type="button" id="compare-button" disabled>Compare ticked</button></div>
        <div id="selection-traces"><p class="muted">Select a region.</p></div></section>
    </div>`;

  const canvas = root.querySelector('#heatmap');
  updatePicked(root);
  root.querySelector('#compare-button').addEventListener('click', () => navigate('/compare' + query({ a: picked[0], b: picked[1] })));
  root.querySelector('#selection-traces').addEventListener('change', event => {
    const box = event.target.closest('input.compare-pick');
    if (!box) return;
    const at = picked.indexOf(box.dataset.traceId);
    if (box.checked && at < 0) picked.push(box.dataset.traceId);
    if (!box.checked && at >= 0) picked.splice(at, 1);
    updatePicked(root);
  });
  root.querySelector('#heatmap-filters select').addEventListener('change', event => {
    window = event.target.value;
    region = null;
    history.replaceState(null, '', '/heatmap' + query({ service, route, window }));
    page.refresh();
  });

  canvas.addEventListener('mousedown', event => {
    const cell = cellAt(event);
    if (!cell) return;
    drag = { start: cell, end: cell };
    showRegion(rectOf(drag.start, drag.end));
  });
  canvas.addEventListener('mousemove', event => {
    if (!drag) return;
    drag.end = cellAt(event, true);
    showRegion(rectOf(drag.start, drag.end));
  });
  document.addEventListener('mouseup', function finish(event) {
    if (!root.isConnected) { document.removeEventListener('mouseup', finish); return; }
    if (!drag) return;
    drag.end = cellAt(event, true);
    region = rectOf(drag.start, drag.end);
    drag = null;
    showRegion(region);
    loadSelection();
  });

  function cellAt(event, clamp = false) {
    if (!grid) return null;
    const box = canvas.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * WIDTH;
    const y = ((event.clientY - box.top) / box.height) * HEIGHT;
    const { columns, rows, cellWidth, cellHeight } = layout(grid);
    let c = Math.floor((x - PAD.left) / cellWidth);
    let r = rows - 1 - Math.floor((y - PAD.top) / cellHeight);
    if (!clamp && (c < 0 || c >= columns || r < 0 || r >= rows)) return null;
    c = Math.min(columns - 1, Math.max(0, c));
    r = Math.min(rows - 1, Math.max(0, r));
    return { c, r };
  }

  function showRegion(rect) {
    const overlay = root.querySelector('#heatmap-region');
    if (!rect || !grid) { overlay.hidden = true; return; }
    const { rows, cellWidth, cellHeight } = layout(grid);
    const scale = canvas.getBoundingClientRect().width / WIDTH;
    overlay.hidden = false;
    overlay.style.left = `${(PAD.left + rect.c0 * cellWidth) * scale}px`;
    overlay.style.top = `${(PAD.top + (rows - 1 - rect.r1) * cellHeight) * scale}px`;
    overlay.style.width = `${(rect.c1 - rect.c0 + 1) * cellWidth * scale}px`;
    overlay.style.height = `${(rect.r1 - rect.r0 + 1) * cellHeight * scale}px`;
  }

  async function loadSelection() {
    if (!region || !grid) return;
    const bounds = grid.durationBoundsMs;
    const selection = await getJson('/api/heatmap/selection' + query({
      service, route, window,
      fromMs: grid.fromMs + region.c0 * grid.columnMs,
      toMs: grid.fromMs + (region.c1 + 1) * grid.columnMs,
      minDurationMs: bounds[region.r0],
      maxDurationMs: bounds[region.r1 + 1],
    }));
    renderSelection(root, selection, region, grid);
  }

  const page = {
    async refresh() {
      grid = await getJson('/api/heatmap' + query({ service, route, window }));
      draw(canvas, grid);
      root.querySelector('#heatmap-summary').textContent =
        `${grid.total} requests from ${time(new Date(grid.fromMs).toISOString())} to ${time(new Date(grid.toMs).toISOString())}; darker cells hold more requests (most: ${grid.maxCount}).`;
      if (!drag) showRegion(region);
    },
  };
  return page;
}

function rectOf(a, b) {
  return { c0: Math.min(a.c, b.c), c1: Math.max(a.c, b.c), r0: Math.min(a.r, b.r), r1: Math.max(a.r, b.r) };
}

function layout(grid) {
  const rows = grid.counts.length;
  const columns = rows === 0 ? 0 : grid.counts[0].length;
  return { rows, columns, cellWidth: (WIDTH - PAD.left - PAD.right) / columns, cellHeight: (HEIGHT - PAD.top - PAD.bottom) / rows };
}

function draw(canvas, grid) {
  const context = canvas.getContext('2d');
  const { rows, columns, cellWidth, cellHeight } = layout(grid);
  context.clearRect(0, 0, WIDTH, HEIGHT);
  context.fillStyle = '#fafbfe';
  context.fillRect(PAD.left, PAD.top, WIDTH - PAD.left - PAD.right, HEIGHT - PAD.top - PAD.bottom);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const count = grid.counts[r][c];
      if (count === 0) continue;
      // Square-root scale so single slow requests stay visible next to a dense band.
      const strength = 0.15 + 0.85 * Math.sqrt(count / Math.max(1, grid.maxCount));
      context.fillStyle = `rgba(91, 63, 208, ${strength.toFixed(3)})`;
      context.fillRect(PAD.left + c * cellWidth, PAD.top + (rows - 1 - r) * cellHeight, Math.ceil(cellWidth), Math.ceil(cellHeight));
    }
  }
  context.fillStyle = '#6b7385';
  context.font = '11px system-ui, sans-serif';
  context.textAlign = 'right';
  for (let r = 0; r <= rows; r += Math.max(1, Math.floor(rows / 6))) {
    context.fillText(duration(grid.durationBoundsMs[r]), PAD.left - 6, PAD.top + (rows - r) * cellHeight + 4);
  }
  context.textAlign = 'center';
  for (const f of [0, 0.5, 1]) {
    context.textAlign = f === 0 ? 'left' : f === 1 ? 'right' : 'center';
    context.fillText(time(new Date(grid.fromMs + (grid.toMs - grid.fromMs) * f).toISOString()), PAD.left + (WIDTH - PAD.left - PAD.right) * f, HEIGHT - 8);
  }
}

function renderSelection(root, selection, region, grid) {
  const bounds = grid.durationBoundsMs;
  root.querySelector('#comparison').innerHTML = `
    <p class="muted small">${selection.selectedCount} selected (${esc(duration(bounds[region.r0]))}–${esc(duration(bounds[region.r1 + 1]))})
      against ${selection.baselineCount} others.</p>` + (selection.comparison.length === 0
    ? '<p class="muted">No attribute value is more common in the selection.</p>'
    : `<table class="grid" id="comparison-table"><thead><tr><th>Attribute</th><th>Value</th><th class="num">Selection</th><th class="num">Others</th><th>Difference</th></tr></thead><tbody>
      ${selection.comparison.map(d => `<tr class="comparison-row">
        <td class="mono">${esc(d.key)}</td><td class="mono">${esc(d.value)}</td>
        <td class="num">${d.selectedPercent.toFixed(1)} %</td><td class="num">${d.baselinePercent.toFixed(1)} %</td>
        <td><div class="bar-track"><div class="bar" style="width:${Math.max(1, d.differencePercent)}%"></div></div></td></tr>`).join('')}
      </tbody></table>`);
  root.querySelector('#selection-traces').innerHTML = selection.traces.length === 0
    ? '<p class="muted">No requests in this region.</p>'
    : `<table class="grid" id="selection-table"><thead><tr><th></th><th>Started</th><th class="num">Duration</th><th>Trace</th><th></th></tr></thead><tbody>
      ${selection.traces.map(t => `<tr class="${t.hasError ? 'has-error' : ''}" data-trace-id="${esc(t.traceId)}">
        <td><input type="checkbox" class="compare-pick" data-trace-id="${esc(t.traceId)}" title="Tick two to compare"${picked.includes(t.traceId) ? ' checked' : ''}></td>
        <td class="nowrap">${esc(time(t.startTime))}</td>
        <td class="num">${esc(duration(t.durationMs))}</td>
        <td class="nowrap">${traceLink(t)}</td>
        <td class="nowrap small"><a data-link class="segments-link" href="/xray-segments${esc(query({ traceId: t.traceId }))}" title="The X-Ray segment documents of this trace">X-Ray</a></td></tr>`).join('')}
      </tbody></table>${selection.selectedCount > selection.traces.length ? `<p class="muted small">The slowest ${selection.traces.length} of ${selection.selectedCount}.</p>` : ''}`;
}

function updatePicked(root) {
  root.querySelector('#compare-button').disabled = picked.length !== 2;
  root.querySelector('#compare-picked').textContent = picked.length === 0 ? 'Tick two traces to compare them.' : `${picked.length} ticked.`;
}
