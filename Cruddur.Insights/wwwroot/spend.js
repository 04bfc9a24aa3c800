// Spend: per sink, the volume at the current rate extrapolated to a 30-day month, against its free
// tier; and "what if" a different X-Ray sampling rule or request rate.
import { getJson, query } from './api.js';
import { esc } from './format.js';

const WINDOWS = [[300, '5 minutes'], [900, '15 minutes'], [3600, '1 hour'], [21600, '6 hours'], [86400, '24 hours']];

export function mountSpend(root, params) {
  let window = params.get('window') || '';
  root.innerHTML = `
    <h1>Spend</h1>
    <p class="muted">What each sink receives, at the rate of the chosen window, for a 30-day month, against its free tier.</p>
    <div class="filters">
      <label>Window <select id="spend-window">
        <option value="">default</option>
        ${WINDOWS.map(([seconds, label]) => `<option value="${seconds}"${String(seconds) === window ? ' selected' : ''}>${label}</option>`).join('')}
      </select></label>
      <span class="muted small" id="spend-observed"></span>
    </div>
    <table class="grid" id="spend-sinks">
      <thead><tr><th>Sink</th><th>In window</th><th>A month at this rate</th><th>Free tier</th><th class="duration-col">Share of free tier</th><th>Sent / dropped</th></tr></thead>
      <tbody></tbody>
    </table>
    <h2>What if</h2>
    <p class="muted">X-Ray takes the first <i>reservoir</i> requests each second, then the fixed rate of the rest; Honeycomb gets every
      trace. Both are recomputed from the traffic seen in the window (its bursts, and Honeycomb events per request).</p>
    <form class="filters" id="what-if">
      <label>Requests / s <input class="short" name="requestsPerSecond" type="number" min="0" step="any" placeholder="observed"></label>
      <label>ReservoirSize <input class="short" name="reservoirSize" type="number" min="0" step="1" value="1"></label>
      <label>FixedRate <input class="short" name="fixedRate" type="number" min="0" max="1" step="0.01" value="0.05"></label>
    </form>
    <p class="error-text" id="what-if-error"></p>
    <table class="grid" id="what-if-result">
      <thead><tr><th>Sink</th><th>A month</th><th>Free tier</th><th class="duration-col">Share of free tier</th><th></th></tr></thead>
      <tbody></tbody>
    </table>`;

  root.querySelector('#spend-window').addEventListener('change', event => {
    window = event.target.value;
    history.replaceState(null, '', '/spend' + query({ window }));
    page.refresh();
  });
  root.querySelector('#what-if').addEventListener('input', () => page.refresh());
  root.querySelector('#what-if').addEventListener('submit', event => event.preventDefault());

  const page = {
    async refresh() {
      const report = await getJson('/api/spend' + query({ window }));
      root.querySelector('#spend-observed').textContent =
        `${report.traffic.traces.toLocaleString()} traces in ${Math.round(report.observedSeconds)} s observed, ` +
        `${number(report.traffic.requestsPerSecond, 2)} requests/s, ${number(report.traffic.honeycombEventsPerRequest, 1)} Honeycomb events per request`;
      root.querySelector('#spend-sinks tbody').innerHTML = report.sinks.map(sink => `
        <tr data-sink="${esc(sink.sink)}" data-over="${sink.overFreeTier}">
          <td><b>${esc(sink.name)}</b></td>
          <td class="nowrap">${amount(sink.window, sink.unit)}</td>
          <td class="nowrap">${amount(sink.perMonth, sink.unit)}</td>
          <td class="nowrap">${amount(sink.freeTier, sink.unit)}</td>
          <td>${share(sink.percent, sink.overFreeTier)}</td>
          <td class="small">${sink.counts.map(c => `${esc(c.label)}: ${number(c.window, 0)}`).join('<br>')}</td>
        </tr>`).join('');
      await whatIf(report);
    },
  };

  async function whatIf(report) {
    const form = new FormData(root.querySelector('#what-if'));
    const errorLine = root.querySelector('#what-if-error');
    let result;
    try {
      result = await getJson('/api/what-if' + query({
        window, requestsPerSecond: form.get('requestsPerSecond'), reservoirSize: form.get('reservoirSize'), fixedRate: form.get('fixedRate'),
      }));
      errorLine.textContent = '';
    } catch (error) {
      if (error.status !== 400) throw error;
      errorLine.textContent = error.message;
      return;
    }
    const tier = sink => report.sinks.find(s => s.sink === sink).freeTier;
    const keep = result.maxFixedRateUnderFreeTier === null
      ? `the reservoir alone (${result.reservoirSize}/s) is over the free tier`
      : `FixedRate ≤ ${number(result.maxFixedRateUnderFreeTier, 4)} stays within the free tier`;
    root.querySelector('#what-if-result tbody').innerHTML = `
      <tr data-sink="xray" data-over="${result.xRayOverFreeTier}"><td><b>AWS X-Ray</b></td>
        <td class="nowrap">${amount(result.xRayTracesPerMonth, 'traces')}</td><td class="nowrap">${amount(tier('xray'), 'traces')}</td>
        <td>${share(result.xRayPercent, result.xRayOverFreeTier)}</td><td class="small">${keep} at ${number(result.requestsPerSecond, 2)} requests/s</td></tr>
      <tr data-sink="honeycomb" data-over="${result.honeycombOverFreeTier}"><td><b>Honeycomb</b></td>
        <td class="nowrap">${amount(result.honeycombEventsPerMonth, 'events')}</td><td class="nowrap">${amount(tier('honeycomb'), 'events')}</td>
        <td>${share(result.honeycombPercent, result.honeycombOverFreeTier)}</td><td></td></tr>`;
  }

  return page;
}

function share(percent, over) {
  const width = Math.min(100, Math.max(0, percent));
  return `<span class="percent" style="${over ? 'color:var(--error);font-weight:600' : ''}">${number(percent, 1)} %</span>
    <div class="bar-track"><div class="bar${over ? ' bar-error' : ''}" style="width:${width}%"></div></div>`;
}

function number(value, digits) {
  return Number(value).toLocaleString(undefined, { maximumFractionDigits: digits });
}

function amount(value, unit) {
  if (unit !== 'bytes') return `${number(value, value < 10 ? 1 : 0)} ${esc(unit)}`;
  const units = [['GB', 2 ** 30], ['MB', 2 ** 20], ['KB', 2 ** 10]];
  const [name, size] = units.find(([, size]) => value >= size) || ['B', 1];
  return `${number(value / size, 1)} ${name}`;
}
