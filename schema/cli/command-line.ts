/**
 * What the project's command-line tools (`npm run registry`, `npm run webhooks`) share: their exit
 * codes, where they write, how a usage error is told from a failure, and how each runs as a program.
 */

export const EXIT = { OK: 0, REFUSED: 1, USAGE: 2, FAILURE: 3 } as const;

/** A command line the tool cannot run: answered with the message, the usage text and EXIT.USAGE. */
export class UsageError extends Error {}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

export function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`--${flag} is required`);
  return value;
}

/** A UsageError, or node:util parseArgs refusing an option. */
export function isUsageError(error: unknown): error is Error {
  return error instanceof UsageError || (error instanceof TypeError && ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') ?? false));
}

/** When `program` is the module node was started with: runs `run` on the arguments and exits with its code. */
export function runAsProgram(program: NodeModule, run: (argv: readonly string[]) => Promise<number>): void {
  if (require.main !== program) return;
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
