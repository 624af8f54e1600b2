/**
 * CSV for spreadsheets (RFC 4180 quoting), safe to open in Excel, Numbers or LibreOffice:
 *
 * - I6: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be
 *   read as a formula (formula / CSV injection). It gets a leading apostrophe, which the
 *   spreadsheet shows as text and does not run. This applies to every cell, as every cell
 *   can hold what somebody typed.
 * - Semicolons separate the cells: Norwegian spreadsheets use the comma as the decimal
 *   sign and expect `;` in CSV files.
 * - A byte-order mark tells Excel the file is UTF-8, so æ, ø and å come out right.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[";\r\n\t]/;

export function csvCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) || text.startsWith("'") ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file: a header row and the rows, CRLF line ends, with the byte-order mark. */
export function csvFile(header: string[], rows: (string | null | undefined)[][]): Buffer {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
