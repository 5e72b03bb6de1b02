/**
 * gather: run awaitables concurrently, results in argument order — a port of
 * CPython 3.11's `tasks.gather` and `_GatheringFuture`. Children become tasks
 * when gather() is called, in argument order; the same awaitable twice is one
 * child; without returnExceptions the first error (in completion order)
 * reaches the caller and the other children keep running; cancelling the
 * gather cancels its unfinished children and then raises CancelledError.
 */
import type { Runnable } from '../kernel/index.js';
import { AbortRun, CancelledError } from './errors.js';
import { Future, isFuture } from './future.js';
import { getEventLoop, type EventLoop } from './loop.js';
import { isCoroutine, type Awaitable } from './task.js';

export interface GatherOptions {
  readonly returnExceptions?: boolean;
}

/** What awaiting `A` gives. */
export type AwaitedOf<A> = A extends Future<infer T> ? T : A extends Generator<unknown, infer T, unknown> ? T : never;

type Results<A extends readonly unknown[]> = { -readonly [K in keyof A]: AwaitedOf<A[K]> };
type ResultsOrErrors<A extends readonly unknown[]> = { -readonly [K in keyof A]: AwaitedOf<A[K]> | Error };

class GatheringFuture<T> extends Future<T> {
  cancelRequested = false;

  constructor(
    loop: EventLoop,
    private readonly children: readonly Future<unknown>[],
  ) {
    super(loop, null);
  }

  protected override defaultLabel(): string {
    return `gather of ${this.children.length}`;
  }

  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    let ret = false;
    for (const child of this.children) if (child.cancel(msg)) ret = true;
    // If any child was really cancelled, the gather raises CancelledError whatever returnExceptions says.
    if (ret) this.cancelRequested = true;
    return ret;
  }
}

/**
 * gather's `_done_callback`, registered on every child: one ready-queue entry
 * for the whole gather, queued with the finished child as its argument, rather
 * than a Handle per child. Like a Handle, an exception it raises goes to the
 * loop's exception handler.
 */
class ChildDone implements Runnable {
  readonly owner = null;
  readonly cancelled = false;

  constructor(
    private readonly loop: EventLoop,
    private readonly onChildDone: (fut: Future<unknown>) => void,
  ) {}

  /** Queued with the child that finished. */
  get takesArg(): boolean {
    return true;
  }

  run(fut: unknown): void {
    try {
      this.onChildDone(fut as Future<unknown>);
    } catch (exception) {
      if (exception instanceof AbortRun) throw exception;
      this.loop.callExceptionHandler({ message: 'Exception in callback onChildDone', exception });
    }
  }
}

function isOptions(value: unknown): value is GatherOptions {
  return typeof value === 'object' && value !== null && !isFuture(value) && !isCoroutine(value);
}

export function gather<A extends readonly Awaitable<unknown>[]>(...aws: A): Future<Results<A>>;
export function gather<A extends readonly Awaitable<unknown>[]>(...args: [...A, GatherOptions & { returnExceptions: true }]): Future<ResultsOrErrors<A>>;
export function gather<A extends readonly Awaitable<unknown>[]>(...args: [...A, GatherOptions]): Future<Results<A> | ResultsOrErrors<A>>;
export function gather(...args: unknown[]): Future<unknown[]> {
  let aws = args;
  let returnExceptions = false;
  const last = args[args.length - 1];
  if (args.length > 0 && isOptions(last)) {
    returnExceptions = last.returnExceptions === true;
    aws = args.slice(0, -1);
  }
  if (aws.length === 0) {
    const outer = getEventLoop().createFuture<unknown[]>('gather of nothing');
    outer.setResult([]);
    return outer;
  }

  const children: Future<unknown>[] = [];
  const argToFuture = new Map<unknown, Future<unknown>>();
  let nfuts = 0;
  let nfinished = 0;
  let outer: GatheringFuture<unknown[]> | null = null;
  let loop: EventLoop | null = null;

  const onChildDone = (fut: Future<unknown>): void => {
    nfinished++;
    if (outer === null || outer.done()) {
      if (!fut.cancelled()) fut.exception(); // mark the error retrieved
      return;
    }
    if (!returnExceptions) {
      if (fut.cancelled()) {
        outer.setException(fut.makeCancelledError());
        return;
      }
      if (fut.hasException()) {
        outer.setException(fut.exception());
        return;
      }
    }
    if (nfinished === nfuts) {
      const results = children.map((child) => {
        if (child.cancelled()) return new CancelledError(child.cancelMsg ?? '');
        return child.hasException() ? child.exception() : child.result();
      });
      if (outer.cancelRequested) outer.setException(fut.makeCancelledError());
      else outer.setResult(results);
    }
  };

  let childDone: ChildDone | null = null;
  for (const arg of aws) {
    let fut = argToFuture.get(arg);
    if (fut === undefined) {
      // A future brings its own loop; only a coroutine needs the current one.
      fut = isFuture(arg) ? (loop ?? arg.loop).ensureFuture(arg) : (loop ?? getEventLoop()).ensureFuture(arg as Awaitable<unknown>);
      if (loop === null) {
        loop = fut.loop;
        childDone = new ChildDone(loop, onChildDone);
      }
      nfuts++;
      argToFuture.set(arg, fut);
      fut.addDoneCallback(childDone!);
    }
    children.push(fut);
  }
  outer = new GatheringFuture<unknown[]>(loop!, children);
  return outer;
}
