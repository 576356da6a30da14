/** Rows as left-aligned columns two spaces apart; widths count code points, not UTF-16 units. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const width = (s: string): number => [...s].length;
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, width(c))));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c))))
      .join('  ')
      .trimEnd(),
  );
}
