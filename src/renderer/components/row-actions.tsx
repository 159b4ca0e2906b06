import { Button } from './button';

/** A table row's buttons (Edit, Retire, …), right-aligned. */
export function RowActions({ actions }: { actions: { label: string; onClick: () => void }[] }) {
  // The cell stays a table cell (its border lines up with the row's); the buttons line up inside it.
  return (
    <td className="row-actions">
      <div>
        {actions.map((a) => (
          <Button key={a.label} kind="ghost" size="sm" onClick={a.onClick}>
            {a.label}
          </Button>
        ))}
      </div>
    </td>
  );
}
