/**
 * Wakes caught-up subscriptions when this process appends. A counter rather than a bare event, so a
 * subscriber that read "nothing new" just before an append does not sleep through it.
 */
export class AppendSignal {
  private count = 0;
  private waiters = new Set<() => void>();

  get version(): number {
    return this.count;
  }

  notify(): void {
    this.count++;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /** Resolves on the next append after `seenVersion`, after `timeoutMs`, or when `stopped` fires. */
  wait(seenVersion: number, timeoutMs: number, stopped: AbortSignal): Promise<void> {
    if (this.count !== seenVersion || stopped.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        stopped.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      stopped.addEventListener('abort', done, { once: true });
    });
  }
}
