// Routes: per service and route, request rate, error rate and P50/P90/P99 over a window; slowest P99 first.
// Each row opens its heatmap, and its slowest and latest failed request on the Aspire dashboard.
import { getJson, query } from './api.js';
import { esc, duration, serviceChip } from './format.js';
import { traceButton } from './links.js';
import { windowSelect, windowOf } from './windows.js';

export function mountRoutes(root, params) {
  let window = windowOf(params);
  root.innerHTML = `
    <h1>Routes</h1>
    <form class="filters" id="route-filters">${windowSelect(window)}
      <span class="muted small">Server spans by service and <code>http.route</code> (else the span name); exact percentiles.</span></form>
    <table class="grid" id="route-table">
      <thead><tr><th>Service</th><th>Route</th><th class="num">Requests</th><th class="num">Req/s</th><th class="num">Errors</th>
        <th class="num">P50</th><th class="num">P90</th><th class="num">P99</th><th></th></tr></thead>
      <tbody></tbody>
    </table>`;
  root.querySelector('#route-filters select').addEventListener('change', event => {
    window = event.target.value;
    history.replaceState(null, '', '/routes' + query({ window }));
    page.refresh();
  });

  const page = {
    async refresh() {
      const table = await getJson('/api/routes' + query({ window }));
      const rows = [...table.routes].sort((a, b) => b.p99Ms - a.p99Ms);
      root.querySelector('#route-table tbody').innerHTML = rows.length === 0
        ? '<tr><td colspan="9" class="empty">No server spans in this window.</td></tr>'
        : rows.map(r => `
          <tr class="route-row${r.errors > 0 ? ' has-error' : ''}" data-service="${esc(r.service)}" data-route="${esc(r.route)}">
            <td>${serviceChip(r.service)}</td>
            <td class="mono">${esc(r.route)}</td>
            <td class="num">${r.count}</td>
            <td class="num">${r.requestsPerSecond.toFixed(2)}</td>
            <td class="num${r.errors > 0 ? ' status-error' : ''}">${(r.errorRate * 100).toFixed(1)} %</td>
            <td class="num">${esc(duration(r.p50Ms))}</td>
            <td class="num">${esc(duration(r.p90Ms))}</td>
            <td class="num">${esc(duration(r.p99Ms))}</td>
            <td class="nowrap"><a data-link class="heatmap-link" href="/heatmap${esc(query({ service: r.service, route: r.route, window }))}">Heatmap</a>
              · <span class="slowest-trace">${traceButton(r.slowestTrace, `Slowest (${duration(r.slowestTrace.durationMs)})`)}</span>
              ${r.latestErrorTrace ? `· <span class="error-trace">${traceButton(r.latestErrorTrace, 'Latest error')}</span>` : ''}</td>
          </tr>`).join('');
    },
  };
  return page;
}
