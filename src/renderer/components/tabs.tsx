export interface TabsProps<T extends string> {
  value: T;
  onChange: (value: T) => void;
  tabs: { id: T; label: string }[];
  label: string;
}

/** A row of tabs (roles and arrows as the ARIA tabs pattern). */
export function Tabs<T extends string>({ value, onChange, tabs, label }: TabsProps<T>) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button key={t.id} type="button" role="tab" aria-selected={t.id === value} className={`tab${t.id === value ? ' tab-active' : ''}`} onClick={() => onChange(t.id)}>
          {t.label}
        </button>
      ))}
    </div>
  );
}
