/** Cell formatting shared by the Markdown and HTML tables. */
import { count } from './names.js';
import type { Cell, Column } from './tables.js';

/** A cell as a reader sees it: separators in counts, a % on shares, "—" for none. */
export function displayCell(value: Cell, type: Column['type']): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是 yes' : '否 no';
  if (typeof value === 'number') {
    if (type === 'count') return count(value);
    if (type === 'percent') return `${value.toFixed(2)}%`;
    // A decimal keeps its own digits (a growth ratio of 3.495); its integer part gets separators too.
    if (type === 'decimal') return value.toLocaleString('en-US', { maximumFractionDigits: 20 });
    return String(value);
  }
  return value;
}

/** Whether a column holds numbers (right-aligned). */
export function isNumeric(type: Column['type']): boolean {
  return type !== 'text';
}
