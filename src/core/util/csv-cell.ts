/**
 * One CSV cell as RFC 4180 writes it: quoted when it holds a comma, a double quote or a line break,
 * with every double quote doubled; otherwise as is. Every CSV the project writes (trade lists,
 * reports) escapes its text cells through it.
 */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
