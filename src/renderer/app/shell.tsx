import { useEffect } from 'react';
import { BatchesScreen } from '../features/batches/batches-screen';
import { HistoryScreen } from '../features/history/history-screen';
import { ReportsScreen } from '../features/reports/reports-screen';
import { SellScreen } from '../features/sell/sell-screen';
import { SessionsScreen } from '../features/sessions/sessions-screen';
import { SettingsScreen } from '../features/settings/settings-screen';
import { CloseShiftButton } from '../components/close-shift';
import { isAdmin, useSignIn } from '../stores/sign-in';
import { useData } from '../stores/data';
import { screens, useUi, type Screen } from '../stores/ui';
import { StatusBar } from './status-bar';
import { shortcutAllowed } from '../lib/keys';

const views: Record<Screen, () => React.JSX.Element | null> = {
  sell: SellScreen,
  sessions: SessionsScreen,
  history: HistoryScreen,
  reports: ReportsScreen,
  batches: BatchesScreen,
  settings: SettingsScreen,
};

/** The till: top bar (screens, who is signed in, Close shift), the screen, the status bar. F1–F4, F8 and F9 switch screens. */
export function Shell() {
  const screen = useUi((s) => s.screen);
  const go = useUi((s) => s.go);
  const admin = useSignIn(isAdmin);
  const operator = useSignIn((s) => s.operator);
  const cafe = useData((s) => s.settings?.cafe.name);
  const live = useData((s) => s.sessions.size);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = screens.find((s) => s.key === e.key);
      if (!target || !shortcutAllowed(e)) return;
      e.preventDefault();
      go(target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  const View = views[screen];
  const current = screens.find((s) => s.id === screen);
  const forbidden = current?.adminOnly && !admin;
  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">{cafe ?? 'IWAS Counter'}</div>
        <nav className="nav" aria-label="Screens">
          {screens
            .filter((s) => admin || !s.adminOnly)
            .map((s) => (
              <button key={s.id} type="button" className={`nav-item${s.id === screen ? ' nav-active' : ''}`} aria-current={s.id === screen ? 'page' : undefined} onClick={() => go(s.id)}>
                {s.label}
                {s.id === 'sessions' && live > 0 ? <span className="count">{live}</span> : null}
                <kbd>{s.key}</kbd>
              </button>
            ))}
        </nav>
        <div className="operator">
          <span>
            {operator?.name} <small>{operator?.role}</small>
          </span>
          <CloseShiftButton />
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => void useSignIn.getState().signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main className="screen" aria-label={current?.label}>
        {forbidden ? (
          <div className="state state-error" role="alert">
            <strong>Only an admin can open {current?.label}.</strong>
            <div>Ask an admin to sign in.</div>
          </div>
        ) : (
          <View />
        )}
      </main>
      <StatusBar />
    </div>
  );
}
