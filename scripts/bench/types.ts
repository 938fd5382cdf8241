export interface BenchResult {
  name: string;
  /** Median time of the measured code, in ms. */
  ms: number;
  /** Median time of the plain reference loop doing the same work in the same run. */
  referenceMs: number | null;
  /** ms / referenceMs (null without a reference). */
  ratio: number | null;
  /** Optional extra figures (for example a library's time for the same work). */
  extra?: Record<string, number>;
  /** Goal the figure is held to, as text, e.g. "ratio <= 1.5". */
  goal?: string;
  /** Whether the goal is met (absent when there is no goal). */
  ok?: boolean;
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchResult[]>;
}
