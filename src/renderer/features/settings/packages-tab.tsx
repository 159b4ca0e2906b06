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

/** Packages for sale and retired ones: add, edit, retire, bring back. */
export function PackagesTab() {
  const money = useMoney();
  const active = useData((s) => s.packages);
  // The active list changes on packages.changed events: reload the full one with it.
  const loaded = useLoaded(active, () => api()['packages.list']({ includeRetired: true }));
  const [editing, setEditing] = useState<PackageView | 'new' | null>(null);
  const setActive = (p: PackageView, on: boolean) =>
    act(
      () => api()['packages.setActive']({ id: p.id, active: on }),
      () => (on ? `${p.name} is for sale again` : `${p.name} retired: no longer sold; sessions already sold keep running`),
    );

  return (
    <section>
      <div className="section-head">
        <h2>Packages</h2>
        <Button kind="primary" onClick={() => setEditing('new')}>
          Add package
        </Button>
      </div>
      <LoadedView loaded={loaded} what="packages">
        {(all) =>
          all.length === 0 ? (
            <Empty title="No packages yet">Add what you sell: e.g. “1 hour” for ₱20, “500 MB” for ₱30.</Empty>
          ) : (
            <table className="plain-table" aria-label="Packages">
              <TableHead columns={['Key', 'Package', '#Price', 'Gives', 'Speed', '#Order', '']} />
              <tbody>
                {all.map((p) => (
                  <tr key={p.id} className={p.active ? undefined : 'row-retired'}>
                    <td className="package-hotkey">{p.hotkey ? <kbd title={`Press ${p.hotkey} on the Sell screen`}>{p.hotkey}</kbd> : <span className="muted">–</span>}</td>
                    <td>
                      {p.name} {p.active ? null : <span className="tag">retired</span>}
                    </td>
                    <td className="num">{p.pricing === 'per_unit' ? `${money(p.priceMinor)} / unit` : money(p.priceMinor)}</td>
                    <td>{describeLimits(p) || '–'}</td>
                    <td>{speed(p)}</td>
                    <td className="num">{p.sortOrder}</td>
                    <RowActions
                      actions={[
                        { label: 'Edit', onClick: () => setEditing(p) },
                        { label: p.active ? 'Retire' : 'Sell again', onClick: () => void setActive(p, !p.active) },
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

function speed(p: PackageView): string {
  const f = (k: number | null) => (k === null ? '∞' : k % 1000 === 0 ? `${k / 1000}M` : `${k}k`);
  return p.rateDownKbps === null && p.rateUpKbps === null ? 'full' : `${f(p.rateDownKbps)} ↓ / ${f(p.rateUpKbps)} ↑`;
}
