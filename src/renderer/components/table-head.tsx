/** A table's header row; a column named with a leading "#" is numeric (right-aligned): "#Price". */
export function TableHead({ columns }: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) =>
          c.startsWith('#') && c.length > 1 ? (
            <th key={i} className="num">
              {c.slice(1)}
            </th>
          ) : (
            <th key={i}>{c}</th>
          ),
        )}
      </tr>
    </thead>
  );
}
