/**
 * ActorScheduler: the seed talk's message-driven scheduler (Python Cookbook
 * 12.12), on the kernel.
 *
 * Seed semantics, kept exactly: `newActor` queues the priming delivery and
 * registers the name; `send` only enqueues — it never calls into an actor, so
 * an actor that sends to itself a million times uses constant stack; a
 * queued message is bound to the actor *object* at send time, so
 * re-registering a name only redirects later sends; a finished actor keeps
 * its name and messages to it are swallowed; a send to an unknown name is
 * dropped. simloop adds: dropped sends are counted and kept as dead letters
 * (and `strict: true` makes them errors).
 *
 * Under a strategy other than fifo, which pending delivery runs next is the
 * choice. Two orders no real actor system produces are ruled out: an actor
 * never receives a message before its priming (a delivery that comes first
 * primes it, and the priming's own turn delivers that message), and with
 * `ordering: 'per-sender'` two messages from one sender to one actor arrive
 * in the order they were sent (Erlang's and Akka's guarantee). Both work by
 * making a queued delivery a turn of the actor, not a bound message: the
 * turn takes the next message due, so no reordering of turns can break the
 * guarantee, and there are exactly as many turns as deliveries.
 */
import { SimloopError, isSleep, describe, show, type Kernel, type Owner, type Runnable, type Trace } from '../kernel/index.js';
import { isIterator, kernelFor, type SchedulerOptions } from './options.js';

export interface ActorSchedulerOptions extends SchedulerOptions {
  /** Throw UnknownActorError on a send to an unknown name instead of dropping it. */
  readonly strict?: boolean;
  /**
   * What a strategy may reorder: 'any' (default) any two pending messages;
   * 'per-sender' only messages from different senders (sends from outside any
   * actor count as one sender). fifo delivers in send order either way.
   */
  readonly ordering?: MessageOrdering;
}

export type MessageOrdering = 'any' | 'per-sender';

/** A message sent to a name no actor had. */
export interface DeadLetter {
  readonly to: string;
  readonly msg: unknown;
  /** Who sent it (`-` from outside any actor), and when. */
  readonly from: string;
  readonly step: number;
  readonly time: number;
}

/** How many dead letters are kept in full; all are counted. */
export const DEAD_LETTERS_KEPT = 1000;

export class UnknownActorError extends SimloopError {
  override name = 'UnknownActorError';
}

export class ActorScheduler {
  protected readonly kernel: Kernel;
  private readonly actors = new Map<string, Actor>();
  private readonly strict: boolean;
  private nextId = 1;
  private deadLetterTotal = 0;
  private readonly kept: DeadLetter[] = [];

  constructor(options: ActorSchedulerOptions = {}) {
    this.kernel = kernelFor(options);
    this.strict = options.strict ?? false;
    const ordering = options.ordering ?? 'any';
    if (ordering !== 'any' && ordering !== 'per-sender') {
      throw new TypeError(`ordering expected 'any' or 'per-sender', got ${describe(options.ordering)}`);
    }
    this.perSender = ordering === 'per-sender';
  }

  private readonly perSender: boolean;

  /** Admits a newly created actor under `name` and queues its priming delivery. */
  newActor(name: string, actor: Iterator<unknown, unknown, unknown>): void {
    if (typeof name !== 'string') throw new TypeError(`newActor expected a string name, got ${describe(name)}`);
    if (!isIterator(actor)) {
      throw new TypeError(`newActor expected a generator for actor "${name}", got ${describe(actor)}`);
    }
    const admitted = new Actor(this.nextId++, name, actor, this.kernel, this.perSender);
    this.kernel.emit('spawn', name);
    this.kernel.callSoon(admitted, PRIMING);
    this.actors.set(name, admitted);
  }

  /** Queues `msg` for the actor now registered under `name`; never runs it. */
  send(name: string, msg: unknown): void {
    if (typeof name !== 'string') throw new TypeError(`send expected a string actor name, got ${describe(name)}`);
    const actor = this.actors.get(name);
    if (actor === undefined) return this.deadLetter(name, msg);
    if (this.kernel.trace !== null) this.kernel.emit('send', `${name} ${show(msg)}`);
    // The actor object and the message: bound now, whatever the name means later.
    this.kernel.callSoon(actor, this.perSender ? actor.channelFrom(this.kernel.current).put(msg) : msg);
  }

  /** Runs while messages are pending. An exception from an actor escapes, as in the seed. */
  run(): void {
    this.kernel.run();
  }

  /** Sends dropped because no actor had the name (all of them, counted). */
  get deadLetterCount(): number {
    return this.deadLetterTotal;
  }

  /** The first DEAD_LETTERS_KEPT dead letters, in the order they were sent. */
  get deadLetters(): readonly DeadLetter[] {
    return this.kept;
  }

  /** Deliveries waiting to run. */
  get pending(): number {
    return this.kernel.readyCount;
  }

  get steps(): number {
    return this.kernel.steps;
  }

  get time(): number {
    return this.kernel.time;
  }

  get trace(): Trace | null {
    return this.kernel.trace;
  }

  private deadLetter(to: string, msg: unknown): void {
    const from = this.kernel.current?.name ?? '-';
    if (this.strict) {
      const known = [...this.actors.keys()].map((n) => `"${n}"`).join(', ') || 'none';
      throw new UnknownActorError(
        `send to unknown actor "${to}" (message ${show(msg)}, from ${from}): no actor has that name; known actors: ${known}. ` +
          `The seed drops such sends; strict mode makes them errors.`,
      );
    }
    this.deadLetterTotal++;
    if (this.kept.length < DEAD_LETTERS_KEPT) {
      this.kept.push({ to, msg, from, step: this.kernel.steps, time: this.kernel.time });
    }
    this.kernel.emit('dead-letter', `${to} ${show(msg)}`);
  }
}

/** The priming delivery's argument: `gen.next()` with no message. */
const PRIMING: unique symbol = Symbol('priming');

/**
 * The messages one sender has sent one actor, oldest first; with per-sender
 * ordering the queued deliveries carry the channel, and each takes the
 * channel's oldest message whichever of them runs first.
 */
class Channel {
  private readonly messages: unknown[] = [];
  private head = 0;

  put(msg: unknown): this {
    this.messages.push(msg);
    return this;
  }

  take(): unknown {
    const msg = this.messages[this.head];
    this.messages[this.head++] = undefined;
    if (this.head === this.messages.length) {
      this.messages.length = 0;
      this.head = 0;
    }
    return msg;
  }
}

/** An actor is its own queue entry: `run(arg)` is one turn — it receives one message. */
class Actor implements Owner, Runnable {
  readonly owner: Owner = this;
  readonly cancelled = false;
  private finished = false;
  private primed = false;
  /** Deliveries whose turn came before the priming: the priming's turn makes them. */
  private early: unknown[] | null = null;
  private channels: Map<number, Channel> | null = null;

  constructor(
    readonly id: number,
    readonly name: string,
    private readonly gen: Iterator<unknown, unknown, unknown>,
    private readonly kernel: Kernel,
    private readonly perSender: boolean,
  ) {}

  /** Every delivery carries its message (the priming one a marker). */
  get takesArg(): boolean {
    return true;
  }

  /** The channel from `sender` (null: from outside any actor) to this actor. */
  channelFrom(sender: Owner | null): Channel {
    const key = sender === null ? -1 : sender.id;
    const channels = (this.channels ??= new Map());
    let channel = channels.get(key);
    if (channel === undefined) channels.set(key, (channel = new Channel()));
    return channel;
  }

  run(arg: unknown): void {
    if (!this.primed) {
      // Only a strategy puts a delivery before the priming; that turn primes instead.
      this.primed = true;
      if (arg !== PRIMING) (this.early ??= []).push(arg);
      return this.receive(undefined);
    }
    if (arg === PRIMING) arg = this.early!.shift();
    return this.receive(this.perSender ? (arg as Channel).take() : arg);
  }

  private receive(msg: unknown): void {
    const kernel = this.kernel;
    if (this.finished) {
      // The seed's `except StopIteration: pass` on a generator that already returned.
      if (kernel.trace !== null) kernel.emit('swallowed', show(msg));
      return;
    }
    if (kernel.trace !== null) kernel.emit('recv', show(msg));
    let step: IteratorResult<unknown>;
    try {
      step = this.gen.next(msg);
    } catch (error) {
      this.finished = true;
      kernel.emit('raise', show(error));
      throw error;
    }
    if (step.done === true) {
      this.finished = true;
      kernel.emit('done');
    } else if (step.value !== undefined && isSleep(step.value)) {
      throw new TypeError(
        `actor "${this.name}" yielded ${step.value}, but actors wait for messages, not time — ` +
          `run timed work as a TaskScheduler task or an asyncio coroutine`,
      );
    }
  }
}
