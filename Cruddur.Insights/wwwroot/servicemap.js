// Service map: services and uninstrumented peers as nodes, calls as edges (count, error rate, P90).
// Clicking a node or an edge lists its latest failed and slowest traces, each opening on the Aspire dashboard.
import { getJson, query } from './api.js';
import { esc, duration, dateTime, serviceColour } from './format.js';
import { traceLink } from './links.js';
import { windowSelect, windowOf } from './windows.js';

const NODE_W = 180;
const NODE_H = 44;
const COL_GAP = 220;
const ROW_GAP = 36;

export function mountServiceMap(root, params) {
  let window = windowOf(params);
  let shown = '';
  let map = null;
  let chosen = null; // { kind: 'node' | 'edge', key }
  root.innerHTML = `
    <h1>Service map</h1>
    <form class="filters" id="map-filters">${windowSelect(window)}
      <span class="muted small">Click a node or an edge to see its traces. Dashed nodes are peers without telemetry of their own.</span></form>
    <div id="service-map" class="service-map"></div>
    <section id="drilldown" hidden><h2 id="drilldown-title"></h2><div id="drilldown-traces"></div></section>
    <table class="grid" id="edge-table"><thead><tr><th>From</th><th>To</th><th class="num">Calls</th><th class="num">Errors</th><th class="num">P90</th></tr></thead><tbody></tbody></table>`;
  root.querySelector('#map-filters select').addEventListener('change', event => {
    window = event.target.value;
    history.replaceState(null, '', '/service-map' + query({ window }));
    page.refresh();
  });
  root.addEventListener('click', event => {
    const target = event.target.closest('[data-drill]');
    if (!target) return;
    chosen = { kind: target.dataset.drill, key: target.dataset.key };
    showDrilldown();
  });

  function showDrilldown() {
    const section = root.querySelector('#drilldown');
    const found = !chosen || !map ? null : chosen.kind === 'node'
      ? map.nodes.find(n => n.name === chosen.key)
      : map.edges.find(e => edgeKey(e) === chosen.key);
    section.hidden = !found;
    if (!found) return;
    root.querySelector('#drilldown-title').textContent = chosen.kind === 'node' ? `Traces of ${found.name}` : `Traces of ${found.from} → ${found.to}`;
    root.querySelector('#drilldown-traces').innerHTML = found.traces.length === 0
      ? '<p class="muted">No traces in this window.</p>'
      : `<table class="grid" id="drilldown-table"><thead><tr><th>Started</th><th class="num">Duration</th><th>Trace</th></tr></thead><tbody>
        ${found.traces.map(t => `<tr class="${t.hasError ? 'has-error' : ''}"><td class="nowrap">${esc(dateTime(t.startTime))}</td>
          <td class="num">${esc(duration(t.durationMs))}</td><td>${traceLink(t)}</td></tr>`).join('')}</tbody></table>
        <p class="muted small">The latest failures, then the slowest.</p>`;
  }

  const page = {
    async refresh() {
      map = await getJson('/api/service-map' + query({ window }));
      const text = JSON.stringify(map);
      if (text === shown) return; // keep the drawing still while nothing changed
      shown = text;
      showDrilldown();
      root.querySelector('#service-map').innerHTML = map.nodes.length === 0 ? '<p class="muted">No spans in this window.</p>' : drawMap(map);
      root.querySelector('#edge-table tbody').innerHTML = map.edges.length === 0
        ? '<tr><td colspan="5" class="empty">No calls between services yet.</td></tr>'
        : map.edges.map(e => `<tr class="edge-row" data-drill="edge" data-key="${esc(edgeKey(e))}">
            <td>${esc(e.from)}</td><td>${esc(e.to)}${e.toInstrumented ? '' : ' <span class="muted small">(peer)</span>'}</td>
            <td class="num">${e.count}</td><td class="num${e.errors ? ' status-error' : ''}">${(e.errorRate * 100).toFixed(1)} %</td>
            <td class="num">${esc(duration(e.p90Ms))}</td></tr>`).join('');
    },
  };
  return page;
}

// Columns by call depth: a node sits one column right of the deepest caller that reaches it.
function positions(map) {
  const column = new Map(map.nodes.map(n => [n.name, 0]));
  for (let pass = 0; pass < map.nodes.length; pass++) {
    for (const e of map.edges) {
      if (e.from !== e.to && column.get(e.to) <= column.get(e.from)) column.set(e.to, Math.min(column.get(e.from) + 1, map.nodes.length));
    }
  }
  const rowsUsed = new Map();
  const place = new Map();
  for (const n of map.nodes) {
    const c = column.get(n.name);
    const r = rowsUsed.get(c) ?? 0;
    rowsUsed.set(c, r + 1);
    place.set(n.name, { x: 20 + c * (NODE_W + COL_GAP), y: 20 + r * (NODE_H + ROW_GAP) });
  }
  const width = 40 + (Math.max(...column.values()) + 1) * (NODE_W + COL_GAP) - COL_GAP;
  const height = 40 + Math.max(...rowsUsed.values()) * (NODE_H + ROW_GAP) - ROW_GAP;
  return { place, width, height };
}

function drawMap(map) {
  const { place, width, height } = positions(map);
  const edges = map.edges.map(e => {
    const a = place.get(e.from);
    const b = place.get(e.to);
    const [x1, y1, x2, y2] = [a.x + NODE_W, a.y + NODE_H / 2, b.x, b.y + NODE_H / 2];
    const label = `${e.count} · ${(e.errorRate * 100).toFixed(0)}% err · P90 ${duration(e.p90Ms)}`;
    return `<g class="map-edge${e.errors ? ' has-error' : ''}" data-drill="edge" data-key="${esc(edgeKey(e))}" data-from="${esc(e.from)}" data-to="${esc(e.to)}">
      <path d="M${x1},${y1} C${x1 + COL_GAP / 2},${y1} ${x2 - COL_GAP / 2},${y2} ${x2},${y2}" marker-end="url(#arrow)"/>
      <text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 6}" text-anchor="middle">${esc(label)}</text>
      <title>${esc(`${e.from} → ${e.to}: ${label}`)}</title></g>`;
  }).join('');
  const nodes = map.nodes.map(n => {
    const p = place.get(n.name);
    const colour = n.instrumented ? serviceColour(n.name) : '#8a90a0';
    return `<g class="map-node${n.instrumented ? '' : ' peer'}" data-drill="node" data-key="${esc(n.name)}" data-node="${esc(n.name)}">
      <rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="8" style="stroke:${colour}"/>
      <text x="${p.x + NODE_W / 2}" y="${p.y + 19}" text-anchor="middle" class="node-name">${esc(n.name.length > 24 ? n.name.slice(0, 23) + '…' : n.name)}</text>
      <text x="${p.x + NODE_W / 2}" y="${p.y + 35}" text-anchor="middle" class="axis">${n.instrumented ? `${n.spanCount} spans` : 'peer'}</text>
      <title>${esc(n.name)}</title></g>`;
  }).join('');
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Service map">
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#8a90a0"/></marker></defs>
    ${edges}${nodes}</svg>`;
}

function edgeKey(edge) {
  return `${edge.from} → ${edge.to}`;
}
