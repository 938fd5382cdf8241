/**
 * What a command may touch: its output streams and files (paths relative to `cwd`). Tests inject
 * their own streams and a temporary directory.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Directory that relative paths resolve against (default: the process's). */
  cwd?: string;
}

/** A user error: printed as `error: <message>`, exit code 1 (or `code`). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Exit codes of every command. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
/** bias-check: the strategy's signals differ between truncated and full histories. */
export const EXIT_DIFFERENCES = 2;

/** A command's view of the process. */
export class Context {
  constructor(readonly io: CliIo) {}

  path(p: string): string {
    return isAbsolute(p) ? p : resolve(this.io.cwd ?? process.cwd(), p);
  }

  /** Reads a text file; a failure names the flag and the path. */
  readText(flag: string, p: string): string {
    try {
      return readFileSync(this.path(p), 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(`--${flag}: cannot read "${p}" (${code === 'ENOENT' ? 'no such file' : code ?? String(e)})`);
    }
  }

  /** Writes a text file; a failure names the flag and the path. */
  writeText(flag: string, p: string, text: string): void {
    try {
      writeFileSync(this.path(p), text);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(`--${flag}: cannot write "${p}" (${code ?? String(e)})`);
    }
  }

  out(text: string): void {
    this.io.stdout(text);
  }
}

/** The message of any thrown value. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
