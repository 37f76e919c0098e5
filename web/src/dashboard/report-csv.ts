// A report's table as CSV (RFC 4180): a header row, then a row per line of the table; a cell with a
// comma, a quote or a line break is quoted, its quotes doubled. Text a spreadsheet would run as a
// formula (=, +, -, @ first) gets a leading apostrophe: a group's name is data, never a formula.

export type CsvCell = string | number | null;

function cell(value: CsvCell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(head: string[], rows: CsvCell[][]): string {
  return [head, ...rows].map((line) => line.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Hours with two decimals, as a number a spreadsheet reads; empty when there is none. */
export const csvHours = (value: number | null) => (value === null ? null : Number(value.toFixed(2)));
