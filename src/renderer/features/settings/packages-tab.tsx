import { useState } from 'react';
import type { PackageView } from '../../../shared/domain';
import { Button } from '../../components/button';
import { LoadedView } from '../../components/loaded-view';
import { RowActions } from '../../components/row-actions';
import { Empty } from '../../components/states';
import { describeLimits, useMoney } from '../../lib/format';
import { act } from '../../lib/sync';
import { useLoaded } from '../../lib/use-loaded';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { PackageForm } from './package-form';
import { TableHead } from '../../components/table-head';
import { useT, type Translate } from '../../i18n';

/** Packages for sale and retired ones: add, edit, retire, bring back. */
export function PackagesTab() {
  const t = useT();
  const money = useMoney();
  const active = useData((s) => s.packages);
  // The active list changes on packages.changed events: reload the full one with it.
  const loaded = useLoaded(active, () => api()['packages.list']({ includeRetired: true }));
  const [editing, setEditing] = useState<PackageView | 'new' | null>(null);
  const setActive = (p: PackageView, on: boolean) =>
    act(
      () => api()['packages.setActive']({ id: p.id, active: on }),
      () => t(on ? 'settings.packages.forSale' : 'settings.packages.retiredDone', { name: p.name }),
    );

  return (
    <section>
      <div className="section-head">
        <h2>{t('settings.packages.title')}</h2>
        <Button kind="primary" onClick={() => setEditing('new')}>
          {t('settings.packages.add')}
        </Button>
      </div>
      <LoadedView loaded={loaded} what={t('settings.what.packages')}>
        {(all) =>
          all.length === 0 ? (
            <Empty title={t('settings.packages.empty')}>{t('settings.packages.emptyText')}</Empty>
          ) : (
            <table className="plain-table" aria-label={t('settings.packages.title')}>
              <TableHead columns={[t('settings.packages.key'), t('settings.packages.package'), `#${t('settings.packages.price')}`, t('settings.packages.gives'), t('settings.packages.speed'), `#${t('settings.packages.order')}`, '']} />
              <tbody>
                {all.map((p) => (
                  <tr key={p.id} className={p.active ? undefined : 'row-retired'}>
                    <td className="package-hotkey">{p.hotkey ? <kbd title={t('settings.packages.pressKey', { key: p.hotkey })}>{p.hotkey}</kbd> : <span className="muted">–</span>}</td>
                    <td>
                      {p.name} {p.active ? null : <span className="tag">{t('settings.packages.retired')}</span>}
                    </td>
                    <td className="num">{p.pricing === 'per_unit' ? t('settings.packages.perUnit', { price: money(p.priceMinor) }) : money(p.priceMinor)}</td>
                    <td>{describeLimits(p) || '–'}</td>
                    <td>{speed(p, t)}</td>
                    <td className="num">{p.sortOrder}</td>
                    <RowActions
                      actions={[
                        { label: t('common.edit'), onClick: () => setEditing(p) },
                        { label: t(p.active ? 'settings.packages.retire' : 'settings.packages.sellAgain'), onClick: () => void setActive(p, !p.active) },
                      ]}
                    />
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </LoadedView>
      {editing ? <PackageForm pkg={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}

function speed(p: PackageView, t: Translate): string {
  const f = (k: number | null) => (k === null ? '∞' : k % 1000 === 0 ? `${k / 1000}M` : `${k}k`);
  return p.rateDownKbps === null && p.rateUpKbps === null ? t('settings.packages.fullSpeed') : `${f(p.rateDownKbps)} ↓ / ${f(p.rateUpKbps)} ↑`;
}
