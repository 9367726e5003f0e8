/**
 * A citizen's service request to an organ: submitted → accepted → responded
 * → resolved, and rated once resolved. An organ may respond again while it
 * is responded (a follow-up), and may respond straight from accepted only.
 */
export const REQUEST_CATEGORIES = ['inquiry', 'complaint', 'help', 'report'] as const;
export type RequestCategory = (typeof REQUEST_CATEGORIES)[number];

export const REQUEST_STATES = ['submitted', 'accepted', 'responded', 'resolved'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export type RequestAction = 'accept' | 'respond' | 'resolve' | 'rate';

const ALLOWED: Record<RequestAction, readonly RequestState[]> = {
  accept: ['submitted'],
  respond: ['accepted', 'responded'],
  resolve: ['responded'],
  rate: ['resolved'],
};

const RESULT: Record<RequestAction, RequestState | null> = {
  accept: 'accepted',
  respond: 'responded',
  resolve: 'resolved',
  rate: null,
};

/** The state after the action, or null when the action is not allowed in `state`. Rating keeps the state. */
export function nextRequestState(state: RequestState, action: RequestAction): RequestState | null {
  if (!ALLOWED[action].includes(state)) return null;
  return RESULT[action] ?? state;
}

/** Who takes each action: the organ (through its operators) or the citizen who asked. */
export const REQUEST_ACTOR: Record<RequestAction, 'organ' | 'citizen'> = {
  accept: 'organ',
  respond: 'organ',
  resolve: 'organ',
  rate: 'citizen',
};

/** The longest text of a request or of an organ's response, in characters. */
export const REQUEST_TEXT_MAX = 2000;

/**
 * How long an organ has to resolve a request of each category, in hours from
 * its submission: a call for help is urgent, a question should be answered
 * within three days, a complaint or a report needs an inquiry (15 days, as the
 * 12345 hotlines give them).
 */
export const REQUEST_TIME_LIMIT_HOURS: Record<RequestCategory, number> = {
  inquiry: 72,
  help: 48,
  complaint: 360,
  report: 360,
};

/** A request is due soon within this many hours of its due time. */
export const REQUEST_DUE_SOON_HOURS = 24;

const HOUR_MS = 3_600_000;

/** When a request submitted at `createdAt` should be resolved. */
export function requestDueAt(category: RequestCategory, createdAt: Date): Date {
  return new Date(createdAt.getTime() + REQUEST_TIME_LIMIT_HOURS[category] * HOUR_MS);
}

/** Where an open request stands against its due time; a resolved one is neither overdue nor due soon. */
export function requestDeadline(state: RequestState, dueAt: Date, now: Date): { overdue: boolean; due_soon: boolean } {
  if (state === 'resolved') return { overdue: false, due_soon: false };
  const left = dueAt.getTime() - now.getTime();
  return { overdue: left < 0, due_soon: left >= 0 && left <= REQUEST_DUE_SOON_HOURS * HOUR_MS };
}

/** The inbox orders: newest first, or the soonest due first. */
export const REQUEST_SORTS = ['newest', 'due'] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];

/** The steps after submission that a `gov.request_update` notification tells of. */
export const REQUEST_STEPS = ['accepted', 'responded', 'resolved', 'rated'] as const;
export type RequestStep = (typeof REQUEST_STEPS)[number];

/** Whether a stored step is one of them (the notifications column is free text). */
export function isRequestStep(s: string): s is RequestStep {
  return (REQUEST_STEPS as readonly string[]).includes(s);
}
