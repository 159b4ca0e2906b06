import { Button } from './button';

/** A table row's buttons (Edit, Retire, …), right-aligned. */
export function RowActions({ actions }: { actions: { label: string; onClick: () => void }[] }) {
  return (
    <td className="row-actions">
      {actions.map((a) => (
        <Button key={a.label} kind="ghost" size="sm" onClick={a.onClick}>
          {a.label}
        </Button>
      ))}
    </td>
  );
}
