// How every command-line tool ends: exit 0/1 from its main, 2 for a bad command line or configuration, 1 on a crash.
import { ConfigError } from '../config.ts';

/** A bad command line: printed with the tool's usage, exit code 2. */
export class UsageError extends Error {}

/**
 * Runs a tool's `main` and exits with its code; a {@link UsageError} prints `usage`, a ConfigError its lines.
 * @example runCli('seed', USAGE, () => main(process.argv.slice(2)));
 */
export function runCli(name: string, usage: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof UsageError) {
        console.error(`${name}: ${err.message}\n\n${usage}`);
        process.exit(2);
      }
      if (err instanceof ConfigError) {
        console.error(err.message);
        process.exit(2);
      }
      console.error(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
}
