import type { Context } from '../io';

/** One CLI command. `run` returns the exit code; user errors are thrown as `CliError`. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  usage: string;
  run(argv: readonly string[], ctx: Context): number;
}
