/**
 * The locale the UI shows dates and times in: the café's (Settings → Money & payments), like
 * its amounts. Its own module so the data store can set it and the formatters read it
 * without either importing the other.
 */

let locale = 'en-PH';

/** Sets the locale for dates and times; the data store calls it whenever settings arrive. */
export function setDisplayLocale(next: string): void {
  locale = next;
}

/** The locale for dates and times ('en-PH' until settings have loaded). */
export function displayLocale(): string {
  return locale;
}
