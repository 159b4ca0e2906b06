/**
 * The café's logo from an uploaded file: a PNG or SVG drawn on a canvas, scaled down to fit
 * the logo's box (600×300 px, aspect kept) and exported as a PNG data URL, the one form
 * Settings keep (the schema checks its size). An SVG is drawn at the box's size: it is
 * vector, so nothing is lost; a PNG is only ever made smaller.
 */
import { LOGO_MAX_PX } from '../../../shared/domain';
import { t } from '../../i18n';
import { displayLocale } from '../../lib/display-locale';

/** Files larger than this are refused before they are read. */
export const LOGO_FILE_MAX_BYTES = 1024 * 1024;

type Kind = 'png' | 'svg';

function kindOf(file: File): Kind | null {
  const name = file.name.toLowerCase();
  if (file.type === 'image/png' || (!file.type && name.endsWith('.png'))) return 'png';
  if (file.type === 'image/svg+xml' || (!file.type && name.endsWith('.svg'))) return 'svg';
  return null;
}

/** The size `w`×`h` scaled to fit the logo's box, aspect kept; `grow`: also scaled up to fill it (vector images). */
export function fitLogo(w: number, h: number, grow: boolean): { width: number; height: number } {
  const scale = Math.min(LOGO_MAX_PX.width / w, LOGO_MAX_PX.height / h, grow ? Infinity : 1);
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/** An SVG's own size (width/height, else its viewBox); null when it says neither. */
function svgSize(text: string): { width: number; height: number } | null {
  const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  if (svg.nodeName !== 'svg') return null;
  const px = (v: string | null) => (v && /^\s*[\d.]+\s*(px)?\s*$/.test(v) ? parseFloat(v) : NaN);
  const width = px(svg.getAttribute('width'));
  const height = px(svg.getAttribute('height'));
  if (width > 0 && height > 0) return { width, height };
  const box = (svg.getAttribute('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  if (box.length === 4 && box[2]! > 0 && box[3]! > 0) return { width: box[2]!, height: box[3]! };
  return null;
}

function load(url: string): Promise<HTMLImageElement> {
  const img = new Image();
  img.src = url;
  return img.decode().then(() => img);
}

/** The logo a file makes, as a PNG data URL; fails with a sentence for the cashier (not a PNG or SVG, over 1 MB, unreadable). */
export async function logoFromFile(file: File): Promise<string> {
  const kind = kindOf(file);
  if (!kind) throw new Error(file.type ? t('settings.logo.notImage', { type: file.type }) : t('settings.logo.otherType'));
  if (file.size > LOGO_FILE_MAX_BYTES) {
    const size = new Intl.NumberFormat(displayLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(file.size / (1024 * 1024));
    throw new Error(t('settings.logo.tooLarge', { size }));
  }
  // An SVG picked by its name alone has no type: the image decoder needs it.
  const svgText = kind === 'svg' ? await file.text() : null;
  const url = URL.createObjectURL(svgText !== null ? new Blob([svgText], { type: 'image/svg+xml' }) : file);
  try {
    let img: HTMLImageElement;
    try {
      img = await load(url);
    } catch {
      throw new Error(t('settings.logo.unreadable', { kind: kind.toUpperCase() }));
    }
    const decoded = img.naturalWidth > 0 && img.naturalHeight > 0 ? { width: img.naturalWidth, height: img.naturalHeight } : null;
    const natural = svgText !== null ? (svgSize(svgText) ?? decoded) : decoded;
    // An SVG that gives no size at all is drawn in the whole box.
    const size = natural ? fitLogo(natural.width, natural.height, kind === 'svg') : { ...LOGO_MAX_PX };
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error(t('settings.logo.noCanvas'));
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(img, 0, 0, size.width, size.height);
    return canvas.toDataURL('image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}
