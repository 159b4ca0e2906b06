import { useState } from 'react';
import type { MethodOutput } from '../../shared/contract';
import { reportError } from '../lib/sync';
import { api } from '../stores/sign-in';
import { SlipDialog } from './slip-dialog';

type Reprinted = MethodOutput<'sales.reprint'>;

/**
 * "Reprint slip" for a sale: the core records the reprint (audit log) and returns the slip,
 * which is shown and printed marked REPRINT. `slip` is the dialog to render (outside any
 * list that reloads, so a pushed update does not close it while it prints).
 */
export function useReprint() {
  const [reprinted, setReprinted] = useState<Reprinted | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const reprint = async (saleId: number) => {
    if (busy !== null) return;
    setBusy(saleId);
    try {
      setReprinted(await api()['sales.reprint']({ saleId }));
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(null);
    }
  };
  const slip = reprinted ? <SlipDialog sale={reprinted.sale} session={reprinted.session} print reprint={{ at: reprinted.reprintedAt, operatorName: reprinted.operatorName }} onClose={() => setReprinted(null)} /> : null;
  return { reprint, busy, slip };
}
