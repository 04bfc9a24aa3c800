// Compare two traces side by side, spans matched by service, name and occurrence.
import { getJson, query } from './api.js';
import { esc, duration, serviceChip } from './format.js';

export function mountCompare(root, params) {
  const a = params.get('a') ?? '';
  const b = params.get('b') ?? '';
  let shown = '';
  root.innerHTML = `
    <p><a href="/traces" data-link>‹ All traces</a></p>
    <h1>Compare traces</h1>
    <div id="compare-header"></div>
    <p class="error-text" id="compare-error"></p>
    <table class="grid" id="compare-table">
      <thead><tr><th>Span</th><th class="num">A</th><th class="num">B</th><th class="num">B − A</th></tr></thead><tbody></tbody>
    </table>`;

  const page = {
    signal: 'traces',
    async refresh() {
      let result;
      try {
        result = await getJson('/api/telemetry/compare' + query({ a, b }));
        root.querySelector('#compare-error').textContent = '';
      } catch (error) {
        if (error.status === 400 || error.status === 404) { root.querySelector('#compare-error').textContent = error.message; return; }
        throw error;
      }
      const text = JSON.stringify(result);
      if (text === shown) return;
      shown = text;
      root.querySelector('#compare-header').innerHTML = `
        <dl class="facts">
          <div><dt>A</dt><dd><a data-link class="mono" href="/traces/${esc(result.traceIdA)}">${esc(result.traceIdA)}</a> · ${esc(duration(result.durationMsA))}</dd></div>
          <div><dt>B</dt><dd><a data-link class="mono" href="/traces/${esc(result.traceIdB)}">${esc(result.traceIdB)}</a> · ${esc(duration(result.durationMsB))}</dd></div>
        </dl>`;
      root.querySelector('#compare-table tbody').innerHTML = result.spans.map(s => {
        const change = changeOf(s);
        return `<tr class="compare-row ${change}">
          <td><span style="padding-left:${s.depth * 16}px"></span>${serviceChip(s.service)} ${esc(s.name)}${s.occurrence > 1 ? ` <span class="muted">#${s.occurrence}</span>` : ''}</td>
          <td class="num">${s.durationMsA == null ? '<span class="muted">—</span>' : esc(duration(s.durationMsA))}</td>
          <td class="num">${s.durationMsB == null ? '<span class="muted">—</span>' : esc(duration(s.durationMsB))}</td>
          <td class="num diff">${s.differenceMs == null ? (s.durationMsA == null ? 'only in B' : 'only in A') : (s.differenceMs >= 0 ? '+' : '−') + esc(duration(Math.abs(s.differenceMs)))}</td>
        </tr>`;
      }).join('');
    },
  };
  return page;
}

// Highlighted when B differs from A by more than 20 % and more than 1 ms.
function changeOf(s) {
  if (s.differenceMs == null) return 'unmatched';
  if (Math.abs(s.differenceMs) <= Math.max(1, 0.2 * s.durationMsA)) return '';
  return s.differenceMs > 0 ? 'slower' : 'faster';
}
