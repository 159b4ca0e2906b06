/** The migrations this build ships, in order. Append only; never edit one that has shipped. */
import type { Migration } from './migrate';
import initial from './migrations/0001-initial';

export const migrations: readonly Migration[] = [{ version: 1, name: '0001-initial', sql: initial }];
