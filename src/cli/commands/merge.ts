/** `merge`: combines the shard files of one `optimise --shard i/n` run into the whole run's file. */
import { resolveRequestStrategy } from '../../core/backtest/request';
import { OptimisationSession, mergeResults, type OptimiserConfig } from '../../core/robustness';
import { all, optional, parseArgs, required } from '../args';
import { CliError, EXIT_OK, messageOf, type Context } from '../io';
import type { Command } from './command';
import { bestLine, summaryJson } from './optimise';

const FLAGS = { in: { type: 'string', repeat: true }, out: { type: 'string' }, summary: { type: 'string' } } as const;

const USAGE = `Usage: candlelab merge --in <shard1.jsonl> --in <shard2.jsonl> … --out <results.jsonl> [--summary <summary.json>]

Checks that the files are the n shards of one optimise run (same configuration, shards 1..n each
once, every evaluation once) and writes the whole run's results file: byte for byte what the
unsharded run writes. --summary also writes the best result, PBO, Deflated Sharpe Ratio and
stability, as optimise --summary does.`;

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'combine the shard files of an optimise run into one results file',
  usage: USAGE,
  run(argv: readonly string[], ctx: Context): number {
    const args = parseArgs(argv, FLAGS, 'merge');
    if (args.help) {
      ctx.out(`${USAGE}\n`);
      return EXIT_OK;
    }
    const out = required(args, 'out');
    const files = all(args, 'in').map((name) => ({ name, text: ctx.readText('in', name) }));
    let merged: ReturnType<typeof mergeResults>;
    try {
      merged = mergeResults(files);
    } catch (e) {
      throw new CliError(/^--in/.test(messageOf(e)) ? messageOf(e) : `--in ${messageOf(e)}`);
    }
    const run = merged.header.run as { strategy: { name: string; params: Record<string, number | string | boolean> }; optimiser: OptimiserConfig; from: number | null; to: number | null };
    const strategy = resolveRequestStrategy({ name: run.strategy.name, params: run.strategy.params }).strategy;
    const session = new OptimisationSession(strategy, { optimiser: run.optimiser, from: run.from, to: run.to, holdoutFrom: null }, merged.evaluations);
    const s = session.summary();
    ctx.writeText('out', out, merged.text);
    let text = `merged ${files.length} shards: ${merged.evaluations.length} evaluations\n${bestLine(s.best)}PBO            ${s.overfitting.pboVerdict.text}\nDSR            ${s.overfitting.dsrVerdict.text}\n`;
    const summaryPath = optional(args, 'summary');
    if (summaryPath !== undefined) {
      ctx.writeText('summary', summaryPath, summaryJson(s, merged.evaluations));
      text += `wrote ${summaryPath}\n`;
    }
    ctx.out(`${text}wrote ${out}\n`);
    return EXIT_OK;
  },
};
