/** Where the store reads the time it stamps as recordedAt. Injected so tests can move time at will. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for tests of "as known at" and of a clock that jumps backwards. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-01T09:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
