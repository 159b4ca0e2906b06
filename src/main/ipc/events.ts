/** Core events to the window, as they happen (the desktop counterpart of serve mode's SSE stream). */
import { desktopChannels } from '../../shared/methods';
import type { EventBus } from '../events';

/** Sends every core event to the window's page while it exists; returns the unsubscribe function. */
export function forwardEvents(events: EventBus, target: () => { isDestroyed(): boolean; send(channel: string, ...args: unknown[]): void } | null): () => void {
  return events.subscribe((event) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(desktopChannels.event, event);
  });
}
