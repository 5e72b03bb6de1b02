/**
 * The laws of the seed's ActorScheduler as checks over one observed run of a
 * workload. The kit stands between the workload and the scheduler: every
 * message gets an id (the scheduler carries `{ id, n }`, the actor sees n),
 * every newActor and send is recorded in the order it happened — the seed's
 * one FIFO queue — and every next() call on an actor is recorded with what
 * it carried and whether it ran inside another actor's step or outside
 * run(). The checks compare the deliveries with the sends of the same run.
 */
import { describe as describeValue } from '../../kernel/index.js';
import { errorLine } from '../scenario.js';
import { LawViolation } from './law.js';
import { renderLog } from './report.js';
import { runActorWorkload, UserError, type ActorSchedulerLike, type ActorWorkload } from './workloads.js';

/** Something queued, in the order it was queued: a priming (at newActor) or a message (at send). */
export interface Enqueued {
  readonly kind: 'prime' | 'msg';
  /** Message id (-1 for a priming). */
  readonly id: number;
  /** The actor the name meant when it was queued (index in `actors`), or null for an unknown name. */
  readonly actor: number | null;
  readonly name: string;
  readonly n: number | null;
  /** Who sent it: an actor's label, or `driver`. */
  readonly from: string;
}

export interface Delivery {
  readonly actor: number;
  readonly kind: 'prime' | 'msg' | 'other';
  /** Message id, for kind 'msg'. */
  readonly id: number;
  readonly shown: string;
  /** The actor had not finished (returned or raised) before this call. */
  readonly live: boolean;
  /** Made inside another actor's next() (a send that called into the receiver). */
  readonly nested: string | null;
  /** Made during scheduler.run(). */
  readonly inRun: boolean;
}

export interface ActorWatch {
  readonly log: readonly string[];
  /** `a#0`, `b#1`, ...: name and creation index. */
  readonly actors: readonly string[];
  readonly finished: readonly boolean[];
  readonly queued: readonly Enqueued[];
  readonly deliveries: readonly Delivery[];
  /** Errors send() threw (the kit catches them and goes on, as if the send were dropped). */
  readonly sendErrors: readonly { readonly entry: Enqueued; readonly finished: boolean; readonly error: unknown }[];
  readonly failure: unknown;
  readonly budget: number;
}

export class RunawayError extends Error {
  override name = 'RunawayError';
}

/** What the scheduler carries for the kit: the actor gets `n`, the kit knows the message by `id`. */
class Message {
  constructor(
    readonly id: number,
    readonly n: number,
  ) {}
  toString(): string {
    return `#${this.id}:${this.n}`;
  }
}

/** Runs a workload with the kit between it and a fresh scheduler. */
export function watchActors(make: () => ActorSchedulerLike, workload: ActorWorkload): ActorWatch {
  const log: string[] = [];
  const actors: string[] = [];
  const finished: boolean[] = [];
  const queued: Enqueued[] = [];
  const deliveries: Delivery[] = [];
  const sendErrors: ActorWatch['sendErrors'][number][] = [];
  const bound = new Map<string, number>();
  let current: number | null = null;
  let inRun = false;
  let runaway = false;
  let nextId = 0;
  const budget = (): number => 3 * queued.length + 64;

  const wrap = (actor: Iterator<unknown, unknown, unknown>, index: number): Iterator<unknown, unknown, unknown> => {
    const it: IterableIterator<unknown> = {
      next(arg?: unknown) {
        if (runaway || deliveries.length >= budget()) {
          runaway = true;
          throw new RunawayError(`more than ${budget()} deliveries for ${queued.length} queued`);
        }
        const kind = arg === undefined ? 'prime' : arg instanceof Message ? 'msg' : 'other';
        deliveries.push({
          actor: index,
          kind,
          id: kind === 'msg' ? (arg as Message).id : -1,
          shown: kind === 'msg' ? `#${(arg as Message).id}` : describeValue(arg),
          live: !finished[index],
          nested: current === null ? null : actors[current]!,
          inRun,
        });
        const outer = current;
        current = index;
        let result: IteratorResult<unknown>;
        try {
          result = actor.next(kind === 'msg' ? (arg as Message).n : arg);
        } catch (error) {
          finished[index] = true;
          throw error;
        } finally {
          current = outer;
        }
        if (result.done === true) finished[index] = true;
        return result;
      },
      return(value?: unknown) {
        finished[index] = true;
        return actor.return ? actor.return(value) : { done: true, value };
      },
      [Symbol.iterator]() {
        return it;
      },
    };
    return it;
  };

  const through = (scheduler: ActorSchedulerLike): ActorSchedulerLike => ({
    newActor(name, actor) {
      const index = actors.length;
      actors.push(`${name}#${index}`);
      finished.push(false);
      queued.push({ kind: 'prime', id: -1, actor: index, name, n: null, from: current === null ? 'driver' : actors[current]! });
      bound.set(name, index);
      scheduler.newActor(name, wrap(actor, index));
    },
    send(name, n) {
      const entry: Enqueued = { kind: 'msg', id: nextId++, actor: bound.get(name) ?? null, name, n: n as number, from: current === null ? 'driver' : actors[current]! };
      queued.push(entry);
      try {
        scheduler.send(name, new Message(entry.id, n as number));
      } catch (error) {
        if (error instanceof UserError || error instanceof RunawayError) throw error;
        sendErrors.push({ entry, finished: entry.actor !== null && finished[entry.actor]!, error });
      }
    },
    run() {
      inRun = true;
      try {
        scheduler.run();
      } finally {
        inRun = false;
      }
    },
  });

  let failure: unknown = null;
  try {
    runActorWorkload(make, workload, through, log);
  } catch (error) {
    failure = error;
  }
  return { log, actors, finished, queued, deliveries, sendErrors, failure, budget: budget() };
}

// ---- checks ----------------------------------------------------------------

function describeEntry(w: ActorWatch, e: Enqueued): string {
  if (e.kind === 'prime') return `the priming of ${w.actors[e.actor!]}`;
  return `message #${e.id} (${e.from} → ${JSON.stringify(e.name)}${e.actor === null ? ', no such actor' : ` = ${w.actors[e.actor]}`}, ${e.n})`;
}

function renderDeliveries(w: ActorWatch): string {
  return renderLog(
    w.deliveries.map((d) => `${w.actors[d.actor]} ← ${d.kind === 'prime' ? 'prime' : d.shown}${d.live ? '' : ' (finished)'}`),
    6,
  );
}

function fail(law: string, detail: string, w: ActorWatch): never {
  throw new LawViolation(law, detail, `deliveries (actor ← message id):\n${renderDeliveries(w)}\nlog:\n${renderLog(w.log)}`);
}

const byId = (w: ActorWatch): Map<number, Enqueued> => new Map(w.queued.filter((e) => e.kind === 'msg').map((e) => [e.id, e]));

/** A run that did not end normally, named by what it says about the scheduler (or as a breach of `law`). */
export function checkCompleted(law: string, w: ActorWatch): void {
  for (const { entry, finished, error } of w.sendErrors) {
    if (entry.actor === null) fail('sends to unknown names dropped', `send(${JSON.stringify(entry.name)}, ${entry.n}) threw ${errorLine(error)}\nthe seed drops a send to a name no actor has`, w);
    if (finished) fail('messages to a finished actor swallowed', `send(${JSON.stringify(entry.name)}, ${entry.n}) to ${w.actors[entry.actor]}, which had finished, threw ${errorLine(error)}\nthe seed queues it, and swallows it when it comes up`, w);
    fail(law, `send(${JSON.stringify(entry.name)}, ${entry.n}) threw ${errorLine(error)}`, w);
  }
  if (w.failure === null) return;
  if (w.failure instanceof RangeError) fail('recursion-free delivery', `the scheduler threw ${errorLine(w.failure)}`, w);
  if (w.failure instanceof RunawayError) {
    checkNoLoss(w);
    fail(law, `run() kept going: the kit stopped it after ${w.budget} deliveries, for ${w.queued.length} primings and sends`, w);
  }
  const late = w.queued.find((e) => e.actor !== null && w.finished[e.actor] && e.kind === 'msg' && !w.deliveries.some((d) => d.kind === 'msg' && d.id === e.id && d.live));
  const hint = late ? `\nby then ${w.actors[late.actor!]} had finished, with ${describeEntry(w, late)} queued for it: the seed swallows messages to a finished actor` : '';
  fail(law, `the scheduler threw ${errorLine(w.failure)}${hint}`, w);
}

/** No delivery runs inside another actor's step: send only enqueues. */
export function checkNotNested(w: ActorWatch): void {
  const d = w.deliveries.find((x) => x.nested !== null && x.kind !== 'prime');
  if (d) fail('recursion-free delivery', `${w.actors[d.actor]} got message ${d.shown} inside ${d.nested}'s step: send() called into the receiver instead of queueing`, w);
}

/** Each actor's first delivery is its priming next(), made by run() in queue order, and it is primed once. */
export function checkPriming(w: ActorWatch): void {
  const law = 'priming before messages';
  w.actors.forEach((label, actor) => {
    const mine = w.deliveries.filter((d) => d.actor === actor && d.live);
    if (mine.length === 0) {
      if (w.failure === null) fail(law, `${label} was never primed: newActor queues a priming next() that run() makes`, w);
      return;
    }
    const first = mine[0]!;
    checkBoundAtSend(w, [first]); // a message bound to another actor: the binding is what broke
    if (first.kind !== 'prime') fail(law, `${label}'s first next() carried message ${first.shown}: newActor queues a priming next() that comes before any message`, w);
    if (!first.inRun) fail(law, `${label} was primed inside newActor(), before run(): the seed queues the priming with the messages`, w);
    if (first.nested !== null) fail(law, `${label} was primed inside ${first.nested}'s step (in newActor): the seed queues the priming`, w);
    const again = mine.slice(1).find((d) => d.kind === 'prime');
    if (again) fail(law, `${label} got a second priming next()`, w);
  });
}

/** No delivery of a message sent to a name no actor had. */
export function checkUnknownDropped(w: ActorWatch): void {
  const entries = byId(w);
  for (const d of w.deliveries) {
    const e = d.kind === 'msg' ? entries.get(d.id) : undefined;
    if (e && e.actor === null) fail('sends to unknown names dropped', `${describeEntry(w, e)} was delivered to ${w.actors[d.actor]}; a send to a name no actor has is dropped`, w);
  }
}

/** A message goes to the actor its name meant when it was sent, whatever the name means later. */
export function checkBoundAtSend(w: ActorWatch, deliveries: readonly Delivery[] = w.deliveries): void {
  const entries = byId(w);
  for (const d of deliveries) {
    const e = d.kind === 'msg' ? entries.get(d.id) : undefined;
    if (e && e.actor !== null && e.actor !== d.actor) {
      fail('messages bound to the actor at send time', `${describeEntry(w, e)} was delivered to ${w.actors[d.actor]}: a message is bound to the actor object when it is sent`, w);
    }
  }
}

/** Every message sent to a known name reaches its actor exactly once (unless the actor finished before). */
export function checkNoLoss(w: ActorWatch): void {
  const law = 'no lost or duplicated messages';
  const seen = new Set<number>();
  for (const d of w.deliveries) {
    if (d.kind !== 'msg') continue;
    if (seen.has(d.id)) fail(law, `message #${d.id} was delivered twice`, w);
    seen.add(d.id);
  }
  if (w.failure !== null) return;
  for (const e of w.queued) {
    if (e.kind === 'msg' && e.actor !== null && !seen.has(e.id) && !w.finished[e.actor]) {
      fail(law, `${describeEntry(w, e)} was never delivered, and ${w.actors[e.actor]} never finished`, w);
    }
  }
}

/** Primings and messages are delivered in the order they were queued: one FIFO queue, as in the seed. */
export function checkOrder(w: ActorWatch): void {
  const position = new Map<string, number>();
  w.queued.forEach((e, i) => position.set(e.kind === 'prime' ? `p${e.actor}` : `m${e.id}`, i));
  let last = -1;
  let lastKey = '';
  for (const d of w.deliveries) {
    if (!d.live || d.kind === 'other') continue;
    const key = d.kind === 'prime' ? `p${d.actor}` : `m${d.id}`;
    const at = position.get(key);
    if (at === undefined) continue;
    if (at < last) {
      fail(
        'message order (global FIFO)',
        `${describeEntry(w, w.queued[at]!)} was delivered after ${describeEntry(w, w.queued[position.get(lastKey)!]!)}, which was queued later: the seed delivers from one FIFO queue`,
        w,
      );
    }
    last = at;
    lastKey = key;
  }
}

export function checkDeterminism(first: ActorWatch, second: ActorWatch): void {
  const line = (w: ActorWatch) => [...w.log, '--', ...w.deliveries.map((d) => `${w.actors[d.actor]} ${d.kind} ${d.id}`)];
  const a = line(first);
  const b = line(second);
  const i = a.findIndex((x, k) => x !== b[k]);
  if (i >= 0 || a.length !== b.length) {
    const at = i >= 0 ? i : Math.min(a.length, b.length);
    throw new LawViolation('determinism', `two runs of the same workload on fresh schedulers differ at entry ${at}: ${a[at] ?? '(end)'} vs ${b[at] ?? '(end)'}`, `first run:\n${renderLog(first.log)}\nsecond run:\n${renderLog(second.log)}`);
  }
}
