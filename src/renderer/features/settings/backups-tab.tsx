import { useState, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { Settings } from '../../../shared/domain';
import type { FieldErrors } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';
import { Button } from '../../components/button';
import { Field, FormError, useForm } from '../../components/field';
import { LoadedView } from '../../components/loaded-view';
import { Empty, Loading } from '../../components/states';
import { TableHead } from '../../components/table-head';
import { useT, type MessageId } from '../../i18n';
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
  const t = useT();
  const settings = useData((s) => s.settings);
  if (!settings) return <Loading what={t('settings.what.settings')} />;
  return (
    <div className="general">
      <BackupsSection settings={settings} />
      <SummarySection settings={settings} />
      {window.iwasDesktop ? <ThisPcSection settings={settings} /> : null}
    </div>
  );
}

function BackupsSection({ settings }: { settings: Settings }) {
  const t = useT();
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
      useUi.getState().toast('ok', t('settings.backups.saved'));
    });
  const runNow = async () => {
    setRunning(true);
    await act(() => api()['backups.run']({}), (b) => t('settings.backups.done', { name: b.name, size: formatBytes(b.sizeBytes) }));
    setRunning(false);
    setMade((n) => n + 1);
  };

  return (
    <Section legend={t('settings.backups.title')} onSubmit={() => void save()}>
      <p>{t('settings.backups.intro')}</p>
      <div className="form-grid">
        <Field label={t('settings.backups.every')} error={form.errors['backups.everyHours']}>
          {(p) => <input {...p} inputMode="numeric" value={everyHours} onChange={(e) => setEveryHours(e.target.value)} />}
        </Field>
        <Field label={t('settings.backups.keep')} error={form.errors['backups.keep']} hint={t('settings.backups.keepHint')}>
          {(p) => <input {...p} inputMode="numeric" value={keep} onChange={(e) => setKeep(e.target.value)} />}
        </Field>
        <Field label={t('settings.folder')} error={form.errors['backups.folder']} hint={t('settings.folderEmpty', { dir: loaded.data?.dir ?? t('settings.besideDatabase') })}>
          {(p) => <input {...p} className="mono" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder={t('settings.backups.folderExample')} />}
        </Field>
      </div>
      <FormError message={form.general} />
      <div className="form-actions">
        <Button kind="plain" busy={running} onClick={() => void runNow()}>
          {t('settings.backups.now')}
        </Button>
        <Button kind="primary" type="submit" busy={form.busy}>
          {t('common.save')}
        </Button>
      </div>
      <LoadedView loaded={loaded} what={t('settings.what.backups')}>
        {(l) =>
          l.backups.length === 0 ? (
            <Empty title={t('settings.backups.empty')}>{t('settings.backups.emptyText', { hours: settings.backups.everyHours })}</Empty>
          ) : (
            <table className="plain-table" aria-label={t('settings.backups.title')}>
              <TableHead columns={[t('settings.backups.copy'), t('settings.backups.made'), `#${t('settings.backups.size')}`]} />
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
        <Rich id="settings.backups.restore" values={{ database: database ?? 'iwas.sqlite' }} />
        {loaded.data?.dir ? (
          <>
            {' '}
            <Rich id="settings.backups.copiesIn" values={{ dir: loaded.data.dir }} />
          </>
        ) : null}
      </p>
    </Section>
  );
}

function ThisPcSection({ settings }: { settings: Settings }) {
  const t = useT();
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
      useUi.getState().toast('ok', t('settings.thisPc.saved'));
    });
  const known = printers.data ?? [];
  return (
    <Section legend={t('settings.thisPc.title')} onSubmit={() => void save()}>
      <div className="form-grid">
        <Field label={t('settings.thisPc.printer')} error={form.errors['printing.printerName']} hint={printers.error ? t('settings.thisPc.printersFailed', { error: printers.error }) : undefined}>
          {(p) => (
            <select {...p} value={printerName} onChange={(e) => setPrinterName(e.target.value)}>
              <option value="">{t('settings.thisPc.defaultPrinter')}</option>
              {known.map((pr) => (
                <option key={pr.name} value={pr.name}>
                  {pr.displayName}
                </option>
              ))}
              {printerName && !known.some((pr) => pr.name === printerName) ? <option value={printerName}>{t('settings.thisPc.notFound', { name: printerName })}</option> : null}
            </select>
          )}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={silent} onChange={(e) => setSilent(e.target.checked)} /> {t('settings.thisPc.silent')}
        </label>
        <label className="checkbox span-2">
          <input type="checkbox" checked={startWithSystem} onChange={(e) => setStartWithSystem(e.target.checked)} /> {t('settings.thisPc.startWithSystem')}
        </label>
      </div>
      <FormError message={form.general} />
      <div className="form-actions">
        <Button kind="primary" type="submit" busy={form.busy}>
          {t('common.save')}
        </Button>
      </div>
      {info.data ? (
        <p className="muted small">
          <Rich id="settings.thisPc.info" values={{ version: info.data.version, dataDir: info.data.dataDir, logsDir: info.data.logsDir }} />
        </p>
      ) : null}
    </Section>
  );
}

/** A message with <code>…</code> in it (file names, folders), shown as code. */
function Rich({ id, values }: { id: MessageId; values: Record<string, string> }) {
  return <FormattedMessage id={id} values={{ ...values, code: (chunks) => <code>{chunks}</code> }} />;
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
