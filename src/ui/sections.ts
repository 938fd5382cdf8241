/** Every section of the product, in navigation order, with what its empty state tells a new user. */
export interface Section {
  path: string;
  title: string;
  /** Single glyph shown beside the title in the navigation. */
  icon: string;
  /** One line: what the section holds. */
  holds: string;
  /** What to do first when it is empty. */
  firstStep: string;
  /** Where the first step happens (a section path), if elsewhere. */
  firstStepPath?: string;
  firstStepLabel?: string;
}

export const SECTIONS: readonly Section[] = [
  {
    path: '/markets',
    title: 'Markets & Data',
    icon: '▦',
    holds: 'Exchanges and their symbols, backfill jobs, every candle series stored on this device, imports and exports.',
    firstStep: 'Load the demo market to explore offline, or import a candle CSV you already have.',
  },
  {
    path: '/chart',
    title: 'Chart',
    icon: '◫',
    holds: 'Candle replay with indicators, signals and trades drawn on the price, and the strategy condition panel bar by bar.',
    firstStep: 'Store some candles first; then pick a series here to replay it.',
    firstStepPath: '/markets',
    firstStepLabel: 'Go to Markets & Data',
  },
  {
    path: '/signals',
    title: 'Signals',
    icon: '⚑',
    holds: 'The live signal stream and its history: direction, confidence, stop, target and every reason a signal fired.',
    firstStep: 'Signals appear once candles are stored and a strategy preset is active.',
    firstStepPath: '/markets',
    firstStepLabel: 'Go to Markets & Data',
  },
  {
    path: '/backtests',
    title: 'Backtests',
    icon: '↺',
    holds: 'The backtest form, batch queue and live monitor, full reports with charts, side-by-side compare and the volatility report.',
    firstStep: 'Backtests run on stored candles: load the demo market or import candles first.',
    firstStepPath: '/markets',
    firstStepLabel: 'Go to Markets & Data',
  },
  {
    path: '/robustness',
    title: 'Robustness',
    icon: '≈',
    holds: 'Monte Carlo simulations, walk-forward analysis and parameter optimisation with overfitting guards.',
    firstStep: 'Robustness tests start from a completed backtest: run one first.',
    firstStepPath: '/backtests',
    firstStepLabel: 'Go to Backtests',
  },
  {
    path: '/paper',
    title: 'Paper trading',
    icon: '◎',
    holds: 'Paper accounts, the in-browser bot and its controls, manual trades, trade history, portfolio and bot sessions.',
    firstStep: 'Create a paper account (default balance 10,000) and choose the symbols the bot watches.',
  },
  {
    path: '/bot-performance',
    title: 'Bot performance',
    icon: '▲',
    holds: 'How the bot would have done trading every signal with a fixed $100 (system trades), with a shareable snapshot.',
    firstStep: 'System trades are opened for every signal once the bot runs in Paper trading.',
    firstStepPath: '/paper',
    firstStepLabel: 'Go to Paper trading',
  },
  {
    path: '/analysis',
    title: 'Analysis',
    icon: '◔',
    holds: 'Trade analysis with stop/target diagnosis, performance analysis with an action plan and the analytics dashboard.',
    firstStep: 'Analysis reads closed trades from backtests and paper trading: produce some first.',
    firstStepPath: '/backtests',
    firstStepLabel: 'Go to Backtests',
  },
  {
    path: '/settings',
    title: 'Settings',
    icon: '⚙',
    holds: 'Configuration, strategy presets and their change log, storage, backup and restore, database cleanup.',
    firstStep: 'Check that storage is persistent so the browser keeps your data when space runs low.',
  },
];
