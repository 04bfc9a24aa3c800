// Shared formatting: escaping, times, durations and a stable colour per service.
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function time(iso) {
  const d = new Date(iso);
  return d.toLocaleTimeString(undefined, { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

export function dateTime(iso) {
  const d = new Date(iso);
  return d.toLocaleDateString() + ' ' + time(iso);
}

export function duration(ms) {
  if (ms >= 1000) return (ms / 1000).toFixed(2) + ' s';
  if (ms >= 1) return ms.toFixed(ms >= 100 ? 0 : 1) + ' ms';
  return Math.round(ms * 1000) + ' μs';
}

export function serviceColour(name) {
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  return `hsl(${Math.abs(hash) % 360} 65% 45%)`;
}

export function serviceChip(name, count) {
  const suffix = count === undefined ? '' : ` <b>${count}</b>`;
  return `<span class="chip" style="--c:${serviceColour(name)}">${esc(name)}${suffix}</span>`;
}
