/** Copies text for pasting into the PC manager or the router (falls back to the old way on plain-http LAN pages). */
import { useUi } from '../stores/ui';
import { t } from '../i18n';

export async function copyText(text: string, what: string): Promise<void> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
    } else {
      const area = document.createElement('textarea');
      area.value = text;
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand('copy');
      area.remove();
      if (!ok) throw new Error('copy refused');
    }
    useUi.getState().toast('ok', t('components.copied', { what }));
  } catch {
    useUi.getState().toast('error', t('components.copyFailed', { what: what.toLowerCase() }));
  }
}
