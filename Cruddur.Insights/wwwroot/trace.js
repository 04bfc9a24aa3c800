// Trace detail: waterfall (indented, collapsible, to scale, a colour per service), span pane, the trace's logs.
import { getJson, query } from './api.js';
import { mountXRaySegments } from './xray-segments.js';
import { esc, dateTime, time, duration, serviceChip, serviceColour, attributesTable, levelBadge } from './format.js';
import { showLinksOut } from './links.js';

export function mountTrace(root, traceId) {
  const collapsed = new Set();
  let trace = null;
  let selected = null;
  let shownSpans = -1;

  root.innerHTML = `
    <p><a href="/traces" data-link>‹ All traces</a></p>
    <div id="trace-header"><h1>Trace</h1></div>
    <div class="trace-layout">
      <section class="waterfall" id="waterfall" aria-label="Waterfall"></section>
      <aside class="span-pane" id="span-pane"><p class="muted">Select a span to see its details.</p></aside>
    </div>
    <h2>Logs of this trace</h2>
    <table class="grid" id="trace-logs"><thead><tr><th>Time</th><th>Level</th><th>Service</th><th>Message</th></tr></thead><tbody></tbody></table>
    <section id="xray-segments" aria-label="X-Ray segment documents"></section>`;
  const xraySegments = mountXRaySegments(root.querySelector('#xray-segments'), traceId);

  const page = {
    signal: 'traces',
    async refresh() {
      try {
        trace = await getJson(`/api/telemetry/traces/${encodeURIComponent(traceId)}`);
      } catch (error) {
        if (error.status === 404 || error.status === 400) {
          root.querySelector('#trace-header').innerHTML = `<h1>Trace not found</h1><p class="muted">${esc(error.message)}</p>`;
          return;
        }
        throw error;
      }
      if (trace.spans.length !== shownSpans) {
        shownSpans = trace.spans.length;
        renderHeader(root, trace);
        showLinksOut(root.querySelector('#trace-header'), trace.traceId).catch(error => console.warn(error));
        renderWaterfall();
        if (!selected && trace.spans.length > 0) select(trace.spans[0].spanId);
      }
      const logs = await getJson('/api/telemetry/logs' + query({ traceId: trace.traceId, limit: 200 }));
      root.querySelector('#trace-logs tbody').innerHTML = logs.items.length === 0
        ? '<tr><td colspan="4" class="empty">No log records for this trace.</td></tr>'
        : logs.items.map(l => `<tr><td class="nowrap">${esc(time(l.time))}</td><td>${levelBadge(l.level)}</td><td>${serviceChip(l.service)}</td><td class="message">${esc(l.message)}</td></tr>`).join('');
      await xraySegments.refresh();
    },
  };

  function renderWaterfall() {
    const total = Math.max(trace.durationMs, 0.001);
    const children = new Map();
    for (const s of trace.spans) if (s.parentSpanId) children.set(s.parentSpanId, (children.get(s.parentSpanId) ?? 0) + 1);
    const hiddenUnder = [];
    const rows = [];
    for (const s of trace.spans) {
      while (hiddenUnder.length && hiddenUnder[hiddenUnder.length - 1] >= s.depth) hiddenUnder.pop();
      const hidden = hiddenUnder.length > 0;
      if (collapsed.has(s.spanId) && !hidden) hiddenUnder.push(s.depth);
      if (hidden) continue;
      const hasChildren = children.has(s.spanId);
      const left = (s.startOffsetMs / total) * 100;
      const width = Math.max(0.3, (s.durationMs / total) * 100);
      const error = s.status === 'Error';
      rows.push(`
        <div class="span-row${selected === s.spanId ? ' selected' : ''}${error ? ' has-error' : ''}" data-span-id="${esc(s.spanId)}" role="button" tabindex="0">
          <div class="span-name" style="padding-left:${s.depth * 16 + 4}px">
            ${hasChildren ? `<button type="button" class="toggle" data-toggle="${esc(s.spanId)}" aria-label="Collapse or expand">${collapsed.has(s.spanId) ? '▸' : '▾'}</button>` : '<span class="toggle-space"></span>'}
            <span class="swatch" style="background:${serviceColour(s.service)}"></span>
            ${error ? '<span class="error-mark" title="Error">!</span>' : ''}
            <span class="span-service">${esc(s.service)}</span> <span class="span-label">${esc(s.name)}</span>
          </div>
          <div class="span-timeline"><div class="span-bar${error ? ' bar-error' : ''}" style="left:${left}%;width:${width}%;background:${error ? '' : serviceColour(s.service)}"></div>
            <span class="span-duration" style="left:${left + width}%">${esc(duration(s.durationMs))}</span></div>
        </div>`);
    }
    const ticks = [0, 0.25, 0.5, 0.75, 1].map(f => `<span style="left:${f * 100}%">${esc(duration(total * f))}</span>`).join('');
    const waterfall = root.querySelector('#waterfall');
    waterfall.innerHTML = `<div class="span-row ruler"><div class="span-name">Span</div><div class="span-timeline ticks">${ticks}</div></div>${rows.join('')}`;
    for (const row of waterfall.querySelectorAll('[data-span-id]')) {
      row.addEventListener('click', event => {
        const toggle = event.target.closest('[data-toggle]');
        if (toggle) {
          const id = toggle.dataset.toggle;
          if (collapsed.has(id)) collapsed.delete(id); else collapsed.add(id);
          renderWaterfall();
          return;
        }
        select(row.dataset.spanId);
      });
      row.addEventListener('keydown', event => { if (event.key === 'Enter') select(row.dataset.spanId); });
    }
  }

  function select(spanId) {
    selected = spanId;
    for (const row of root.querySelectorAll('#waterfall [data-span-id]')) row.classList.toggle('selected', row.dataset.spanId === spanId);
    const s = trace.spans.find(x => x.spanId === spanId);
    if (s) root.querySelector('#span-pane').innerHTML = spanPane(s);
  }

  return page;
}

function renderHeader(root, trace) {
  const root0 = trace.spans[0];
  root.querySelector('#trace-header').innerHTML = `
    <h1>${trace.hasError ? '<span class="error-mark">!</span>' : ''}${esc(root0 ? `${root0.service}: ${root0.name}` : 'Trace')}</h1>
    <dl class="facts">
      <div><dt>Trace id</dt><dd class="mono">${esc(trace.traceId)}</dd></div>
      <div><dt>X-Ray id</dt><dd class="mono"><span id="xray-id">${esc(trace.xRayTraceId)}</span>
        <button type="button" class="copy" id="copy-xray" title="Copy the X-Ray trace id">Copy</button></dd></div>
      <div><dt>Started</dt><dd>${esc(dateTime(trace.startTime))}</dd></div>
      <div><dt>Duration</dt><dd>${esc(duration(trace.durationMs))}</dd></div>
      <div><dt>Spans</dt><dd>${trace.spans.length}</dd></div>
      <div><dt>Services</dt><dd>${trace.services.map(s => serviceChip(s.service, s.spanCount)).join(' ')}</dd></div>
    </dl>`;
  root.querySelector('#copy-xray').addEventListener('click', async event => {
    const text = trace.xRayTraceId;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const range = document.createRange();
      range.selectNodeContents(root.querySelector('#xray-id'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      document.execCommand('copy');
    }
    event.target.textContent = 'Copied';
    setTimeout(() => { event.target.textContent = 'Copy'; }, 1500);
  });
}

function spanPane(s) {
  const events = s.events.length === 0 ? '<p class="muted">None</p>' : s.events.map(e => {
    const stack = e.attributes.find(a => a.key === 'exception.stacktrace');
    const rest = e.attributes.filter(a => a !== stack);
    return `<div class="event${e.name === 'exception' ? ' exception' : ''}">
      <div><b>${esc(e.name)}</b> <span class="muted">+${esc(duration(e.offsetMs))}</span></div>
      ${attributesTable(rest)}
      ${stack ? `<pre class="stack">${esc(stack.value)}</pre>` : ''}
    </div>`;
  }).join('');
  const links = s.links.length === 0 ? '<p class="muted">None</p>' : s.links.map(l =>
    `<div class="link-item"><a href="/traces/${esc(l.traceId)}" data-link class="mono">${esc(l.traceId)}</a> <span class="mono muted">${esc(l.spanId)}</span>${attributesTable(l.attributes)}</div>`).join('');
  return `
    <h2>${esc(s.name)}</h2>
    <dl class="facts compact">
      <div><dt>Service</dt><dd>${serviceChip(s.service)}</dd></div>
      <div><dt>Kind</dt><dd>${esc(s.kind)}</dd></div>
      <div><dt>Status</dt><dd class="status-${esc(s.status.toLowerCase())}">${esc(s.status)}${s.statusMessage ? ': ' + esc(s.statusMessage) : ''}</dd></div>
      <div><dt>Duration</dt><dd>${esc(duration(s.durationMs))} (starts at +${esc(duration(s.startOffsetMs))})</dd></div>
      <div><dt>Span id</dt><dd class="mono">${esc(s.spanId)}</dd></div>
      <div><dt>Parent</dt><dd class="mono">${esc(s.parentSpanId ?? '—')}</dd></div>
      <div><dt>Scope</dt><dd>${esc(s.scope || '—')}</dd></div>
    </dl>
    <h3>Attributes</h3>${attributesTable(s.attributes)}
    <h3>Events</h3>${events}
    <h3>Links</h3>${links}
    <h3>Resource</h3>${attributesTable(s.resource.attributes)}`;
}
