// The trace page's X-Ray section: the segment documents the X-Ray daemon received for this trace,
// pretty-printed and collapsible, each flagged with what X-Ray would reject.
import { getJson } from './api.js';
import { esc, time } from './format.js';

export function mountXRaySegments(section, traceId) {
  section.innerHTML = `
    <h2>X-Ray segment documents</h2>
    <p class="muted" id="xray-summary">Waiting for the X-Ray daemon…</p>
    <div id="xray-documents"></div>`;
  const open = new Set();
  let shown = '';

  return {
    async refresh() {
      const segments = await getJson(`/api/telemetry/traces/${encodeURIComponent(traceId)}/segments`);
      const key = `${segments.count}:${segments.dropped}`;
      if (key === shown) return;
      shown = key;
      section.querySelector('#xray-summary').textContent = summary(segments);
      const list = section.querySelector('#xray-documents');
      list.innerHTML = segments.documents.map((d, i) => documentItem(d, i, open.has(i))).join('');
      for (const details of list.querySelectorAll('details')) {
        details.addEventListener('toggle', () => {
          const index = Number(details.dataset.index);
          if (details.open) open.add(index); else open.delete(index);
        });
      }
    },
  };
}

function summary(segments) {
  if (segments.count === 0) {
    return 'The X-Ray daemon passed no documents for this trace (X-Ray off, not sampled, or not arrived yet).';
  }
  const rejected = segments.rejected === 0 ? 'X-Ray would accept all of them' : `${segments.rejected} X-Ray would reject`;
  return `${segments.count} document${segments.count === 1 ? '' : 's'}; ${rejected}.`;
}

function documentItem(d, index, isOpen) {
  const rejected = d.issues.length > 0;
  const issues = rejected
    ? `<ul class="xray-issues">${d.issues.map(i => `<li><code>${esc(i.code)}</code> ${esc(i.message)}</li>`).join('')}</ul>`
    : '';
  return `
    <details class="xray-document${rejected ? ' rejected' : ''}" data-index="${index}" data-segment-id="${esc(d.id ?? '')}"${isOpen ? ' open' : ''}>
      <summary>
        <span class="xray-verdict">${rejected ? `✗ ${d.issues.length} issue${d.issues.length === 1 ? '' : 's'}` : '✓'}</span>
        <b>${esc(d.name ?? '(no name)')}</b> <span class="muted">${esc(d.type)}</span>
        <span class="mono muted">${esc(d.id ?? '')}</span>
        <span class="muted">${d.sizeBytes} B · ${esc(time(d.receivedAt))}</span>
      </summary>
      ${issues}
      <pre class="xray-json">${esc(pretty(d.document))}${d.truncated ? '\n… (truncated)' : ''}</pre>
    </details>`;
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
