import { useId, type KeyboardEvent } from 'react';

export interface TabsProps<T extends string> {
  value: T;
  onChange: (value: T) => void;
  tabs: { id: T; label: string }[];
  label: string;
}

/** The id of the panel a tab row controls (give it to the element with role="tabpanel"). */
export const tabPanelId = (tabsId: string) => `${tabsId}-panel`;

/** A row of tabs, as the ARIA tabs pattern: Left/Right/Home/End move between them. */
export function Tabs<T extends string>({ value, onChange, tabs, label, id }: TabsProps<T> & { id?: string }) {
  const own = useId();
  const panel = tabPanelId(id ?? own);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.findIndex((t) => t.id === value);
    const to = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    onChange(tabs[to]!.id);
    e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]')[to]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={t.id === value}
          aria-controls={panel}
          tabIndex={t.id === value ? 0 : -1}
          className={`tab${t.id === value ? ' tab-active' : ''}`}
          onClick={() => onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
