/**
 * The bridge between the window's page and the app: one named function per contract
 * method (each on its own channel), the event subscription, printing and the printer
 * list. Nothing generic (no "invoke any channel"), no ipcRenderer, no Node.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelOf, desktopChannels, methodList, type MethodListed } from '../shared/methods';

type Call = (input: unknown, operatorToken: string | null) => Promise<unknown>;

const methods = Object.fromEntries(methodList.map((m) => [m, ((input, operatorToken) => ipcRenderer.invoke(channelOf(m), input, operatorToken)) satisfies Call])) as Record<MethodListed, Call>;

contextBridge.exposeInMainWorld('iwas', {
  ...methods,
  events: {
    /** Core events as they happen; returns the function that stops them. */
    subscribe(listener: (event: unknown) => void): () => void {
      const handler = (_e: IpcRendererEvent, event: unknown) => listener(event);
      ipcRenderer.on(desktopChannels.event, handler);
      return () => ipcRenderer.removeListener(desktopChannels.event, handler);
    },
  },
});

contextBridge.exposeInMainWorld('iwasDesktop', {
  /** The receipt roll ({ widthMm }) or an A4 sheet of voucher cards ({ pageSize: 'A4' }). */
  print: (options: { widthMm: 58 | 80 } | { pageSize: 'A4' }) => ipcRenderer.invoke(desktopChannels.print, options),
  printers: () => ipcRenderer.invoke(desktopChannels.printers),
  info: () => ipcRenderer.invoke(desktopChannels.info),
});
