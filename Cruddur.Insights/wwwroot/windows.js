// The time windows the analysis views offer, and the select that picks one.
import { esc } from './format.js';

export const WINDOWS = [['1m', 'Last 1 min'], ['5m', 'Last 5 min'], ['15m', 'Last 15 min'], ['1h', 'Last hour'], ['all', 'Whole run']];

export function windowSelect(current) {
  return `<label>Window <select name="window">${WINDOWS.map(([value, label]) =>
    `<option value="${value}"${value === current ? ' selected' : ''}>${esc(label)}</option>`).join('')}</select></label>`;
}

export function windowOf(params) {
  const value = params.get('window');
  return WINDOWS.some(([w]) => w === value) ? value : 'all';
}
