import { useEffect, useState } from 'react';
import type { OperatorView } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { languageNames, languages } from '../../shared/i18n/languages';
import { BatchesScreen } from '../features/batches/batches-screen';
import { HistoryScreen } from '../features/history/history-screen';
import { ReportsScreen } from '../features/reports/reports-screen';
import { SellScreen } from '../features/sell/sell-screen';
import { SessionsScreen } from '../features/sessions/sessions-screen';
import { SettingsScreen } from '../features/settings/settings-screen';
import { CloseShiftButton } from '../components/close-shift';
import { useT } from '../i18n';
import { reportError } from '../lib/sync';
import { api, isAdmin, useSignIn } from '../stores/sign-in';
import { useData } from '../stores/data';
import { screens, useUi, type Screen } from '../stores/ui';
import { StatusBar } from './status-bar';
import { shortcutAllowed } from '../lib/keys';
import './shell.css';

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
  const t = useT();
  const screen = useUi((s) => s.screen);
  const go = useUi((s) => s.go);
  const admin = useSignIn(isAdmin);
  const operator = useSignIn((s) => s.operator);
  const cafe = useData((s) => s.settings?.cafe.name);
  const live = useData((s) => s.sessions.size);
  useSignedInFresh();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = screens.find((s) => s.key === e.key);
      if (!target || !shortcutAllowed(e)) return;
      e.preventDefault();
      // A cashier's stray F8 or F9 keeps the screen (a sale half typed stays); a notice says why, once however long it is held.
      if (target.adminOnly && !admin) return void (e.repeat || useUi.getState().toast('info', t('app.forbidden', { screen: t(target.label) })));
      go(target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, admin, t]);

  const View = views[screen];
  const current = screens.find((s) => s.id === screen);
  const forbidden = current?.adminOnly && !admin;
  return (
    <div className="shell">
      <header className="topbar">
        {/* i18n-ignore */}
        <div className="brand">{cafe ?? 'IWAS Counter'}</div>
        <nav className="nav" aria-label={t('app.nav')}>
          {screens
            .filter((s) => admin || !s.adminOnly)
            .map((s) => (
              <button key={s.id} type="button" className={`nav-item${s.id === screen ? ' nav-active' : ''}`} aria-current={s.id === screen ? 'page' : undefined} onClick={() => go(s.id)}>
                {t(s.label)}
                {s.id === 'sessions' && live > 0 ? <span className="count">{live}</span> : null}
                <kbd>{s.key}</kbd>
              </button>
            ))}
        </nav>
        <div className="operator">
          <span>
            {operator?.name} <small>{operator ? t(`app.role.${operator.role}`) : null}</small>
          </span>
          <CloseShiftButton />
          {operator ? <MyLanguage operator={operator} /> : null}
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => void useSignIn.getState().signOut()}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <main className="screen" aria-label={current ? t(current.label) : undefined}>
        {forbidden ? (
          <div className="state state-error" role="alert">
            <strong>{t('app.forbidden', { screen: current ? t(current.label) : '' })}</strong>
            <div>{t('app.forbiddenHelp')}</div>
          </div>
        ) : (
          <View />
        )}
      </main>
      <StatusBar />
    </div>
  );
}

/**
 * The signed-in operator as the core has them now, not the copy this tab kept at sign-in:
 * read at start (a reload), on reconnecting, and whenever operators change — their language
 * picked in another tab, a new name or role from an admin.
 */
function useSignedInFresh() {
  const version = useData((s) => s.operatorsVersion);
  useEffect(() => {
    let current = true;
    api()['operators.me']({}).then(
      (me) => current && useSignIn.getState().changed(me),
      (err: unknown) => current && err instanceof AppError && err.code === 'unauthorized' && reportError(err),
    );
    return () => {
      current = false;
    };
  }, [version]);
}

/** The signed-in operator's own UI language, or the café's (empty value): kept with the operator, shown at once. */
function MyLanguage({ operator }: { operator: OperatorView }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const choose = async (value: string) => {
    const language = languages.find((l) => l === value) ?? null;
    setBusy(true);
    try {
      useSignIn.getState().changed(await api()['operators.setMyLanguage']({ language }));
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <select className="my-language" aria-label={t('app.myLanguage')} title={t('app.myLanguage')} value={operator.language ?? ''} disabled={busy} onChange={(e) => void choose(e.target.value)}>
      <option value="">{t('app.cafeLanguage')}</option>
      {languages.map((l) => (
        <option key={l} value={l} lang={l}>
          {languageNames[l]}
        </option>
      ))}
    </select>
  );
}
