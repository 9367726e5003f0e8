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
