import { useState } from 'react';
import { tabPanelId, Tabs } from '../../components/tabs';
import { useT } from '../../i18n';
import { useData } from '../../stores/data';
import { useSignIn } from '../../stores/sign-in';
import { OwnerHistory } from './owner-history';
import { OwnerSessions } from './owner-sessions';
import { OwnerToday } from './owner-today';
import './owner.css';

type OwnerTab = 'today' | 'history' | 'sessions';

const views: Record<OwnerTab, () => React.JSX.Element> = {
  today: OwnerToday,
  history: OwnerHistory,
  sessions: OwnerSessions,
};

/**
 * The owner's view (role 'owner', a phone on the café LAN; fine on a desktop too): today's
 * takings, the sales ledger and the live sessions, read only — nothing here sells, ends,
 * tops up, voids or changes a setting (the core answers 403 to an owner anyway).
 */
export function OwnerShell() {
  const t = useT();
  const [tab, setTab] = useState<OwnerTab>('today');
  const cafe = useData((s) => s.settings?.cafe.name);
  const live = useData((s) => s.sessions.size);
  const operator = useSignIn((s) => s.operator);
  const online = useSignIn((s) => s.online);
  const tabs: { id: OwnerTab; label: string }[] = [
    { id: 'today', label: t('owner.tab.today') },
    { id: 'history', label: t('owner.tab.history') },
    { id: 'sessions', label: live > 0 ? t('owner.tab.sessionsCount', { count: live }) : t('owner.tab.sessions') },
  ];
  const View = views[tab];
  return (
    <div className="owner">
      <header className="owner-top">
        <div className="owner-cafe">
          {/* i18n-ignore */}
          {cafe ?? 'IWAS Counter'}
        </div>
        <div className="owner-who" title={operator?.name}>
          {operator?.name}
        </div>
        <button type="button" className="btn btn-ghost btn-sm owner-sign-out" onClick={() => void useSignIn.getState().signOut()}>
          {t('owner.signOut')}
        </button>
      </header>
      {online ? null : (
        <p className="owner-offline" role="status">
          {t('owner.offline')}
        </p>
      )}
      <main className="owner-main" role="tabpanel" id={tabPanelId('owner')} aria-label={tabs.find((x) => x.id === tab)!.label}>
        <View />
      </main>
      <nav className="owner-nav" aria-label={t('owner.nav')}>
        <Tabs id="owner" label={t('owner.nav')} value={tab} onChange={setTab} tabs={tabs} />
      </nav>
    </div>
  );
}
