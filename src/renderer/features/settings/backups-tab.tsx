import { useState, type ReactNode } from 'react';
import { Settings } from '../../../shared/domain';
import type { FieldErrors } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';
import { Button } from '../../components/button';
import { Field, FormError, useForm } from '../../components/field';
import { LoadedView } from '../../components/loaded-view';
import { Empty, Loading } from '../../components/states';
import { TableHead } from '../../components/table-head';
import { unwrap } from '../../lib/desktop-transport';
import { formatTime } from '../../lib/format';
import { act } from '../../lib/sync';
import { useLoaded } from '../../lib/use-loaded';
import { wholeNumber } from '../../lib/units';
import { allErrors } from '../../lib/validate';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import { SummarySection } from './summary-section';

/** Backups of the database (every mode), the owner's daily summary, and this PC's own settings: the receipt printer, starting with the system (desktop app). */
export function BackupsTab() {
  const settings = useData((s) => s.settings);
  if (!settings) return <Loading what="settings" />;
  return (
    <div className="general">
      <BackupsSection settings={settings} />
      <SummarySection settings={settings} />
      {window.iwasDesktop ? <ThisPcSection settings={settings} /> : null}
    </div>
  );
}

function BackupsSection({ settings }: { settings: Settings }) {
  const [made, setMade] = useState(0);
  const loaded = useLoaded(made, () => api()['backups.list']({}));
  const database = useData((s) => s.status?.database.path);
  const [everyHours, setEveryHours] = useState(String(settings.backups.everyHours));
  const [keep, setKeep] = useState(String(settings.backups.keep));
  const [folder, setFolder] = useState(settings.backups.folder);
  const form = useForm();
  const [running, setRunning] = useState(false);

  const save = () =>
    form.submit(async () => {
      // A number the form cannot read stands in as a valid one, so the core's schema reports only the other problems.
      const own: FieldErrors = {};
      const every = wholeNumber(everyHours);
      if (typeof every === 'object') own['backups.everyHours'] = every.error;
      const k = wholeNumber(keep);
      if (typeof k === 'object') own['backups.keep'] = k.error;
      const backups = { everyHours: typeof every === 'number' ? every : settings.backups.everyHours, keep: typeof k === 'number' ? k : settings.backups.keep, folder: folder.trim() };
      const errors = allErrors(Settings.pick({ backups: true }), { backups }, own);
      if (Object.keys(errors).length) return form.set(errors);
      const saved = await api()['settings.update']({ backups });
      useData.getState().setSettings(saved);
      setMade((n) => n + 1);
      useUi.getState().toast('ok', 'Backup settings saved');
    });
  const runNow = async () => {
    setRunning(true);
    await act(() => api()['backups.run']({}), (b) => `Backed up: ${b.name} (${formatBytes(b.sizeBytes)})`);
    setRunning(false);
    setMade((n) => n + 1);
  };

  return (
    <Section legend="Backups" onSubmit={() => void save()}>
      <p>
        A copy of everything (sales, sessions, settings) is made while the till keeps selling. Copies on another disk or a USB drive survive a broken PC: name that folder below.
      </p>
      <div className="form-grid">
        <Field label="Make a copy every (hours)" error={form.errors['backups.everyHours']}>
          {(p) => <input {...p} inputMode="numeric" value={everyHours} onChange={(e) => setEveryHours(e.target.value)} />}
        </Field>
        <Field label="Keep the newest" error={form.errors['backups.keep']} hint="copies; older ones are removed">
          {(p) => <input {...p} inputMode="numeric" value={keep} onChange={(e) => setKeep(e.target.value)} />}
        </Field>
        <Field label="Folder" error={form.errors['backups.folder']} hint={`Empty: ${loaded.data?.dir ?? 'beside the database'}`}>
          {(p) => <input {...p} className="mono" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="e.g. E:\IWAS backups" />}
        </Field>
      </div>
      <FormError message={form.general} />
      <div className="form-actions">
        <Button kind="plain" busy={running} onClick={() => void runNow()}>
          Back up now
        </Button>
        <Button kind="primary" type="submit" busy={form.busy}>
          Save
        </Button>
      </div>
      <LoadedView loaded={loaded} what="backups">
        {(l) =>
          l.backups.length === 0 ? (
            <Empty title="No backup yet">The first one is made a few seconds after the app starts, then every {settings.backups.everyHours} h.</Empty>
          ) : (
            <table className="plain-table" aria-label="Backups">
              <TableHead columns={['Copy', 'Made', '#Size']} />
              <tbody>
                {l.backups.map((b) => (
                  <tr key={b.name}>
                    <td className="mono">{b.name}</td>
                    <td>{formatTime(b.createdAt)}</td>
                    <td className="num">{formatBytes(b.sizeBytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </LoadedView>
      <p className="muted small">
        To restore: quit IWAS Counter, replace <code>{database ?? 'iwas.sqlite'}</code> with a copy (renamed to <code>iwas.sqlite</code>), delete <code>iwas.sqlite-wal</code> beside it if there is one, and start again.
        {loaded.data?.dir ? (
          <>
            {' '}
            Copies are in <code>{loaded.data.dir}</code>.
          </>
        ) : null}
      </p>
    </Section>
  );
}

function ThisPcSection({ settings }: { settings: Settings }) {
  const printers = useLoaded('printers', async () => unwrap(await window.iwasDesktop!.printers()));
  const info = useLoaded('info', async () => unwrap(await window.iwasDesktop!.info()));
  const [printerName, setPrinterName] = useState(settings.printing.printerName);
  const [silent, setSilent] = useState(settings.printing.silent);
  const [startWithSystem, setStartWithSystem] = useState(settings.desktop.startWithSystem);
  const form = useForm();
  const save = () =>
    form.submit(async () => {
      const saved = await api()['settings.update']({ printing: { printerName, silent }, desktop: { startWithSystem } });
      useData.getState().setSettings(saved);
      useUi.getState().toast('ok', 'Saved for this PC');
    });
  const known = printers.data ?? [];
  return (
    <Section legend="This PC" onSubmit={() => void save()}>
      <div className="form-grid">
        <Field label="Receipt printer" error={form.errors['printing.printerName']} hint={printers.error ? `Printers could not be listed: ${printers.error}` : undefined}>
          {(p) => (
            <select {...p} value={printerName} onChange={(e) => setPrinterName(e.target.value)}>
              <option value="">The system’s default printer</option>
              {known.map((pr) => (
                <option key={pr.name} value={pr.name}>
                  {pr.displayName}
                </option>
              ))}
              {printerName && !known.some((pr) => pr.name === printerName) ? <option value={printerName}>{printerName} (not found now)</option> : null}
            </select>
          )}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={silent} onChange={(e) => setSilent(e.target.checked)} /> Print vouchers straight away (no print dialog)
        </label>
        <label className="checkbox span-2">
          <input type="checkbox" checked={startWithSystem} onChange={(e) => setStartWithSystem(e.target.checked)} /> Start IWAS Counter with this PC (in the tray: the WiFi needs it running)
        </label>
      </div>
      <FormError message={form.general} />
      <div className="form-actions">
        <Button kind="primary" type="submit" busy={form.busy}>
          Save
        </Button>
      </div>
      {info.data ? (
        <p className="muted small">
          IWAS Counter {info.data.version}. Data: <code>{info.data.dataDir}</code>. Logs: <code>{info.data.logsDir}</code>.
        </p>
      ) : null}
    </Section>
  );
}

/** A titled part of the tab that saves on its own (Enter or its Save button). */
function Section({ legend, onSubmit, children }: { legend: string; onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <fieldset>
        <legend>{legend}</legend>
        {children}
      </fieldset>
    </form>
  );
}
