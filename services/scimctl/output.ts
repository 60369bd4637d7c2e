/** How scimctl shows things to people: aligned tables and `key: value` blocks. Dates in ISO 8601 UTC. */

export type Cell = string | number | boolean | Date | undefined;

function text(cell: Cell): string {
  if (cell === undefined || cell === '') return '-';
  if (cell instanceof Date) return cell.toISOString();
  return String(cell);
}

export function table(headers: string[], rows: Cell[][]): string[] {
  const cells = rows.map((row) => row.map(text));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
  return [line(headers), ...cells.map(line)];
}

export function fields(entries: Array<[string, Cell]>): string[] {
  const width = Math.max(...entries.map(([key]) => key.length));
  return entries.map(([key, value]) => `${`${key}:`.padEnd(width + 1)} ${text(value)}`);
}
