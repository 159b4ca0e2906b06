/** The app's version, stamped at build time; "dev" when running from source. */
declare const __IWAS_VERSION__: string | undefined;
export const VERSION: string = typeof __IWAS_VERSION__ === 'string' ? __IWAS_VERSION__ : 'dev';
