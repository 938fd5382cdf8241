import type { ParamValue, StrategyParams } from '../../core/strategy/types';

export type TradingMode = 'BALANCED' | 'AGGRESSIVE' | 'CONSERVATIVE' | 'SCALPER' | 'SWING';
export const TRADING_MODES: readonly TradingMode[] = ['BALANCED', 'AGGRESSIVE', 'CONSERVATIVE', 'SCALPER', 'SWING'];

/** A named set of strategy parameters. */
export interface PresetRecord {
  id: string;
  name: string;
  strategy: string;
  params: StrategyParams;
  mode: TradingMode;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

/**
 * One changed field of a preset. `field` is `name`, `strategy`, `mode`, `active` or
 * `params.<key>`; `from`/`to` are null when the parameter was added/removed.
 */
export interface PresetChangeRecord {
  /** Assigned by the database, ascending in write order. */
  seq?: number;
  preset: string;
  field: string;
  from: ParamValue | null;
  to: ParamValue | null;
  /** UTC ms */
  at: number;
}
