// Links out of a trace page: the same trace in Honeycomb and X-Ray, and the Rollbar items it produced.
import { getJson } from './api.js';
import { esc } from './format.js';

/** Appends the links (or why there are none) to the trace header; call whenever the header is redrawn. */
export async function showLinksOut(header, traceId) {
  const links = await getJson(`/api/telemetry/traces/${encodeURIComponent(traceId)}/links`);
  header.querySelector('.links-out')?.remove();
  const out = document.createElement('div');
  out.className = 'links-out';
  out.innerHTML = [
    external('honeycomb-link', 'Open in Honeycomb', links.honeycomb, links.honeycombNote),
    external('xray-link', 'Open in X-Ray', links.xRay, links.xRayNote),
    ...links.rollbar.map(item => external('rollbar-link', `Rollbar item (${item.service})`, item.url, null, item.uuid)),
  ].join('');
  header.append(out);
}

function external(id, label, url, note, key) {
  const idAttribute = key ? `class="rollbar-link" data-uuid="${esc(key)}"` : `id="${id}"`;
  return url
    ? `<a ${idAttribute} href="${esc(url)}" target="_blank" rel="noopener noreferrer">${esc(label)} ↗</a>`
    : `<span ${idAttribute} class="link-off" title="${esc(note ?? '')}">${esc(label)}</span>`;
}
