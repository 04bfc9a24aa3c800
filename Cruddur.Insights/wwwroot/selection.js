// The trace list's selection: tick traces to compare two of them.
import { query } from './api.js';
import { navigate } from './app.js';

const picked = [];

/** Adds the bar above the trace list; call once when the list mounts. */
export function addSelectionBar(root) {
  const bar = document.createElement('div');
  bar.className = 'compare-bar';
  bar.innerHTML = `
    <span class="muted small" id="compare-picked"></span>
    <button type="button" id="compare-button" disabled>Compare ticked</button>`;
  root.querySelector('#trace-table').before(bar);
  bar.querySelector('#compare-button').addEventListener('click', () => navigate('/compare' + query({ a: picked[0], b: picked[1] })));
  updateBar(root);
}

/** Puts a tick box on every row of the trace list; call after each render. */
export function addSelectionBoxes(root) {
  for (const row of root.querySelectorAll('#trace-table tr[data-trace-id]')) {
    const id = row.dataset.traceId;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'compare-pick';
    box.title = 'Tick to compare';
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
  root.querySelector('#compare-picked').textContent = picked.length === 0 ? 'Tick two traces to compare them.' : `${picked.length} ticked.`;
}
