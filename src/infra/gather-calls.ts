interface Pending<Q, A> {
  request: Q;
  resolve: (answer: A) => void;
  reject: (error: unknown) => void;
}

/**
 * Answers the calls made in one event-loop turn, or while the previous batch is on its way, with
 * one run of `answerAll` (one statement instead of one per call). `answerAll` answers the
 * requests in order; if it throws, every call of the batch rejects with the error.
 */
export class GatheredCalls<Q, A> {
  private pending: Array<Pending<Q, A>> = [];
  private flushing = false;

  constructor(private readonly answerAll: (requests: Q[]) => Promise<A[]>) {}

  call(request: Q): Promise<A> {
    return new Promise((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      if (this.pending.length === 1 && !this.flushing) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    this.flushing = true;
    try {
      const answers = await this.answerAll(batch.map((call) => call.request));
      batch.forEach((call, i) => call.resolve(answers[i]));
    } catch (error) {
      for (const call of batch) call.reject(error);
    } finally {
      this.flushing = false;
      if (this.pending.length > 0) setImmediate(() => void this.flush());
    }
  }
}
