/**
 * A retry with backoff that charges twice — timers with jitter, a timeout
 * racing a late reply.
 *
 * A checkout calls a payment service with a 100 ms timeout and retries, with
 * exponential backoff, when it times out. The service charges the card as
 * soon as the request arrives; its reply takes 90 ms to come back. When the
 * network is a little slow — the reply 10 ms late — the timeout fires first,
 * the client retries, and the service charges the card a second time: the
 * first attempt had gone through, only its reply was late (the reason
 * Stripe's API takes an Idempotency-Key header).
 *
 * DEPTH 1: one reply late by 10 ms or more (`jitter: 20`). FIFO delivers
 * every reply on time, and it passes. The shrunk schedule names the reply
 * timer and the smallest delay that breaks it.
 * Fix (`fixed`): send an idempotency key with every attempt of one payment;
 * the service charges a key once and answers a repeat with the first result.
 */
import { defineScenario } from 'simloop';

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class PaymentService {
  readonly charges: string[] = [];
  private readonly seen = new Set<string>();

  async charge(order: string, idempotencyKey?: string): Promise<string> {
    if (idempotencyKey === undefined || !this.seen.has(idempotencyKey)) {
      if (idempotencyKey !== undefined) this.seen.add(idempotencyKey);
      this.charges.push(order); // takes effect when the request arrives
    }
    await sleep(90); // the reply travels back
    return 'ok';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no reply within ${ms}ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function payWithRetry(service: PaymentService, order: string, fixed: boolean): Promise<string> {
  // The bug: without a key, the service cannot tell a retry from a new payment.
  const key = fixed ? `pay-${order}` : undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return await withTimeout(service.charge(order, key), 100);
    } catch (error) {
      if (!(error instanceof TimeoutError) || attempt === 2) throw error;
      await sleep(50 * 2 ** attempt);
    }
  }
}

/** The check both runners drive: one checkout; however it ends, the card is charged at most once. */
export async function doubleChargeCheck(fixed: boolean, print: (line: string) => void = () => {}): Promise<void> {
  const service = new PaymentService();
  const outcome = await payWithRetry(service, 'order-17', fixed).catch((error: unknown) => `gave up: ${String(error)}`);
  await sleep(1000); // let late replies land
  print(`checkout: ${outcome}; charges: ${service.charges.length}`);
  if (service.charges.length > 1) throw new Error(`order-17 charged ${service.charges.length} times (checkout said: ${outcome})`);
}

export default defineScenario({
  name: 'async-retry-double-charge',
  description: 'a retry after a timeout charges a card whose first charge had gone through',
  jitter: 20,
  async run({ print }) {
    await doubleChargeCheck(false, print);
  },
});

export const fixed = defineScenario({
  name: 'async-retry-double-charge-fixed',
  description: 'the same retry with an idempotency key',
  jitter: 20,
  async run({ print }) {
    await doubleChargeCheck(true, print);
  },
});
