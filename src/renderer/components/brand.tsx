import type { CSSProperties, ReactNode } from 'react';
import type { Settings } from '../../shared/domain';
import { useT } from '../i18n';
import './brand.css';

export interface BrandProps {
  /** The café's name and branding (Settings `cafe` and `branding`). */
  settings: Pick<Settings, 'cafe' | 'branding'>;
  /** How wide the paper or card is, in mm: the logo takes at most about 70 % of it (40 mm on 58 mm paper). */
  widthMm: number;
  /** Also print "WiFi: <SSID>" under the name (only when an SSID is set). */
  ssid?: boolean | undefined;
  /** Lines under the name (e.g. the receipt header). */
  children?: ReactNode;
}

/** The café's logo (grey, as a thermal printer prints it) over its name, and optionally the WiFi name: the top of slips, cards and shift reports. */
export function Brand({ settings, widthMm, ssid, children }: BrandProps) {
  const t = useT();
  const { logo } = settings.branding;
  const wifi = settings.branding.ssid;
  const style = { '--brand-logo-w': `${(widthMm * 0.69).toFixed(1)}mm`, '--brand-logo-h': `${(widthMm * 0.35).toFixed(1)}mm` } as CSSProperties;
  return (
    <div className="print-brand" style={style}>
      {logo ? <img className="print-brand-logo" src={logo} alt={t('components.brand.logoAlt', { cafe: settings.cafe.name })} /> : null}
      <strong className="print-brand-name">{settings.cafe.name}</strong>
      {children}
      {/* i18n-ignore: "WiFi" is the same word everywhere, the name is the network's own */}
      {ssid && wifi ? <div className="print-brand-ssid">WiFi: {wifi}</div> : null}
    </div>
  );
}

/** "WiFi: <SSID>" and the café's how-to-connect line, for next to a voucher's code or QR; nothing when neither is set. */
export function WifiHelp({ branding }: { branding: Settings['branding'] }) {
  if (!branding.ssid && !branding.howToConnect) return null;
  return (
    <div className="print-brand-wifi">
      {/* i18n-ignore: "WiFi" is the same word everywhere */}
      {branding.ssid ? <div className="print-brand-ssid">WiFi: {branding.ssid}</div> : null}
      {branding.howToConnect ? <div className="print-brand-connect">{branding.howToConnect}</div> : null}
    </div>
  );
}
