/**
 * Quitting stops the café's RADIUS server: routers cannot log new customers in, and
 * usage is not counted until the app runs again. With customers online it asks first.
 */
export interface QuitQuestion {
  type: 'warning';
  buttons: string[];
  defaultId: number;
  cancelId: number;
  title: string;
  message: string;
  detail: string;
}

/** The question to ask before quitting with `live` sessions (null: quit without asking). */
export function quitQuestion(live: number): QuitQuestion | null {
  if (live === 0) return null;
  return {
    type: 'warning',
    buttons: ['Keep running', 'Quit anyway'],
    defaultId: 0,
    cancelId: 0,
    title: 'Quit IWAS Counter?',
    message: `${live} customer${live === 1 ? ' is' : 's are'} online or waiting to log in.`,
    detail:
      'While IWAS Counter is closed, the routers cannot log anyone in and usage is not counted; customers already online keep the limits their router was given. Closing the window instead keeps it running in the tray.',
  };
}

/** Asks (when there is anything to ask); true when quitting may go ahead. */
export async function confirmQuit(live: number, ask: (q: QuitQuestion) => Promise<{ response: number }>): Promise<boolean> {
  const q = quitQuestion(live);
  if (!q) return true;
  return (await ask(q)).response === 1;
}
