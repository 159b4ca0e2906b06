import { useState } from 'react';
import { contract } from '../../../shared/contract';
import { Settings, type SummaryStatus } from '../../../shared/domain';
import { Button } from '../../components/button';
import { Field, FormError, useForm } from '../../components/field';
import { LoadedView } from '../../components/loaded-view';
import { useT } from '../../i18n';
import { formatTime } from '../../lib/format';
import { act } from '../../lib/sync';
import { useLoaded } from '../../lib/use-loaded';
import { allErrors, schemaErrors } from '../../lib/validate';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import './summary-section.css';

/** The owner's daily summary: closing time, folder, Telegram (chat id here, the bot token write-only), "Send now", and how it went. */
export function SummarySection({ settings }: { settings: Settings }) {
  const t = useT();
  const [changed, setChanged] = useState(0);
  const loaded = useLoaded(changed, () => api()['summary.status']({}), 10_000);
  const s = settings.summary;
  const [enabled, setEnabled] = useState(s.enabled);
  const [closingTime, setClosingTime] = useState(s.closingTime);
  const [folder, setFolder] = useState(s.folder);
  const [telegram, setTelegram] = useState(s.telegram.enabled);
  const [chatId, setChatId] = useState(s.telegram.chatId);
  const form = useForm();
  const [sending, setSending] = useState(false);

  const save = () =>
    form.submit(async () => {
      const summary = { enabled, closingTime, folder: folder.trim(), telegram: { enabled: telegram, chatId: chatId.trim() } };
      const errors = allErrors(Settings.pick({ summary: true }), { summary }, {});
      if (Object.keys(errors).length) return form.set(errors);
      const saved = await api()['settings.update']({ summary });
      useData.getState().setSettings(saved);
      setChanged((n) => n + 1);
      useUi.getState().toast('ok', t('settings.summary.saved'));
    });
  const sendNow = async () => {
    setSending(true);
    await act(
      () => api()['summary.sendNow']({}),
      (st) => t(st.sendsPending ? 'settings.summary.writtenSending' : 'settings.summary.written', { file: st.lastFile ?? '' }),
    );
    setSending(false);
    setChanged((n) => n + 1);
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset>
        <legend>{t('settings.summary.title')}</legend>
        <p>{t('settings.summary.intro')}</p>
        <div className="form-grid">
          <label className="checkbox span-2">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t('settings.summary.enabled')}
          </label>
          <Field label={t('settings.summary.closingTime')} error={form.errors['summary.closingTime']} hint={t('settings.summary.closingTimeHint')}>
            {(p) => <input {...p} type="time" value={closingTime} onChange={(e) => setClosingTime(e.target.value)} />}
          </Field>
          <Field label={t('settings.folder')} error={form.errors['summary.folder']} hint={t('settings.folderEmpty', { dir: loaded.data?.dir ?? t('settings.besideDatabase') })}>
            {(p) => <input {...p} className="mono" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder={t('settings.summary.folderExample')} />}
          </Field>
          <label className="checkbox span-2">
            <input type="checkbox" checked={telegram} onChange={(e) => setTelegram(e.target.checked)} /> {t('settings.summary.telegram')}
          </label>
          <Field label={t('settings.summary.chatId')} error={form.errors['summary.telegram.chatId']} hint={t('settings.summary.chatIdHint')}>
            {(p) => <input {...p} className="mono" value={chatId} onChange={(e) => setChatId(e.target.value)} placeholder={t('settings.summary.chatIdExample')} />}
          </Field>
          <LoadedView loaded={loaded} what={t('settings.what.botToken')}>
            {(st) => <BotToken set={st.telegramTokenSet} onChange={() => setChanged((n) => n + 1)} />}
          </LoadedView>
        </div>
        <FormError message={form.general} />
        <div className="form-actions">
          <Button kind="plain" busy={sending} onClick={() => void sendNow()}>
            {t('settings.summary.sendNow')}
          </Button>
          <Button kind="primary" type="submit" busy={form.busy}>
            {t('common.save')}
          </Button>
        </div>
        {loaded.data ? <SummaryLine status={loaded.data} /> : null}
      </fieldset>
    </form>
  );
}

/** The bot token, write-only: "set" or "not set", Replace (a new one typed in) and Remove. Enter saves the token, not the form around it. */
function BotToken({ set, onChange }: { set: boolean; onChange: () => void }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [token, setToken] = useState('');
  const form = useForm();
  const store = (value: string | null) =>
    form.submit(async () => {
      const input = { token: value };
      const errors = schemaErrors(contract['summary.setTelegramToken'].input, input);
      if (Object.keys(errors).length) return form.set(errors);
      await api()['summary.setTelegramToken'](input);
      setEditing(false);
      setToken('');
      onChange();
      useUi.getState().toast('ok', t(value === null ? 'settings.summary.tokenRemoved' : 'settings.summary.tokenSaved'));
    });

  if (!editing) {
    return (
      <div className="field summary-token">
        <span className="field-label">{t('settings.summary.token')}</span>
        <div className="summary-token-row">
          <span aria-label={t('settings.summary.token')}>{t(set ? 'settings.summary.tokenSet' : 'settings.summary.tokenNotSet')}</span>
          <Button kind="ghost" size="sm" onClick={() => setEditing(true)}>
            {t(set ? 'settings.summary.replace' : 'settings.summary.enter')}
          </Button>
          {set ? (
            <Button kind="ghost" size="sm" busy={form.busy} onClick={() => void store(null)}>
              {t('common.remove')}
            </Button>
          ) : null}
        </div>
        <FormError message={form.general} />
      </div>
    );
  }
  return (
    <div className="summary-token">
      <Field label={t('settings.summary.token')} error={form.errors.token} hint={t('settings.summary.tokenHint')}>
        {(p) => (
          <input
            {...p}
            className="mono"
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              void store(token.trim());
            }}
          />
        )}
      </Field>
      <div className="summary-token-row">
        <Button kind="primary" size="sm" busy={form.busy} onClick={() => void store(token.trim())}>
          {t('settings.summary.saveToken')}
        </Button>
        <Button kind="ghost" size="sm" onClick={() => setEditing(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </div>
  );
}

/** How the summary went: last written, last sent, what is waiting, the last error. */
function SummaryLine({ status: st }: { status: SummaryStatus }) {
  const t = useT();
  // One sentence each, in this order, a space between them.
  const sentences = [
    st.lastWrittenAt ? (st.lastFile ? t('settings.summary.lastWrittenFile', { time: formatTime(st.lastWrittenAt), file: st.lastFile }) : t('settings.summary.lastWritten', { time: formatTime(st.lastWrittenAt) })) : t('settings.summary.noneWritten'),
    st.lastSentAt ? t('settings.summary.lastSent', { time: formatTime(st.lastSentAt) }) : null,
    st.sendsPending ? (st.nextAttemptAt ? t('settings.summary.pendingNext', { count: st.sendsPending, time: formatTime(st.nextAttemptAt) }) : t('settings.summary.pending', { count: st.sendsPending })) : null,
    st.nextDueAt ? t('settings.summary.next', { time: formatTime(st.nextDueAt) }) : t('settings.summary.off'),
  ];
  return (
    <p className="muted small summary-status" aria-label={t('settings.summary.status')}>
      {sentences.filter((x) => x !== null).join(' ')}
      {st.lastError ? (
        <span className="form-error" role="alert">
          {' '}
          {st.lastError}
        </span>
      ) : null}
    </p>
  );
}
