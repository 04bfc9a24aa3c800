// Links out of Insights: every trace it names opens on the Aspire dashboard; a trace's other links
// (Honeycomb, the X-Ray console, its Rollbar items) come from /api/traces/{id}/links.
import { getJson } from './api.js';
import { esc } from './format.js';

/** A trace id linked to its page on the Aspire dashboard (plain text when no dashboard URL is set). */
export function traceLink(trace) {
  return trace.dashboardUrl
    ? `<a class="dashboard-link mono" href="${esc(trace.dashboardUrl)}" target="_blank" rel="noopener noreferrer" title="Open on the Aspire dashboard">${esc(trace.traceId)} ↗</a>`
    : `<span class="mono" title="Set Insights:Dashboard:Url to link traces to the Aspire dashboard">${esc(trace.traceId)}</span>`;
}

/** A short "open" link for table cells: the label links to the trace on the Aspire dashboard. */
export function traceButton(trace, label) {
  if (!trace) return '';
  return trace.dashboardUrl
    ? `<a class="dashboard-link" data-trace-id="${esc(trace.traceId)}" href="${esc(trace.dashboardUrl)}" target="_blank" rel="noopener noreferrer" title="${esc(trace.traceId)} on the Aspire dashboard">${esc(label)} ↗</a>`
    : `<span class="muted" title="${esc(trace.traceId)}">${esc(label)}</span>`;
}

/** Fills `holder` with the trace's links out, or says why there are none; null when the trace is not stored. */
export async function showLinksOut(holder, traceId) {
  let links;
  try {
    links = await getJson(`/api/traces/${encodeURIComponent(traceId)}/links`);
  } catch (error) {
    if (error.status !== 404 && error.status !== 400) throw error;
    holder.innerHTML = `<span class="muted">${esc(error.message)}</span>`;
    return null;
  }
  holder.innerHTML = [
    external('dashboard-link', 'Open on the Aspire dashboard', links.dashboard, links.dashboardNote),
    external('honeycomb-link', 'Open in Honeycomb', links.honeycomb, links.honeycombNote),
    external('xray-link', 'Open in X-Ray', links.xRay, links.xRayNote),
    ...links.rollbar.map(item => external('rollbar-link', `Rollbar item (${item.service})`, item.url, null, item.uuid)),
  ].join('');
  return links;
}

function external(id, label, url, note, key) {
  const idAttribute = key ? `class="rollbar-link" data-uuid="${esc(key)}"` : `id="${id}"`;
  return url
    ? `<a ${idAttribute} href="${esc(url)}" target="_blank" rel="noopener noreferrer">${esc(label)} ↗</a>`
    : `<span ${idAttribute} class="link-off" title="${esc(note ?? '')}">${esc(label)}</span>`;
}
