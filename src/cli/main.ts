/**
 * The Candlelab command line: the engine of `src/core` on Node, headless.
 * `candlelab <command> [flags]` (or `npm run cli -- …`); `<command> --help` for each command.
 * `npm run build` bundles it into one ES module, `dist-cli/candlelab.mjs` (scripts/build-cli.mjs).
 *
 * `run(argv, io)` is the whole program without the process: it returns the exit code and writes
 * only through `io` (and to the files its flags name, relative to `io.cwd`). `main(argv)` runs it
 * on the process's streams.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { backtestCommand } from './commands/backtest';
import { biasCheckCommand } from './commands/bias-check';
import { checkCommand } from './commands/check';
import type { Command } from './commands/command';
import { convertCommand } from './commands/convert';
import { indicatorCommand } from './commands/indicator';
import { mergeCommand } from './commands/merge';
import { metricsCommand } from './commands/metrics';
import { montecarloCommand } from './commands/montecarlo';
import { optimiseCommand } from './commands/optimise';
import { walkforwardCommand } from './commands/walkforward';
import { CliError, Context, EXIT_ERROR, EXIT_OK, messageOf, type CliIo } from './io';

export type { CliIo } from './io';
export { EXIT_OK, EXIT_ERROR, EXIT_DIFFERENCES } from './io';

export const COMMANDS: readonly Command[] = [
  backtestCommand,
  indicatorCommand,
  metricsCommand,
  biasCheckCommand,
  checkCommand,
  convertCommand,
  montecarloCommand,
  optimiseCommand,
  mergeCommand,
  walkforwardCommand,
];

const USAGE = `Usage: candlelab <command> [flags]     (or npm run cli -- <command> [flags]; <command> --help for its flags)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(12)}${c.summary}`).join('\n')}

Exit codes: 0 success, 1 bad input (a message on stderr names the flag and value; no file is
written), 2 bias-check found differences.`;

/** Runs one command line; returns the exit code. */
export function run(argv: readonly string[], io: CliIo): number {
  const ctx = new Context(io);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) {
      io.stderr(`${USAGE}\n`);
      return EXIT_ERROR;
    }
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`error: "${name}" is not a command (known: ${COMMANDS.map((c) => c.name).join(', ')}); see --help\n`);
    return EXIT_ERROR;
  }
  try {
    return command.run(rest, ctx);
  } catch (e) {
    const code = e instanceof CliError ? e.code : EXIT_ERROR;
    io.stderr(`error: ${messageOf(e)}\n`);
    return code;
  }
}

/** Runs `argv` on the process's streams and sets the exit code. */
export function main(argv: readonly string[]): void {
  process.exitCode = run(argv, {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  });
}

/** Whether this module is the process's entry (directly, or through a linked bin). */
function isMainModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) main(process.argv.slice(2));
