/**
 * `paper`: the paper bot's own code (`src/core/paper`) over candle CSVs with a simulated clock;
 * writes the account's trades and decisions, its final balance, and the SYSTEM trades as
 * canonical JSON. With the account's risk limits relaxed its trades equal `backtest`'s.
 */
import { canonicalJson } from '../../core/backtest/request';
import { formatMetric, computeTradeMetrics } from '../../core/metrics';
import { accountSettings, checkInitialBalance, type PaperAccountSettings } from '../../core/paper/account';
import { runPaperReplay, type PaperReplayResult, type PaperReplaySeries } from '../../core/paper/replay';
import { DECISIONS } from '../../core/paper/types';
import { moneyText } from '../../core/paper/decision-log';
import { Money } from '../../core/paper/money';
import { optional, parseArgs, required, type FlagSpecs } from '../args';
import { CliError, EXIT_OK, messageOf, type Context } from '../io';
import { showTime, withStrategyErrors } from '../inputs';
import { backtestInputs } from './backtest';
import type { Command } from './command';

const FLAGS: FlagSpecs = {
  candles: { type: 'string', repeat: true },
  timeframe: { type: 'string' },
  strategy: { type: 'string' },
  signals: { type: 'string' },
  initial: { type: 'string' },
  account: { type: 'string' },
  symbol: { type: 'string' },
  out: { type: 'string' },
  'skip-bad-rows': { type: 'boolean' },
};

const USAGE = `Usage: candlelab paper --candles <file> [--candles <file> …] --timeframe <tf>
         --strategy <BALANCED|AGGRESSIVE|CONSERVATIVE|SCALPER|SWING|HMA_SMA|SIGNAL_ENGINE|scripted|config.json>
         [--signals <csv>] [--initial 10000] [--account settings.json] [--symbol <S>] [--skip-bad-rows]
         --out <ledger.json>

Runs the paper bot's own code over the candles, oldest first, as if they were arriving live (the
clock is the candles' times): the account's rules, the fill model and the decimal ledger, plus a
SYSTEM trade of 100 for every signal. Positions still open at a symbol's last candle close there
(END), as in a backtest. Writes the trades, the decision log and the final balance to --out.

  --candles   candle file, read and checked as for backtest (standard CSV, Binance kline dump or
              TradingView export); repeat for several symbols watched together (one cash balance).
              Symbol from <exchange>_<SYMBOL>_<tf>.csv
  --timeframe the candles' timeframe (1m 5m 15m 30m 1h 4h 1d 1w 1M)
  --strategy  as for backtest: a preset, HMA_SMA, SIGNAL_ENGINE, "scripted" (needs --signals), or a
              JSON file { "strategy": "<name>", "params": { … } }
  --initial   the account's initial balance (100 – 1,000,000; default 10000)
  --account   JSON file of account settings overriding the defaults, e.g. { "minConfidence": 0,
              "maxDailyLossPct": 100, "minMinutesBetweenTrades": 0, "feePct": 0.1, "slippagePct": 0 }.
              Auto-trading is on unless the file turns it off. Fields: name, autoTrading,
              maxOpenTrades, minConfidence, maxPositionSizePct, minPositionSize ("10"), stopLossPct,
              takeProfitPct, maxDailyLossPct, maxDailyTrades, minMinutesBetweenTrades,
              circuitBreaker { enabled, maxConsecutiveLosses, cooldownMinutes }, feePct, slippagePct,
              allowLong, allowShort
  --symbol    symbol of the one --candles file (when its name does not follow the pattern)
  --skip-bad-rows  leave unreadable and invalid rows out and list them on stderr instead of refusing
  --out       the ledger file to write

Exit code 0 on success, 1 on bad input (the message names the flag and the value; nothing written).`;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The account settings: defaults, auto-trading on, then the --account file. */
function settingsFrom(ctx: Context, path: string | undefined): PaperAccountSettings {
  let overrides: Record<string, unknown> = {};
  if (path !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(ctx.readText('account', path));
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`--account ${path}: not valid JSON (${messageOf(e)})`);
    }
    if (!isPlainObject(json)) throw new CliError(`--account ${path}: expected an object of account settings`);
    overrides = json;
  }
  try {
    return accountSettings({ name: 'CLI', autoTrading: true, ...(overrides as Partial<PaperAccountSettings>) });
  } catch (e) {
    throw new CliError(`--account ${path}: ${messageOf(e)}`);
  }
}

function line(label: string, value: string): string {
  return `${label.padEnd(15)}${value}\n`;
}

/** The one-screen summary printed after a run. */
export function formatPaperSummary(r: PaperReplayResult, symbols: string[], out: string): string {
  const counts = Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<string, number>;
  for (const d of r.account.decisions) counts[d.decision] += 1;
  const m = computeTradeMetrics(
    r.account.trades.map((t) => ({ pnl: Number(t.profitLoss), fees: Number(t.fees), entryTime: t.entryTime, exitTime: t.exitTime as number })),
    Number(r.initialBalance),
  );
  let text = `${r.strategy.name} paper bot on ${symbols.join(', ')}\n`;
  text += line('trades', formatMetric('totalTrades', m.totalTrades));
  text += line('win rate', formatMetric('winRate', m.winRate));
  text += line('total P&L', moneyText(new Money(r.account.totalPnl)));
  text += line('final balance', `${moneyText(new Money(r.finalBalance))} (exact: ${r.finalBalance})`);
  text += line('decisions', DECISIONS.map((d) => `${d} ${counts[d]}`).join(', '));
  text += line('system trades', `${formatMetric('totalTrades', r.system.trades.length)} (P&L ${moneyText(new Money(r.system.totalPnl))})`);
  text += `wrote ${out}\n`;
  return text;
}

export const paperCommand: Command = {
  name: 'paper',
  summary: 'run the paper bot over candle CSVs and write ledger.json',
  usage: USAGE,
  run(argv: readonly string[], ctx: Context): number {
    const args = parseArgs(argv, FLAGS, 'paper');
    if (args.help) {
      ctx.out(`${USAGE}\n`);
      return EXIT_OK;
    }
    const out = required(args, 'out');
    const initial = (optional(args, 'initial') ?? '10000').trim();
    try {
      checkInitialBalance(initial, '--initial');
    } catch (e) {
      throw new CliError(messageOf(e));
    }
    const settings = settingsFrom(ctx, optional(args, 'account'));
    // The candles and the strategy are read exactly as `backtest` reads them.
    const inputs = backtestInputs(args, ctx);
    const { spec, resolved } = inputs;
    const tf = inputs.series[0].timeframe;
    const series: PaperReplaySeries[] = inputs.series.map((s) => ({ symbol: s.symbol, timeframe: s.timeframe, candles: s.candles }));
    const result = withStrategyErrors(required(args, 'strategy'), resolved, () =>
      runPaperReplay({ series, strategy: spec, settings, initialBalance: initial }),
    );
    const first = Math.min(...series.map((s) => s.candles.time[0]));
    const last = Math.max(...series.map((s) => s.candles.time[s.candles.time.length - 1]));
    ctx.writeText(
      'out',
      out,
      canonicalJson({
        strategy: result.strategy,
        settings: result.settings,
        timeframe: tf,
        symbols: series.map((s) => s.symbol),
        start: first,
        end: last,
        initialBalance: result.initialBalance,
        finalBalance: result.finalBalance,
        totalPnl: result.account.totalPnl,
        trades: result.account.trades,
        decisions: result.account.decisions,
        system: result.system,
      }),
    );
    ctx.out(`${showTime(first)} → ${showTime(last)} UTC\n${formatPaperSummary(result, series.map((s) => s.symbol), out)}`);
    return EXIT_OK;
  },
};
