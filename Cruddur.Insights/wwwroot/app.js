// The single-page app: picks the page from the path, polls for new data, and owns pause.
import { mountRoutes } from './routes.js';
import { mountHeatmap } from './heatmap.js';
import { mountServiceMap } from './servicemap.js';
import { mountCompare } from './compare.js';
import { mountSpend } from './spend.js';
import { mountXRaySegments } from './xray-segments.js';

const POLL_MS = 1500;
const root = document.getElementById('app');
let page = null;
let paused = false;

function route() {
  const path = location.pathname;
  const params = new URLSearchParams(location.search);
  if (path.startsWith('/heatmap')) return { name: 'routes', mount: () => mountHeatmap(root, params) };
  if (path.startsWith('/service-map')) return { name: 'service-map', mount: () => mountServiceMap(root, params) };
  if (path.startsWith('/compare')) return { name: 'compare', mount: () => mountCompare(root, params) };
  if (path.startsWith('/spend')) return { name: 'spend', mount: () => mountSpend(root, params) };
  if (path.startsWith('/xray-segments')) return { name: 'xray-segments', mount: () => mountXRaySegments(root, params) };
  return { name: 'routes', mount: () => mountRoutes(root, params) };
}

async function show() {
  const current = route();
  for (const link of document.querySelectorAll('.sidebar a')) {
    link.classList.toggle('active', link.dataset.page === current.name);
  }
  root.innerHTML = '';
  page = current.mount();
  await refresh();
}

async function refresh() {
  const shown = page;
  try {
    await shown?.refresh();
    document.getElementById('live-state').classList.remove('error');
  } catch (error) {
    if (shown === page) {
      document.getElementById('live-state').classList.add('error');
      console.warn(error);
    }
  }
}

export function navigate(href) {
  history.pushState(null, '', href);
  show();
}

document.addEventListener('click', event => {
  const link = event.target.closest('a[data-link]');
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || link.target === '_blank') return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});
window.addEventListener('popstate', show);

document.getElementById('pause').addEventListener('click', event => {
  paused = !paused;
  event.target.textContent = paused ? 'Resume' : 'Pause';
  const state = document.getElementById('live-state');
  state.textContent = paused ? '❚❚ paused' : '● live';
  state.classList.toggle('paused', paused);
  if (!paused) refresh();
});

setInterval(() => { if (!paused && !document.hidden) refresh(); }, POLL_MS);
show();
