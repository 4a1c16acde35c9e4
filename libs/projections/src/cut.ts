/**
 * The two clocks a view is cut on: `knownAt` (only what had been recorded by then, an ISO instant) and
 * `asOf` (only what had happened by then, a YYYY-MM-DD business date). `today` is the business date the
 * view treats as "now" (for overdue actions); the caller supplies it, since a fold may not read a clock.
 */
export interface Cut {
  readonly knownAt?: string;
  readonly asOf?: string;
  readonly today: string;
}
