// Structured logs: newest first, filters by minimum level, service, text and attribute; links to the trace.
import { getJson, query } from './api.js';
import { esc, dateTime, serviceChip, levelBadge, attributesTable } from './format.js';

const PAGE_SIZE = 100;
const LEVELS = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical'];
const knownServices = new Set();

export function mountLogs(root, params) {
  const state = {
    level: params.get('level') ?? '',
    service: params.get('service') ?? '',
    text: params.get('text') ?? '',
    attribute: params.get('attribute') ?? '',
    traceId: params.get('traceId') ?? '',
    offset: 0,
  };
  const expanded = new Set();
  root.innerHTML = `
    <h1>Structured logs</h1>
    <form class="filters" id="log-filters">
      <label>Level <select name="level"><option value="">All levels</option>${LEVELS.map(l => `<option value="${l}">${l} and above</option>`).join('')}</select></label>
      <label>Service <select name="service"><option value="">All services</option></select></label>
      <label>Message <input name="text" type="search" placeholder="text in the message"></label>
      <label>Attribute <input name="attribute" type="search" placeholder="key=value"></label>
      <label>Trace id <input name="traceId" type="search" class="mono"></label>
      <button type="submit">Filter</button>
    </form>
    <p class="error-text" id="log-error"></p>
    <table class="grid" id="log-table">
      <thead><tr><th>Time</th><th>Level</th><th>Service</th><th>Message</th><th>Trace</th></tr></thead>
      <tbody></tbody>
    </table>
    <div class="pager"><button type="button" id="prev">‹ Newer</button><span id="page-info"></span><button type="button" id="next">Older ›</button></div>`;

  const form = root.querySelector('#log-filters');
  for (const key of ['level', 'service', 'text', 'attribute', 'traceId']) form.elements[key].value = state[key];
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = new FormData(form);
    for (const key of ['level', 'service', 'text', 'attribute', 'traceId']) state[key] = data.get(key) ?? '';
    state.offset = 0;
    history.replaceState(null, '', '/logs' + query({ ...state, offset: undefined }));
    page.refresh();
  });
  for (const name of ['level', 'service']) form.elements[name].addEventListener('change', () => form.requestSubmit());
  root.querySelector('#prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE_SIZE); page.refresh(); });
  root.querySelector('#next').addEventListener('click', () => { state.offset += PAGE_SIZE; page.refresh(); });
  root.querySelector('#log-table tbody').addEventListener('click', event => {
    if (event.target.closest('a')) return;
    const row = event.target.closest('tr[data-seq]');
    if (!row) return;
    const seq = row.dataset.seq;
    if (expanded.has(seq)) expanded.delete(seq); else expanded.add(seq);
    page.refresh();
  });

  const page = {
    signal: 'logs',
    async refresh() {
      const errorText = root.querySelector('#log-error');
      let result;
      try {
        result = await getJson('/api/telemetry/logs' + query({ ...state, limit: PAGE_SIZE }));
        errorText.textContent = '';
      } catch (error) {
        if (error.status === 400) { errorText.textContent = error.message; return; }
        throw error;
      }
      for (const l of result.items) knownServices.add(l.service);
      const select = form.elements.service;
      if (select.options.length - 1 !== knownServices.size) {
        select.innerHTML = '<option value="">All services</option>' + [...knownServices].sort().map(s => `<option>${esc(s)}</option>`).join('');
        select.value = state.service;
      }
      root.querySelector('#log-table tbody').innerHTML = result.items.length === 0
        ? '<tr><td colspan="5" class="empty">No log records match.</td></tr>'
        : result.items.map(l => `
          <tr class="log-row level-row-${esc(l.level.toLowerCase())}" data-seq="${l.sequence}">
            <td class="nowrap">${esc(dateTime(l.time))}</td>
            <td>${levelBadge(l.level)}</td>
            <td>${serviceChip(l.service)}</td>
            <td class="message">${esc(l.message)}${l.eventName ? ` <span class="muted">(${esc(l.eventName)})</span>` : ''}</td>
            <td>${l.traceId ? `<a href="/traces/${esc(l.traceId)}" data-link class="mono small">${esc(l.traceId.slice(0, 8))}…</a>` : ''}</td>
          </tr>
          ${expanded.has(String(l.sequence)) ? `<tr class="log-detail"><td colspan="5">${attributesTable([...l.attributes, { key: 'scope', value: l.scope }, { key: 'span id', value: l.spanId ?? '' }])}</td></tr>` : ''}`).join('');
      const last = Math.min(result.offset + result.items.length, result.total);
      root.querySelector('#page-info').textContent = result.total === 0 ? '0 records' : `${result.offset + 1}–${last} of ${result.total}`;
      root.querySelector('#prev').disabled = result.offset === 0;
      root.querySelector('#next').disabled = last >= result.total;
    },
  };
  return page;
}
