import type { PaymentMethod } from '../../shared/domain';

const methods: { id: PaymentMethod; label: string }[] = [
  { id: 'cash', label: 'Cash' },
  { id: 'e-wallet', label: 'E-wallet' },
  { id: 'card', label: 'Card' },
  { id: 'other', label: 'Other' },
];

/** How the customer paid (cash counts toward the drawer in Reports). */
export function PaymentChips({ value, onChange }: { value: PaymentMethod; onChange: (m: PaymentMethod) => void }) {
  return (
    <div className="methods" role="radiogroup" aria-label="Payment">
      {methods.map((m) => (
        <button key={m.id} type="button" role="radio" aria-checked={value === m.id} className={`chip${value === m.id ? ' chip-on' : ''}`} onClick={() => onChange(m.id)}>
          {m.label}
        </button>
      ))}
    </div>
  );
}

/** A payment method in words. */
export const paymentLabel = (m: PaymentMethod) => methods.find((x) => x.id === m)!.label;
