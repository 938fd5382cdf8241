import type { BotRuntime } from '../../core/paper/state';

/** The paper bot's memory of one book between candles (`book`: account id, or `SYSTEM:<timeframe>`). */
export interface BotStateRecord {
  book: string;
  runtime: BotRuntime;
  updatedAt: number;
}
