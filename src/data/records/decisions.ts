import type { BotDecision } from '../../core/paper/types';

export { DECISIONS, MAX_REASONING_LENGTH } from '../../core/paper/types';
export type { Decision, MarketSnapshot } from '../../core/paper/types';

/** One of the bot's "thoughts" (the core's BotDecision, stored as is). */
export type DecisionRecord = BotDecision;
