import { useState } from 'react';
import { tabPanelId, Tabs } from '../../components/tabs';
import { apiTokenReplaced } from '../../app/transport';
import { useT, type MessageId } from '../../i18n';
import { BackupsTab } from './backups-tab';
import { DevicesTab } from './devices-tab';
import { GeneralTab } from './general-tab';
import { OperatorsTab } from './operators-tab';
import { PackagesTab } from './packages-tab';
import { PcSyncTab } from './pcsync-tab';
import { ReceiptTab } from './receipt-tab';
import { RoutersTab } from './routers-tab';
import { SelfServiceTab } from './self-service-tab';

type Tab = 'packages' | 'routers' | 'pcsync' | 'selfservice' | 'operators' | 'devices' | 'receipt' | 'general' | 'backups';

/** Each tab with its label's message id (translated when shown). */
const tabs: { id: Tab; label: MessageId }[] = [
  { id: 'packages', label: 'settings.tabs.packages' },
  { id: 'routers', label: 'settings.tabs.routers' },
  { id: 'pcsync', label: 'settings.tabs.pcsync' },
  { id: 'selfservice', label: 'settings.tabs.selfservice' },
  { id: 'operators', label: 'settings.tabs.operators' },
  { id: 'devices', label: 'settings.tabs.devices' },
  { id: 'receipt', label: 'settings.tabs.receipt' },
  { id: 'general', label: 'settings.tabs.general' },
  { id: 'backups', label: 'settings.tabs.backups' },
];

const views: Record<Tab, () => React.JSX.Element> = {
  packages: PackagesTab,
  routers: RoutersTab,
  pcsync: PcSyncTab,
  selfservice: SelfServiceTab,
  operators: OperatorsTab,
  devices: () => <DevicesTab onApiTokenReplaced={apiTokenReplaced} />,
  receipt: ReceiptTab,
  general: GeneralTab,
  backups: BackupsTab,
};

/** The admin's screen: what is sold, which routers are served, the PC manager, coin slots and e-wallet gateways, who works the counter, the slip and the money. */
export function SettingsScreen() {
  const t = useT();
  const [tab, setTab] = useState<Tab>('packages');
  const View = views[tab];
  const shown = tabs.map((x) => ({ id: x.id, label: t(x.label) }));
  return (
    <div className="settings">
      <Tabs id="settings" label={t('settings.tabs.label')} value={tab} onChange={setTab} tabs={shown} />
      <div className="settings-body" role="tabpanel" id={tabPanelId('settings')} aria-label={shown.find((x) => x.id === tab)!.label}>
        <View />
      </div>
    </div>
  );
}
