/** Printing helpers the bench sections share: figures as a reader compares them. */

export const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
export const fmt = (ms: number) => `${Math.round(ms)} ms`;
export const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

export function table(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const row of rows) console.log(`  ${row.map((cell, c) => cell.padEnd(widths[c])).join('  ')}`.trimEnd());
}
