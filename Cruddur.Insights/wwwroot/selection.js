// The trace list's selection: tick traces to compare two of them or download them (with their logs) as
// OTLP/JSON; and the import of such a file.
import { query } from './api.js';
import { navigate } from './app.js';

const picked = [];

/** Adds the bar above the trace list; call once when the list mounts. */
export function addSelectionBar(root, refresh) {
  const bar = document.createElement('div');
  bar.className = 'compare-bar';
  bar.innerHTML = `
    <span class="muted small" id="import-result"></span>
    <label class="button-like">Import OTLP JSON… <input type="file" id="import-file" accept=".json,application/json" hidden></label>
    <span class="muted small" id="compare-picked"></span>
    <button type="button" id="export-button" disabled>Download ticked</button>
    <button type="button" id="compare-button" disabled>Compare ticked</button>`;
  root.querySelector('#trace-table').before(bar);
  bar.querySelector('#compare-button').addEventListener('click', () => navigate('/compare' + query({ a: picked[0], b: picked[1] })));
  bar.querySelector('#export-button').addEventListener('click', () => {
    const search = new URLSearchParams(picked.map(id => ['traceId', id]));
    const link = document.createElement('a');
    link.href = `/api/telemetry/export?${search}`;
    link.download = '';
    document.body.append(link);
    link.click();
    link.remove();
  });
  bar.querySelector('#import-file').addEventListener('change', async event => {
    const file = event.target.files[0];
    if (!file) return;
    const result = bar.querySelector('#import-result');
    const response = await fetch('/api/telemetry/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: file });
    const answer = await response.json().catch(() => ({}));
    result.classList.toggle('error-text', !response.ok);
    result.textContent = response.ok
      ? `Imported ${answer.traces} traces (${answer.spans} spans) and ${answer.logs} log records from ${file.name}.`
      : `${file.name}: ${answer.detail || answer.title || response.statusText}`;
    event.target.value = '';
    refresh();
  });
  updateBar(root);
}

/** Puts a tick box on every row of the trace list; call after each render. */
export function addSelectionBoxes(root) {
  for (const row of root.querySelectorAll('#trace-table tr[data-trace-id]')) {
    const id = row.dataset.traceId;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'compare-pick';
    box.title = 'Tick to compare or download';
    box.checked = picked.includes(id);
    box.addEventListener('click', event => event.stopPropagation());
    box.addEventListener('change', () => {
      const at = picked.indexOf(id);
      if (box.checked && at < 0) picked.push(id);
      if (!box.checked && at >= 0) picked.splice(at, 1);
      updateBar(root);
    });
    row.querySelector('td').prepend(box);
  }
}

function updateBar(root) {
  root.querySelector('#compare-button').disabled = picked.length !== 2;
  root.querySelector('#export-button').disabled = picked.length === 0 || picked.length > 100;
  root.querySelector('#compare-picked').textContent = picked.length === 0 ? 'Tick traces to compare two or download them.' : `${picked.length} ticked.`;
}
