/**
 * Voucher cards in the browser: open a batch's print preview from the Batches screen and
 * read back what would go to the printer (#print-root). For the batches tests and for a
 * benchmark of rendering a 2,000-card sheet.
 */
import type { Page } from 'playwright-core';

/** What #print-root holds: A4 pages (or a roll), the cards on each page, every card's code in print order. */
export interface SheetContents {
  pages: number;
  cardsPerPage: number[];
  codes: string[];
}

/** Reads the printout in #print-root (the sheet or the roll being printed). */
export function printedCards(page: Page): Promise<SheetContents> {
  return page.evaluate<SheetContents>(`(() => {
    const root = document.getElementById('print-root');
    const pages = [...root.querySelectorAll('.sheet-page')];
    return {
      pages: pages.length,
      cardsPerPage: pages.map((p) => p.querySelectorAll('.vcard').length),
      codes: [...root.querySelectorAll('[data-code]')].map((c) => c.querySelector('.vcard-secret b').textContent),
    };
  })()`);
}

/**
 * On the Batches screen (F8, signed in as an admin): opens batch `batchId`'s print preview
 * ("Print again") on `paper` and waits until every one of its `cards` unused cards is
 * rendered for the printer, QR codes included. Returns how long that took from the click (ms).
 */
export async function openBatchPrint(page: Page, batchId: number, cards: number, paper: 'a4' | 'roll' = 'a4', timeoutMs = 60_000): Promise<number> {
  const row = page.locator(`tr[data-batch="${batchId}"]`);
  await row.waitFor();
  const started = Date.now();
  await row.getByRole('button', { name: 'Print again' }).click();
  const dialog = page.getByRole('dialog', { name: `Print batch #${batchId}` });
  await dialog.waitFor();
  if (paper === 'roll') await dialog.getByRole('tab', { name: /Receipt roll/ }).click();
  // (Polled with evaluate: waitForFunction's string form is an eval the page's CSP refuses.)
  while ((await page.evaluate("document.querySelectorAll('#print-root [data-code]').length")) !== cards) {
    if (Date.now() - started > timeoutMs) throw new Error(`cards: ${cards} cards not rendered for the printer after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  // The preview is painted too (a frame after the printout is there).
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  return Date.now() - started;
}
