// Resources: what the AppHost runs, its state, endpoints, masked environment and console tail; restart per resource.
import { getJson } from './api.js';
import { esc, dateTime } from './format.js';

export function mountResources(root) {
  const expanded = new Set();
  root.innerHTML = `
    <h1>Resources</h1>
    <p class="muted small" id="resources-updated"></p>
    <p class="error-text" id="resources-error"></p>
    <table class="grid" id="resources-table">
      <thead><tr><th>Name</th><th>Type</th><th>State</th><th>Started</th><th>Endpoints</th><th>Health</th><th></th></tr></thead>
      <tbody></tbody>
    </table>`;
  const body = root.querySelector('#resources-table tbody');
  const errorText = root.querySelector('#resources-error');

  body.addEventListener('click', async event => {
    if (event.target.closest('a')) return;
    const restart = event.target.closest('button[data-restart]');
    if (restart) {
      const name = restart.dataset.restart;
      restart.disabled = true;
      const response = await fetch(`/api/resources/${encodeURIComponent(name)}/restart`, { method: 'POST' });
      errorText.textContent = response.ok ? '' : `Restart of ${name} was refused (${response.status}).`;
      return;
    }
    const row = event.target.closest('tr[data-name]');
    if (!row) return;
    const name = row.dataset.name;
    if (expanded.has(name)) expanded.delete(name); else expanded.add(name);
    page.refresh();
  });

  const page = {
    async refresh() {
      const list = await getJson('/api/resources');
      root.querySelector('#resources-updated').textContent = list.updatedAt
        ? `Reported by the AppHost at ${dateTime(list.updatedAt)}`
        : 'No report from the AppHost yet (the dashboard runs on its own, or the AppHost is starting).';
      if (list.items.length === 0) {
        body.innerHTML = '<tr><td colspan="7" class="empty">No resources</td></tr>';
        return;
      }
      // Keep the scroll position of an open console across refreshes.
      const scrolls = new Map([...body.querySelectorAll('pre[data-console]')].map(pre => [pre.dataset.console, pre.scrollTop]));
      body.innerHTML = list.items.map(item => row(item, expanded.has(item.name))).join('');
      for (const pre of body.querySelectorAll('pre[data-console]')) {
        pre.scrollTop = scrolls.get(pre.dataset.console) ?? pre.scrollHeight;
      }
    },
  };
  return page;
}

function row(item, open) {
  const exit = item.exitCode === null || item.exitCode === undefined ? '' : ` (${esc(item.exitCode)})`;
  const links = (item.urls ?? []).map(url => url.startsWith('http')
    ? `<a href="${esc(url)}" target="_blank" rel="noopener">${esc(url)}</a>`
    : `<span class="mono">${esc(url)}</span>`).join('<br>');
  const main = `<tr class="resource-row" data-name="${esc(item.name)}">
    <td><b>${open ? '▾' : '▸'} ${esc(item.name)}</b></td>
    <td>${esc(item.type)}</td>
    <td><span class="state state-${esc(item.state.toLowerCase())}">${esc(item.state)}${exit}</span></td>
    <td class="nowrap">${item.startedAt ? esc(dateTime(item.startedAt)) : ''}</td>
    <td>${links}</td>
    <td>${esc(item.health ?? '')}</td>
    <td><button type="button" data-restart="${esc(item.name)}">Restart</button></td>
  </tr>`;
  if (!open) return main;
  const environment = Object.entries(item.environment ?? {}).sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `<tr><td class="mono">${esc(key)}</td><td class="mono">${esc(value ?? '')}</td></tr>`).join('');
  return main + `<tr class="resource-detail"><td colspan="7">
    <h3>Environment</h3>
    <table class="grid small"><tbody>${environment}</tbody></table>
    <h3>Console</h3>
    <pre class="console" data-console="${esc(item.name)}">${esc((item.console ?? []).join('\n'))}</pre>
  </td></tr>`;
}
