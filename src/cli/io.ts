/**
 * What a command may touch: its output streams and files (paths relative to `cwd`). Tests inject
 * their own streams and a temporary directory.
 */
import { closeSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** Bytes read from a file at a time by {@link Context.readPieces}. */
export const READ_CHUNK_BYTES = 1 << 20;

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
      throw readError(flag, p, e);
    }
  }

  /**
   * Reads a UTF-8 text file in pieces of at most `chunkBytes` bytes (characters are never split),
   * so that a file of any size is read in bounded memory; a failure names the flag and the path.
   */
  readPieces(flag: string, p: string, onPiece: (text: string) => void, chunkBytes = READ_CHUNK_BYTES): void {
    let fd: number;
    try {
      fd = openSync(this.path(p), 'r');
    } catch (e) {
      throw readError(flag, p, e);
    }
    try {
      const buf = Buffer.allocUnsafe(chunkBytes);
      const decoder = new StringDecoder('utf8');
      for (;;) {
        let n: number;
        try {
          n = readSync(fd, buf, 0, chunkBytes, null);
        } catch (e) {
          throw readError(flag, p, e);
        }
        if (n === 0) break;
        const text = decoder.write(buf.subarray(0, n));
        if (text !== '') onPiece(text);
      }
      const rest = decoder.end();
      if (rest !== '') onPiece(rest);
    } finally {
      closeSync(fd);
    }
  }

  /** Writes a text file; a failure names the flag and the path. */
  writeText(flag: string, p: string, text: string): void {
    try {
      writeFileSync(this.path(p), text);
    } catch (e) {
      throw writeError(flag, p, e);
    }
  }

  /**
   * Writes a file piece by piece: `fill` calls `write` for each piece. On any failure the partial
   * file is removed and the error names the flag and the path.
   */
  writePieces(flag: string, p: string, fill: (write: (text: string) => void) => void): void {
    const full = this.path(p);
    let fd: number;
    try {
      fd = openSync(full, 'w');
    } catch (e) {
      throw writeError(flag, p, e);
    }
    let ok = false;
    try {
      fill((text) => {
        try {
          writeSync(fd, text);
        } catch (e) {
          throw writeError(flag, p, e);
        }
      });
      ok = true;
    } finally {
      closeSync(fd);
      if (!ok) rmSync(full, { force: true });
    }
  }

  out(text: string): void {
    this.io.stdout(text);
  }

  /** A warning on stderr: `warning: <text>` (the text ends with a newline or gets one). */
  warn(text: string): void {
    this.io.stderr(`warning: ${text}${text.endsWith('\n') ? '' : '\n'}`);
  }
}

function readError(flag: string, p: string, e: unknown): CliError {
  const code = (e as NodeJS.ErrnoException).code;
  return new CliError(`--${flag}: cannot read "${p}" (${code === 'ENOENT' ? 'no such file' : code ?? String(e)})`);
}

function writeError(flag: string, p: string, e: unknown): CliError {
  if (e instanceof CliError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  return new CliError(`--${flag}: cannot write "${p}" (${code ?? String(e)})`);
}

/** The message of any thrown value. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
