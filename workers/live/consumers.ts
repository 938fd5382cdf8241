/**
 * The extension point of the live pipeline: after each step (every watched candle closing at one
 * market time stored, run through the active preset, its signals stored and the signal
 * lifecycle applied, all committed), the pipeline calls each registered consumer in registration
 * order, awaiting each before the next and before the next step. The paper bot registers here.
 *
 * A consumer runs in the live worker, next to the pipeline, with the worker's database
 * connection. A consumer that opens a trade on a signal calls `markSignalTriggered` during the
 * step that delivered it: at the next step the signal may expire (`SIGNAL_EXPIRY_BARS`). A
 * consumer that throws is reported in the run's problems; the other consumers and the following
 * steps still run.
 */
import type { FormingCandle } from '../../src/core/candles/hygiene';
import type { LiveSeriesKey } from '../../src/core/live/steps';
import type { CandlelabDb, PresetRecord, SignalRecord } from '../../src/data';

/** One watched candle of a step, as processed; `time` is its open time, it closed at the step's `closeTime`. */
export interface LiveStepCandle extends LiveSeriesKey, FormingCandle {
  /** Index of the candle in the stored series (the bar index a backtest on that series uses). */
  barIndex: number;
  /** The signal the active preset fired on this candle, as stored (ACTIVE, or CANCELLED by a later signal of the same step); null when none. */
  signal: SignalRecord | null;
}

/** Everything that happened at one market time. */
export interface LiveStep {
  /** Market time (UTC ms) at which the step's candles closed. */
  closeTime: number;
  /** Watched candles closing at `closeTime`: shorter timeframes first, then by exchange and symbol. */
  candles: LiveStepCandle[];
  /** Ids of the signals that expired and that were cancelled at this step. */
  expired: string[];
  cancelled: string[];
  /** True while catching up (candles that closed while no tab ran the stream, or several closes at once); false for the latest close. */
  catchUp: boolean;
}

/** What a consumer may use. */
export interface LiveConsumerContext {
  db: CandlelabDb;
  /** The preset the step ran. */
  preset: PresetRecord;
}

export interface LiveConsumer {
  /** Shown in problem reports. */
  readonly name: string;
  onStep(step: LiveStep, ctx: LiveConsumerContext): void | Promise<void>;
}

/** An ordered set of consumers. */
export class LiveConsumers {
  private readonly items: LiveConsumer[] = [];

  /** Adds a consumer after the others; returns the function that removes it. */
  register(consumer: LiveConsumer): () => void {
    if (typeof consumer?.onStep !== 'function' || typeof consumer.name !== 'string' || consumer.name === '') {
      throw new TypeError(`consumer: ${String(consumer?.name)} is not { name, onStep(step, ctx) }`);
    }
    this.items.push(consumer);
    return () => {
      const i = this.items.indexOf(consumer);
      if (i >= 0) this.items.splice(i, 1);
    };
  }

  /** The consumers in call order. */
  list(): readonly LiveConsumer[] {
    return [...this.items];
  }
}

/** The live worker's consumers: register here (at module load of the worker) to receive every step. */
export const liveConsumers = new LiveConsumers();
