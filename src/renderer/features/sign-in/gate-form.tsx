import type { ReactNode } from 'react';

/** The card in the middle of the screen before the till opens (token, first admin). */
export function GateForm({ onSubmit, children }: { onSubmit: () => void; children: ReactNode }) {
  return (
    <main className="gate">
      <form
        className="gate-card"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
      </form>
    </main>
  );
}
