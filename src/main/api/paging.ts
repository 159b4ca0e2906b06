/** The id to pass as `before` for the next page of a newest-first list, or null on the last page. */
export function nextBefore<T extends { id: number }>(rows: readonly T[], limit: number): number | null {
  return rows.length === limit ? rows[rows.length - 1]!.id : null;
}
