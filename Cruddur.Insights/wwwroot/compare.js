// Compare two traces side by side, spans matched by service, name and occurrence. The ids come from the form
// (either form: 32 hex or the X-Ray id) or from two traces ticked on the heatmap.
import { getJson, query } from './api.js';
import { esc, duration, serviceChip } from './format.js';
import { traceLink } from './links.js';

export function mountCompare(root, params) {
  const a = params.get('a') ?? '';
  const b = params.get('b') ?? '';
  let shown = '';
  root.innerHTML = `
    <h1>Compare traces</h1>
    <form class="filters" id="compare-form" method="get" action="/compare">
      <label>A <input name="a" class="trace-id" value="${esc(a)}" placeholder="trace id" required></label>
      <label>B <input name="b" class="trace-id" value="${esc(b)}" placeholder="trace id" required></label>
      <button type="submit">Compare</button>
    </form>
    <div id="compare-header"></div>
    <p class="error-text" id="compare-error"></p>
    <table class="grid" id="compare-table" hidden>
      <thead><tr><th>Span</th><th class="num">A</th><th class="num">B</th><th class="num">B − A</th></tr></thead><tbody></tbody>
    </table>`;

  const page = {
    async refresh() {
      if (!a || !b) return;
      let result;
      try {
        result = await getJson('/api/compare' + query({ a, b }));
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
          <div><dt>A</dt><dd id="trace-a">${traceLink({ traceId: result.traceIdA, dashboardUrl: result.dashboardUrlA })} · ${esc(duration(result.durationMsA))}</dd></div>
          <div><dt>B</dt><dd id="trace-b">${traceLink({ traceId: result.traceIdB, dashboardUrl: result.dashboardUrlB })} · ${esc(duration(result.durationMsB))}</dd></div>
        </dl>`;
      const table = root.querySelector('#compare-table');
      table.hidden = false;
      table.querySelector('tbody').innerHTML = result.spans.map(s => {
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
