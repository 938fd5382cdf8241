/** Running the CLI in-process for tests: captured output and a fresh temporary directory. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one command line with `cwd` as the directory relative paths resolve against. */
export function runCli(argv: readonly string[], cwd: string): CliRun {
  let stdout = '';
  let stderr = '';
  const code = run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

/** A new empty temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'candlelab-cli-'));
}
