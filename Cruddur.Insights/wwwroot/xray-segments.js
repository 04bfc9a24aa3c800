// X-Ray segments of one trace: the documents the X-Ray daemon received for it, pretty-printed and
// collapsible, each flagged with what X-Ray would reject; and the trace's links out (the Aspire dashboard
// first).
import { getJson } from './api.js';
import { esc, time } from './format.js';
import { showLinksOut } from './links.js';

export function mountXRaySegments(root, params) {
  const traceId = (params.get('traceId') ?? '').trim();
  root.innerHTML = `
    <h1>X-Ray segment documents</h1>
    <form class="filters" id="segments-form" method="get" action="/xray-segments">
      <label>Trace <input name="traceId" class="trace-id" value="${esc(traceId)}" placeholder="32 hex or 1-xxxxxxxx-…" required></label>
      <button type="submit">Show</button>
    </form>
    <div id="segments-header"></div>
    <div class="links-out" id="links-out"></div>
    <p class="muted" id="xray-summary">${traceId ? 'Waiting for the X-Ray daemon…' : 'Give a trace id: the heatmap lists them, and so does the Aspire dashboard.'}</p>
    <p class="error-text" id="segments-error"></p>
    <div id="xray-documents"></div>`;
  const open = new Set();
  let shown = '';
  let linksShown = false;

  return {
    async refresh() {
      if (!traceId) return;
      let segments;
      try {
        segments = await getJson(`/api/xray/segments/${encodeURIComponent(traceId)}`);
      } catch (error) {
        if (error.status !== 400) throw error;
        root.querySelector('#segments-error').textContent = error.message;
        root.querySelector('#xray-summary').textContent = '';
        return;
      }
      if (!linksShown) {
        linksShown = true;
        root.querySelector('#segments-header').innerHTML = `<dl class="facts">
          <div><dt>Trace id</dt><dd class="mono" id="trace-id">${esc(segments.traceId)}</dd></div>
          <div><dt>X-Ray id</dt><dd class="mono" id="xray-id">${esc(segments.xRayTraceId)}</dd></div></dl>`;
        const holder = root.querySelector('#links-out');
        // Links need the trace in Insights' store; the dashboard link alone does not.
        showLinksOut(holder, segments.traceId).then(links => {
          if (!links && segments.dashboardUrl) {
            holder.innerHTML = `<a id="dashboard-link" href="${esc(segments.dashboardUrl)}" target="_blank" rel="noopener noreferrer">Open on the Aspire dashboard ↗</a>`;
          }
        }).catch(error => console.warn(error));
      }
      const key = `${segments.count}:${segments.dropped}`;
      if (key === shown) return;
      shown = key;
      root.querySelector('#xray-summary').textContent = summary(segments);
      const list = root.querySelector('#xray-documents');
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
