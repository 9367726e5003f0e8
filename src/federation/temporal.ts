import { Temporal as Polyfill } from '@js-temporal/polyfill';

// Fedify's types name the standard's global Temporal (not yet in Node 24), while
// at run time it uses the polyfill, as we do: the same objects, two type names.

/** An ISO timestamp as the Temporal.Instant Fedify's vocabulary takes. */
export function instant(iso: string): Temporal.Instant {
  return Polyfill.Instant.from(iso) as unknown as Temporal.Instant;
}

/** A duration in milliseconds as Fedify's Temporal.Duration. */
export function durationMs(ms: number): Temporal.Duration {
  return Polyfill.Duration.from({ milliseconds: Math.round(ms) }) as unknown as Temporal.Duration;
}
