/** Timers that finish started scans later; all cancelled when the sandbox closes. */
export class ScanScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  schedule(delayMs: number, task: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
