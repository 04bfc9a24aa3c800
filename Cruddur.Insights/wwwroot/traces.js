// Traces list: newest first, filters, paging (the API pages, so 10,000 traces stay light).
import { getJson, query } from './api.js';
import { esc, dateTime, duration, serviceChip } from './format.js';
import { addSelectionBar, addSelectionBoxes } from './selection.js';

const PAGE_SIZE = 50;
const knownServices = new Set();

export function mountTraces(root, params) {
  const state = {
    service: params.get('service') ?? '',
    name: params.get('name') ?? '',
    minDurationMs: params.get('minDurationMs') ?? '',
    maxDurationMs: params.get('maxDurationMs') ?? '',
    errorsOnly: params.get('errorsOnly') === 'true',
    attribute: params.get('attribute') ?? '',
    offset: 0,
  };
  root.innerHTML = `
    <h1>Traces</h1>
    <form class="filters" id="trace-filters">
      <label>Service <select name="service"><option value="">All services</option></select></label>
      <label>Name <input name="name" type="search" placeholder="text in a span name"></label>
      <label>Min ms <input name="minDurationMs" type="number" min="0" step="any" class="short"></label>
      <label>Max ms <input name="maxDurationMs" type="number" min="0" step="any" class="short"></label>
      <label>Attribute <input name="attribute" type="search" placeholder="key=value"></label>
      <label class="check"><input name="errorsOnly" type="checkbox"> Errors only</label>
      <button type="submit">Filter</button>
    </form>
    <p class="error-text" id="trace-error"></p>
    <table class="grid" id="trace-table">
      <thead><tr><th>Time</th><th>Name</th><th>Spans</th><th>Services</th><th class="duration-col">Duration</th></tr></thead>
      <tbody></tbody>
    </table>
    <div class="pager"><button type="button" id="prev">‹ Newer</button><span id="page-info"></span><button type="button" id="next">Older ›</button></div>`;

  const form = root.querySelector('#trace-filters');
  for (const [key, value] of Object.entries(state)) {
    const input = form.elements[key];
    if (!input) continue;
    if (input.type === 'checkbox') input.checked = value; else input.value = value;
  }
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = new FormData(form);
    for (const key of ['service', 'name', 'minDurationMs', 'maxDurationMs', 'attribute']) state[key] = data.get(key) ?? '';
    state.errorsOnly = data.get('errorsOnly') === 'on';
    state.offset = 0;
    history.replaceState(null, '', '/traces' + query({ ...state, offset: undefined }));
    page.refresh();
  });
  form.elements.service.addEventListener('change', () => form.requestSubmit());
  form.elements.errorsOnly.addEventListener('change', () => form.requestSubmit());
  addSelectionBar(root);
  root.querySelector('#prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE_SIZE); page.refresh(); });
  root.querySelector('#next').addEventListener('click', () => { state.offset += PAGE_SIZE; page.refresh(); });

  const page = {
    signal: 'traces',
    async refresh() {
      const errorText = root.querySelector('#trace-error');
      let result;
      try {
        result = await getJson('/api/telemetry/traces' + query({ ...state, limit: PAGE_SIZE }));
        errorText.textContent = '';
      } catch (error) {
        if (error.status === 400) { errorText.textContent = error.message; return; }
        throw error;
      }
      render(root, result, state, form);
    },
  };
  return page;
}

function render(root, result, state, form) {
  for (const trace of result.items) for (const s of trace.services) knownServices.add(s.service);
  const select = form.elements.service;
  const options = [...knownServices].sort();
  if (select.options.length - 1 !== options.length) {
    select.innerHTML = '<option value="">All services</option>' + options.map(s => `<option>${esc(s)}</option>`).join('');
    select.value = state.service;
  }

  const longest = Math.max(1, ...result.items.map(t => t.durationMs));
  const body = root.querySelector('#trace-table tbody');
  body.innerHTML = result.items.length === 0
    ? '<tr><td colspan="5" class="empty">No traces yet. Point an OpenTelemetry exporter at this dashboard.</td></tr>'
    : result.items.map(t => `
      <tr class="trace-row${t.hasError ? ' has-error' : ''}" data-trace-id="${esc(t.traceId)}">
        <td class="nowrap">${esc(dateTime(t.startTime))}</td>
        <td><a href="/traces/${esc(t.traceId)}" data-link class="trace-link">${t.hasError ? '<span class="error-mark" title="Contains an error">!</span>' : ''}${esc(t.rootService)}: ${esc(t.rootName)}</a>
            <div class="muted mono small">${esc(t.traceId)}</div></td>
        <td>${t.spanCount}</td>
        <td>${t.services.map(s => serviceChip(s.service, s.spanCount)).join(' ')}</td>
        <td class="duration-col"><div class="bar-track"><div class="bar${t.hasError ? ' bar-error' : ''}" style="width:${Math.max(1, (t.durationMs / longest) * 100)}%"></div></div><span class="nowrap">${esc(duration(t.durationMs))}</span></td>
      </tr>`).join('');
  for (const row of body.querySelectorAll('tr[data-trace-id]')) {
    row.addEventListener('click', event => {
      if (event.target.closest('a')) return;
      row.querySelector('a').click();
    });
  }
  addSelectionBoxes(root);
  const last = Math.min(result.offset + result.items.length, result.total);
  root.querySelector('#page-info').textContent = result.total === 0 ? '0 traces' : `${result.offset + 1}–${last} of ${result.total}`;
  root.querySelector('#prev').disabled = result.offset === 0;
  root.querySelector('#next').disabled = last >= result.total;
}
