import { useState } from 'react';
import { tabPanelId, Tabs } from '../../components/tabs';
import { BackupsTab } from './backups-tab';
import { GeneralTab } from './general-tab';
import { OperatorsTab } from './operators-tab';
import { PackagesTab } from './packages-tab';
import { PcSyncTab } from './pcsync-tab';
import { ReceiptTab } from './receipt-tab';
import { RoutersTab } from './routers-tab';
import { SelfServiceTab } from './self-service-tab';

type Tab = 'packages' | 'routers' | 'pcsync' | 'selfservice' | 'operators' | 'receipt' | 'general' | 'backups';

const tabs: { id: Tab; label: string }[] = [
  { id: 'packages', label: 'Packages' },
  { id: 'routers', label: 'Routers' },
  { id: 'pcsync', label: 'PC sync' },
  { id: 'selfservice', label: 'Self-service' },
  { id: 'operators', label: 'Operators' },
  { id: 'receipt', label: 'Receipt' },
  { id: 'general', label: 'Money & payments' },
  { id: 'backups', label: 'Backups & this PC' },
];

const views: Record<Tab, () => React.JSX.Element> = {
  packages: PackagesTab,
  routers: RoutersTab,
  pcsync: PcSyncTab,
  selfservice: SelfServiceTab,
  operators: OperatorsTab,
  receipt: ReceiptTab,
  general: GeneralTab,
  backups: BackupsTab,
};

/** The admin's screen: what is sold, which routers are served, the PC manager, coin slots and e-wallet gateways, who works the counter, the slip and the money. */
export function SettingsScreen() {
  const [tab, setTab] = useState<Tab>('packages');
  const View = views[tab];
  return (
    <div className="settings">
      <Tabs id="settings" label="Settings" value={tab} onChange={setTab} tabs={tabs} />
      <div className="settings-body" role="tabpanel" id={tabPanelId('settings')} aria-label={tabs.find((t) => t.id === tab)!.label}>
        <View />
      </div>
    </div>
  );
}
