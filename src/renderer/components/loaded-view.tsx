import type { ReactNode } from 'react';
import type { Paged } from '../lib/use-paged';
import { Button } from './button';
import { Failed, Loading } from './states';
import { useT } from '../i18n';

/** A loaded list's states in one place: failed (with Try again), loading, empty, or the list, and "Show older" while there is more. */
export function PagedView<T>({ paged, what, empty, children }: { paged: Paged<T>; what: string; empty: ReactNode; children: (items: T[]) => ReactNode }) {
  const t = useT();
  if (paged.error) return <Failed message={paged.error} retry={paged.reload} />;
  if (!paged.items) return <Loading what={what} />;
  if (paged.items.length === 0) return <>{empty}</>;
  return (
    <div className="scroll-table">
      {children(paged.items)}
      {paged.hasMore ? (
        <Button kind="plain" busy={paged.loading} onClick={paged.more}>
          {t('components.showOlder')}
        </Button>
      ) : null}
    </div>
  );
}

/** Failed (with Try again) or loading until the data is there. */
export function LoadedView<T>({ loaded, what, children }: { loaded: { data: T | null; error: string | null; reload(): void }; what: string; children: (data: T) => ReactNode }) {
  if (loaded.data === null) return loaded.error ? <Failed message={loaded.error} retry={loaded.reload} /> : <Loading what={what} />;
  return <>{children(loaded.data)}</>;
}
