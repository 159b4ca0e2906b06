import { useState } from 'react';
import { contract } from '../../../shared/contract';
import { Settings, type SummaryStatus } from '../../../shared/domain';
import { Button } from '../../components/button';
import { Field, FormError, useForm } from '../../components/field';
import { LoadedView } from '../../components/loaded-view';
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
      useUi.getState().toast('ok', 'Daily summary settings saved');
    });
  const sendNow = async () => {
    setSending(true);
    await act(
      () => api()['summary.sendNow']({}),
      (st) => `Summary written: ${st.lastFile ?? ''}${st.sendsPending ? '; sending to Telegram…' : ''}`,
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
        <legend>Daily summary</legend>
        <p>At closing time each day, the day’s takings (since the last closing, so a sale after closing is in the next day’s) are written to a text file, and sent to your Telegram if you like. If the till is not running at closing time, it is done when it starts again.</p>
        <div className="form-grid">
          <label className="checkbox span-2">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Make a summary every day at closing time
          </label>
          <Field label="Closing time" error={form.errors['summary.closingTime']} hint="The till’s clock, 24-hour">
            {(p) => <input {...p} type="time" value={closingTime} onChange={(e) => setClosingTime(e.target.value)} />}
          </Field>
          <Field label="Folder" error={form.errors['summary.folder']} hint={`Empty: ${loaded.data?.dir ?? 'beside the database'}`}>
            {(p) => <input {...p} className="mono" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="e.g. D:\IWAS summaries" />}
          </Field>
          <label className="checkbox span-2">
            <input type="checkbox" checked={telegram} onChange={(e) => setTelegram(e.target.checked)} /> Also send it to a Telegram chat (through your own bot)
          </label>
          <Field label="Telegram chat id" error={form.errors['summary.telegram.chatId']} hint="Your chat’s number (groups start with -100) or @channelname">
            {(p) => <input {...p} className="mono" value={chatId} onChange={(e) => setChatId(e.target.value)} placeholder="e.g. 123456789" />}
          </Field>
          <LoadedView loaded={loaded} what="the bot token">
            {(st) => <BotToken set={st.telegramTokenSet} onChange={() => setChanged((n) => n + 1)} />}
          </LoadedView>
        </div>
        <FormError message={form.general} />
        <div className="form-actions">
          <Button kind="plain" busy={sending} onClick={() => void sendNow()}>
            Send today’s summary now
          </Button>
          <Button kind="primary" type="submit" busy={form.busy}>
            Save
          </Button>
        </div>
        {loaded.data ? <SummaryLine status={loaded.data} /> : null}
      </fieldset>
    </form>
  );
}

/** The bot token, write-only: "set" or "not set", Replace (a new one typed in) and Remove. Enter saves the token, not the form around it. */
function BotToken({ set, onChange }: { set: boolean; onChange: () => void }) {
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
      useUi.getState().toast('ok', value === null ? 'Bot token removed' : 'Bot token saved');
    });

  if (!editing) {
    return (
      <div className="field summary-token">
        <span className="field-label">Telegram bot token</span>
        <div className="summary-token-row">
          <span aria-label="Telegram bot token">{set ? 'set' : 'not set'}</span>
          <Button kind="ghost" size="sm" onClick={() => setEditing(true)}>
            {set ? 'Replace…' : 'Enter…'}
          </Button>
          {set ? (
            <Button kind="ghost" size="sm" busy={form.busy} onClick={() => void store(null)}>
              Remove
            </Button>
          ) : null}
        </div>
        <FormError message={form.general} />
      </div>
    );
  }
  return (
    <div className="summary-token">
      <Field label="Telegram bot token" error={form.errors.token} hint="From @BotFather; it is stored sealed and never shown again">
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
          Save token
        </Button>
        <Button kind="ghost" size="sm" onClick={() => setEditing(false)}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

/** How the summary went: last written, last sent, what is waiting, the last error. */
function SummaryLine({ status: st }: { status: SummaryStatus }) {
  return (
    <p className="muted small summary-status" aria-label="Daily summary status">
      {st.lastWrittenAt ? `Last written ${formatTime(st.lastWrittenAt)}${st.lastFile ? ` (${st.lastFile})` : ''}.` : 'None written yet.'}
      {st.lastSentAt ? ` Last sent to Telegram ${formatTime(st.lastSentAt)}.` : ''}
      {st.sendsPending ? ` ${st.sendsPending} waiting to be sent${st.nextAttemptAt ? `, next try ${formatTime(st.nextAttemptAt)}` : ''}.` : ''}
      {st.nextDueAt ? ` Next summary ${formatTime(st.nextDueAt)}.` : ' Turned off.'}
      {st.lastError ? (
        <span className="form-error" role="alert">
          {' '}
          {st.lastError}
        </span>
      ) : null}
    </p>
  );
}
