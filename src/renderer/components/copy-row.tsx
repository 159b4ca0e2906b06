import { copyText } from '../lib/clipboard';
import { Button } from './button';
import { useT } from '../i18n';

/** A value to give someone (an address, a key) and its Copy button; `what` names it in the "copied" notice. */
export function CopyRow({ text, what }: { text: string; what: string }) {
  const t = useT();
  return (
    <div className="copy-row">
      <code>{text}</code>
      <Button kind="ghost" size="sm" onClick={() => void copyText(text, what)} aria-label={t('routers.copyRow.label', { text })}>
        {t('common.copy')}
      </Button>
    </div>
  );
}
