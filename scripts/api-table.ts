// Prints the README's API method table from the contract: `npx tsx scripts/api-table.ts`.
import { contract, methodNames } from '../src/shared/contract';

console.log('| method | who | what it does |');
console.log('|---|---|---|');
for (const m of methodNames) console.log(`| \`${m}\` | ${contract[m].allowed} | ${contract[m].summary} |`);
