// Metrics: instruments per service; an inline SVG chart of the selected one (histograms as P50/P90/P99).
import { getJson, query } from './api.js';
import { esc, time, serviceColour } from './format.js';
import { lineChart } from './chart.js';

export function mountMetrics(root, params) {
  let selected = params.get('service') && params.get('name') ? { service: params.get('service'), name: params.get('name') } : null;
  let series = '';
  root.innerHTML = `
    <h1>Metrics</h1>
    <div class="metrics-layout">
      <nav class="instrument-list" id="instruments" aria-label="Instruments"></nav>
      <section id="instrument"><p class="muted">Select an instrument.</p></section>
    </div>`;

  root.querySelector('#instruments').addEventListener('click', event => {
    const button = event.target.closest('[data-name]');
    if (!button) return;
    selected = { service: button.dataset.service, name: button.dataset.name };
    series = '';
    history.replaceState(null, '', '/metrics' + query(selected));
    page.refresh();
  });
  root.querySelector('#instrument').addEventListener('change', event => {
    if (event.target.name === 'series') { series = event.target.value; page.refresh(); }
  });

  const page = {
    signal: 'metrics',
    async refresh() {
      const catalog = await getJson('/api/telemetry/metrics');
      root.querySelector('#instruments').innerHTML = catalog.services.length === 0
        ? '<p class="muted">No metrics yet.</p>'
        : catalog.services.map(s => `
          <div class="service-group"><h3><span class="swatch" style="background:${serviceColour(s.service)}"></span>${esc(s.service)}</h3>
            ${s.instruments.map(i => `<button type="button" class="instrument${selected && selected.service === s.service && selected.name === i.name ? ' active' : ''}"
                data-service="${esc(s.service)}" data-name="${esc(i.name)}">${esc(i.name)} <span class="muted">${esc(i.type)}</span></button>`).join('')}
          </div>`).join('');
      if (!selected) return;
      let data;
      try {
        data = await getJson('/api/telemetry/metrics' + query(selected));
      } catch (error) {
        if (error.status === 404) { root.querySelector('#instrument').innerHTML = '<p class="muted">This instrument has no points any more.</p>'; return; }
        throw error;
      }
      renderInstrument(root.querySelector('#instrument'), data, series);
    },
  };
  return page;
}

function renderInstrument(section, data, chosenSeries) {
  const bySeries = new Map();
  for (const p of data.points) {
    if (!bySeries.has(p.series)) bySeries.set(p.series, []);
    bySeries.get(p.series).push(p);
  }
  const names = [...bySeries.keys()];
  const unit = data.instrument.unit ? ` (${data.instrument.unit})` : '';
  const isHistogram = data.instrument.type === 'histogram' || data.instrument.type === 'summary';
  let lines;
  let seriesPicker = '';
  if (isHistogram) {
    const name = bySeries.has(chosenSeries) ? chosenSeries : names.sort((a, b) => bySeries.get(b).length - bySeries.get(a).length)[0];
    const points = bySeries.get(name) ?? [];
    seriesPicker = names.length > 1
      ? `<label>Series <select name="series">${names.map(n => `<option${n === name ? ' selected' : ''} value="${esc(n)}">${esc(n || '(no attributes)')}</option>`).join('')}</select></label>`
      : '';
    lines = [
      { name: 'P50', colour: '#2f7ed8', points: points.map(p => [Date.parse(p.time), p.histogram.p50]) },
      { name: 'P90', colour: '#e8a317', points: points.map(p => [Date.parse(p.time), p.histogram.p90]) },
      { name: 'P99', colour: '#c0392b', points: points.map(p => [Date.parse(p.time), p.histogram.p99]) },
    ];
  } else {
    lines = names.slice(0, 8).map((n, index) => ({
      name: n || data.instrument.name,
      colour: `hsl(${(index * 67) % 360} 60% 45%)`,
      points: bySeries.get(n).map(p => [Date.parse(p.time), p.value]),
    }));
  }
  const latest = data.points[data.points.length - 1];
  const latestText = !latest ? '' : isHistogram
    ? `count ${latest.histogram.count}, P50 ${latest.histogram.p50.toFixed(2)}, P90 ${latest.histogram.p90.toFixed(2)}, P99 ${latest.histogram.p99.toFixed(2)}`
    : latest.value.toLocaleString();
  section.innerHTML = `
    <h2>${esc(data.instrument.name)}<span class="muted">${esc(unit)}</span></h2>
    <p class="muted">${esc(data.instrument.description || data.instrument.type)} · ${esc(data.service)} · ${data.points.length} points</p>
    ${seriesPicker}
    <div class="chart">${lineChart(lines, { format: v => formatValue(v) })}</div>
    <p>Latest${latest ? ` at ${esc(time(latest.time))}` : ''}: <b id="latest-value">${esc(latestText)}</b></p>`;
}

function formatValue(v) {
  if (Math.abs(v) >= 1e6) return (v / 1e6).toFixed(1) + 'M';
  if (Math.abs(v) >= 1e3) return (v / 1e3).toFixed(1) + 'k';
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}
