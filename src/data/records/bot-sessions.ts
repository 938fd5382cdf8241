import type { BotSession } from '../../core/paper/session';

export { SESSION_STATUSES, ACTIVE_SESSION_STATUSES } from '../../core/paper/session';
export type { SessionStatus, SessionEnd } from '../../core/paper/session';

/** One run of the paper bot on an account (the core's BotSession, stored as is). */
export type BotSessionRecord = BotSession;
