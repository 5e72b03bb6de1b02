/**
 * interpreter.ts -- runs a program of programs.md on simloop's aio layer and
 * returns its trace: the TypeScript twin of run_program.py, which it mirrors
 * method for method (`async def` → `function*`, `await x` → `yield* x`; an
 * inline coroutine is `yield*` of a generator, never a task). `runProgram`
 * replays virtual_loop.run (asyncio.run made deterministic) with the loop API.
 *
 * Must not: decide any ordering itself — every order comes from src/aio — or
 * hide a difference from CPython: the only translation is MESSAGES below,
 * simloop's longer error texts mapped to CPython's exact ones.
 * Programs are assumed valid (validate.py is the judge; nothing is checked here).
 */
import {
  AbortRun,
  CancelledError,
  DeadlockError,
  Event,
  Lock,
  Queue,
  RuntimeError,
  TimeoutError,
  ValueError,
  gather,
  newEventLoop,
  shield,
  sleep,
  waitFor,
  type Coroutine,
  type EventLoop,
  type Future,
  type LoopOptions,
  type Task,
} from '../../src/aio/index.js';
import { IterationBudgetError, SimloopError, formatTime } from '../../src/kernel/index.js';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_ITERATIONS, DEFAULT_MAX_STATEMENTS, type Aw, type Json, type Program, type Stmt } from './language.js';

// ---------------------------------------------------------------- formatting

/**
 * simloop's error texts that say more than CPython's, mapped to CPython's
 * exact str(exc). Only errors simloop raised are mapped (never one the
 * program raised with its own message).
 */
const MESSAGES: readonly { readonly cls: new (...args: never[]) => Error; readonly simloop: RegExp; readonly cpython: string }[] = [
  // locks.py:140 (Lock.release): raise RuntimeError('Lock is not acquired.')
  { cls: RuntimeError, simloop: /^Lock is not acquired/, cpython: 'Lock is not acquired.' },
  // queues.py:201 (Queue.task_done): raise ValueError('task_done() called too many times')
  { cls: ValueError, simloop: /^taskDone\(\) called too many times/, cpython: 'task_done() called too many times' },
  // tasks.py:308 (Task.__step): RuntimeError(f'Task cannot await on itself: {self!r}'), cut there by run_program.py
  { cls: RuntimeError, simloop: /^Task cannot await on itself/, cpython: 'Task cannot await on itself' },
  // tasks.py:464 and :502 (wait_for): raise exceptions.TimeoutError() from exc — str() is ''
  { cls: TimeoutError, simloop: /^waitFor timed out after /, cpython: '' },
];

/** Errors the program raised itself: their messages are the program's. */
const raisedByProgram = new WeakSet<object>();

/** Python's str(exc). */
export function pyMessage(exc: unknown): string {
  if (!(exc instanceof Error)) return String(exc);
  if (!raisedByProgram.has(exc)) {
    for (const m of MESSAGES) if (exc instanceof m.cls && m.simloop.test(exc.message)) return m.cpython;
  }
  return exc.message;
}

/** `type(exc).__name__`. */
function pyClass(exc: unknown): string {
  return exc instanceof Error ? exc.name : typeof exc;
}

/** `cancelled`, or `Name`, or `Name: msg` (as Python's traceback prints it). */
export function describe(exc: unknown): string {
  if (exc instanceof CancelledError) return 'cancelled';
  const msg = pyMessage(exc);
  return msg ? `${pyClass(exc)}: ${msg}` : pyClass(exc);
}

/** json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False); errors as {"error","msg"}. */
export function dump(v: unknown): string {
  if (v === null || v === undefined) return 'null'; // None (simloop's void results are undefined)
  if (typeof v === 'boolean' || typeof v === 'number') return String(v); // ints only: no 1.0 question
  // JSON.stringify escapes strings as Python does with ensure_ascii=False (", \, \n..., \u00XX for
  // other controls, lowercase hex), except lone surrogates, which programs do not contain.
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(dump).join(',')}]`;
  if (v instanceof Error) return dump({ error: pyClass(v), msg: pyMessage(v) });
  const obj = v as Record<string, unknown>;
  return `{${Object.keys(obj).sort(byCodePoint).map((k) => `${JSON.stringify(k)}:${dump(obj[k])}`).join(',')}}`;
}

/** Python's str ordering (code points), not JavaScript's (UTF-16 units). */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

// ---------------------------------------------------------------- errors

const userErrors = new Map<string, new (msg: string) => Error>(); // one class per user error name

function userError(name: string): new (msg: string) => Error {
  if (name === 'TimeoutError') return TimeoutError;
  let cls = userErrors.get(name);
  if (cls === undefined) {
    cls = class extends Error {
      override name = name;
    };
    userErrors.set(name, cls);
  }
  return cls;
}

/** Python's NameError, for a task variable read before any spawn set it. */
class NameError extends Error {
  override name = 'NameError';
}

/** `return` unwinds the blocks as run_program.py's _Return does (a BaseException there). */
class Return {
  constructor(readonly value: Json) {}
}

/** A budget ran out inside a coroutine: ends the run, as BudgetExceeded (a SystemExit) does. */
class BudgetExceeded extends AbortRun {
  constructor(readonly kind: 'statements' | 'depth' | 'run over') {
    super(`budget exceeded: ${kind}`);
  }
}

function matches(name: string, e: unknown): boolean {
  if (name === 'CancelledError') return e instanceof CancelledError;
  if (name === 'TimeoutError') return e instanceof TimeoutError;
  if (name === 'Exception') return !(e instanceof CancelledError);
  return e instanceof Error && e.constructor === userError(name);
}

// ---------------------------------------------------------------- interpreter

class Trace {
  readonly lines: string[] = [];
  closed = false;

  constructor(private readonly loop: EventLoop) {}

  emit(task: string, event: string): void {
    if (!this.closed) this.lines.push(`t=${formatTime(this.loop.time())} task=${task} ${event}`);
  }
}

/** asyncio.sleep(d) as the coroutine it is: d ≤ 0 is a bare yield (simloop's sleep refuses d < 0). */
function* pySleep(delay: number): Coroutine<null> {
  yield* sleep(delay > 0 ? delay : 0);
  return null;
}

class Interpreter {
  private readonly coros: Record<string, Stmt[]>;
  private readonly maxStatements: number;
  private readonly maxDepth: number;
  private statements = 0;
  /** The BudgetExceeded that ended the run, if any. */
  stopped: BudgetExceeded | null = null;
  private readonly vars = new Map<string, Task<unknown>>();
  private readonly locks = new Map<string, Lock>();
  private readonly events = new Map<string, Event>();
  private readonly queues = new Map<string, Queue<Json>>();

  constructor(
    prog: Program,
    private readonly loop: EventLoop,
    private readonly trace: Trace,
  ) {
    this.coros = prog.coros;
    this.maxStatements = prog.max_statements ?? DEFAULT_MAX_STATEMENTS;
    this.maxDepth = prog.max_depth ?? DEFAULT_MAX_DEPTH;
    for (const n of prog.locks ?? []) this.locks.set(n, new Lock());
    for (const n of prog.events ?? []) this.events.set(n, new Event());
    for (const [n, m] of Object.entries(prog.queues ?? {})) this.queues.set(n, new Queue<Json>(m));
  }

  // -- events
  private here(): string {
    return this.loop.currentTask?.getName() ?? '-';
  }

  /** Added to main and every spawned task at creation. */
  readonly onDone = (task: Future<unknown>): void => {
    const name = (task as Task<unknown>).getName();
    if (task.cancelled()) this.trace.emit(name, 'cancelled');
    else if (task.hasException()) this.trace.emit(name, `raised ${describe(task.exception())}`);
    else this.trace.emit(name, `result ${dump(task.result())}`);
  };

  // -- execution
  *call(name: string, depth: number): Coroutine<Json> {
    if (depth > this.maxDepth) throw (this.stopped = new BudgetExceeded('depth'));
    try {
      yield* this.block(this.coros[name]!, null, depth);
    } catch (e) {
      if (e instanceof Return) return e.value;
      throw e;
    }
    return null;
  }

  /** Counts one statement (or repeat iteration); stops the run past the budget. */
  private tick(): void {
    if (this.stopped !== null) throw this.stopped; // the run is over: leave every finally at once
    if (++this.statements > this.maxStatements) throw (this.stopped = new BudgetExceeded('statements'));
  }

  private *block(body: Stmt[], cur: unknown, depth: number): Coroutine<void> {
    for (const st of body) {
      this.tick();
      switch (st.op) {
        case 'log':
          this.trace.emit(this.here(), `print ${st.text}`);
          break;
        case 'sleep':
          yield* pySleep(st.delay);
          break;
        case 'spawn': {
          const t = this.loop.createTask(this.call(st.coro, 1), { name: st.name });
          t.addDoneCallback(this.onDone);
          this.vars.set(st.var, t);
          break;
        }
        case 'await': {
          const v: unknown = yield* this.aw(st.aw, depth);
          if (st.log === true) this.trace.emit(this.here(), `got ${dump(v)}`);
          break;
        }
        case 'cancel': {
          const t = this.var(st.var);
          const ok = t.cancel();
          this.trace.emit(this.here(), `cancel ${t.getName()} ${ok}`);
          break;
        }
        case 'try':
          yield* this.sTry(st, cur, depth);
          break;
        case 'raise':
          if (st.error === undefined) throw cur;
          throw programError(new (userError(st.error))(st.msg ?? ''));
        case 'return':
          throw new Return(st.value ?? null);
        case 'repeat':
          for (let i = 0; st.times === null || i < st.times; i++) {
            this.tick();
            yield* this.block(st.body, cur, depth);
          }
          break;
        case 'release':
          this.locks.get(st.lock)!.release();
          break;
        case 'with_lock': {
          const lock = this.locks.get(st.lock)!;
          yield* lock.acquire(); // async with: __aenter__, then __aexit__ releases
          try {
            yield* this.block(st.body, cur, depth);
          } finally {
            lock.release();
          }
          break;
        }
        case 'set':
          this.events.get(st.event)!.set();
          break;
        case 'clear':
          this.events.get(st.event)!.clear();
          break;
        case 'task_done':
          this.queues.get(st.queue)!.taskDone();
          break;
      }
    }
  }

  private *sTry(st: Extract<Stmt, { op: 'try' }>, cur: unknown, depth: number): Coroutine<void> {
    try {
      yield* this.block(st.body, cur, depth);
    } catch (e) {
      if (e instanceof Return || e instanceof AbortRun) throw e;
      const h = (st.except ?? []).find((h) => matches(h.error, e));
      if (h === undefined) throw e;
      this.trace.emit(this.here(), `caught ${describe(e)}`);
      yield* this.block(h.body, e, depth);
    } finally {
      if (st.finally !== undefined && st.finally.length > 0) yield* this.block(st.finally, cur, depth);
    }
  }

  private var(name: string): Task<unknown> {
    const t = this.vars.get(name);
    if (t === undefined) throw new NameError(`name '${name}' is not defined`);
    return t;
  }

  /** Builds the awaitable (eagerly, left to right, like Python argument evaluation). */
  private aw(a: Aw, depth: number): Future<unknown> | Coroutine<unknown> {
    if ('coro' in a) return this.call(a.coro, depth + 1);
    if ('task' in a) return this.var(a.task);
    if ('sleep' in a) return pySleep(a.sleep);
    if ('gather' in a) {
      const children = a.gather.map((x) => this.aw(x, depth));
      return gather(...children, { returnExceptions: a.return_exceptions === true });
    }
    // asyncio.wait_for treats a negative timeout as 0 (`if timeout <= 0:`); simloop's refuses one.
    if ('wait_for' in a) return waitFor(this.aw(a.wait_for, depth), a.timeout === null ? null : Math.max(a.timeout, 0));
    if ('shield' in a) return shield(this.aw(a.shield, depth));
    if ('acquire' in a) return this.locks.get(a.acquire)!.acquire();
    if ('wait' in a) return this.events.get(a.wait)!.wait();
    if ('get' in a) return this.queues.get(a.get)!.get();
    if ('put' in a) return this.queues.get(a.put)!.put(a.value);
    return this.queues.get(a.join)!.join();
  }
}

function programError(e: Error): Error {
  raisedByProgram.add(e);
  return e;
}

// ---------------------------------------------------------------- running

/**
 * Runs one (valid) program; returns its trace lines, as run_program.py's run_one.
 * `options` are for tests that run a deliberately unfaithful loop (another strategy).
 */
export function runProgram(prog: Program, options: LoopOptions = {}): string[] {
  const loop = newEventLoop({ ...options, maxIterations: prog.max_iterations ?? DEFAULT_MAX_ITERATIONS });
  const trace = new Trace(loop);
  const it = new Interpreter(prog, loop, trace);
  try {
    const value = run(loop, it, trace);
    trace.emit('-', `exit result ${dump(value)}`);
  } catch (e) {
    if (e instanceof DeadlockError) trace.emit('-', `deadlock [${e.blocked.map((b) => b.task).join(',')}]`);
    else if (e instanceof IterationBudgetError) trace.emit('-', 'budget iterations');
    else if (e instanceof BudgetExceeded) trace.emit('-', `budget ${e.kind}`);
    else if (e instanceof CancelledError) trace.emit('-', 'exit cancelled');
    else if (e instanceof SimloopError || !(e instanceof Error)) {
      return [`t=0 task=- internal-error ${describe(e)}`]; // a bug here or in simloop, not in the program
    } else trace.emit('-', `exit raised ${describe(e)}`);
  } finally {
    trace.closed = true;
    it.stopped ??= new BudgetExceeded('run over'); // as run_program.py; here unfinished coroutines are just dropped, never resumed
    loop.close();
  }
  return trace.lines;
}

/** virtual_loop.run: asyncio.run(main()) with the main task named "main". */
function run(loop: EventLoop, it: Interpreter, trace: Trace): unknown {
  const main = loop.createTask(it.call('main', 1), { name: 'main' });
  main.addDoneCallback(it.onDone); // before run_until_complete's own callback
  let result: unknown;
  try {
    result = loop.runUntilComplete(main);
  } catch (e) {
    if (isStop(e)) throw e; // deadlock or budget: nothing more runs
    shutdown(loop, trace);
    throw e;
  }
  shutdown(loop, trace);
  return result;
}

function isStop(e: unknown): boolean {
  return e instanceof DeadlockError || e instanceof IterationBudgetError || e instanceof AbortRun;
}

/** Runner.close(): _cancel_all_tasks (creation order), shutdown_asyncgens, shutdown_default_executor. */
function shutdown(loop: EventLoop, trace: Trace): void {
  const toCancel = loop.allTasks(); // pending tasks, creation order
  trace.emit('-', `shutdown [${toCancel.map((t) => t.getName()).join(',')}]`);
  if (toCancel.length > 0) {
    for (const task of toCancel) task.cancel();
    loop.runUntilComplete(gather(...toCancel, { returnExceptions: true }));
  }
  loop.runUntilComplete(nothing()); // loop.shutdown_asyncgens(): a Task-N, two iterations
  loop.runUntilComplete(nothing()); // loop.shutdown_default_executor(): the same
}

// eslint-disable-next-line require-yield
function* nothing(): Coroutine<void> {}
