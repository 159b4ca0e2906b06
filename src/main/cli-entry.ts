/** The `iwas` program: runs the CLI and exits with its code. */
import { main } from './cli';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`iwas: ${String(err)}\n`);
    process.exit(1);
  },
);
