/**
 * programs.ts -- a fast-check arbitrary of random VALID programs in the
 * language of programs.md, for the differential test against CPython.
 *
 * Shape: `main` and four helpers c1..c4; coroutine i only calls or spawns
 * coroutines j > i, so the call graph is acyclic and inline recursion is
 * bounded. Each helper cj has one task variable (VARS[j]) that only ever holds
 * tasks running cj, and coroutine i awaits only the variables of j > i: the
 * tasks' await graph is acyclic too. (A cycle — a task awaiting a gather of
 * itself, two tasks awaiting each other — makes CPython's own cancel()
 * recurse without end: RecursionError there, RangeError here, at depths
 * nobody can match. A task awaiting itself is left out for another reason:
 * see KNOWN_DIFFERENCE in aio-differential.test.ts.) Any task may be
 * cancelled by anyone, itself included, before it starts or after it ends.
 *
 * Bias, so that most programs interleave: `main` usually spawns one to three
 * tasks first and often ends by waiting for them; bodies are made of chunks
 * that are single statements or small idioms (a consumer's get + task_done,
 * a hand-made critical section, a sleep guarded by `except CancelledError`,
 * spawn-then-await); delays and timeouts come from one small set, so timer
 * ties, wait_for races and float sums (0.1+0.1+0.1) are common. A variable
 * no reachable coroutine ever spawns is read as a call of its coroutine
 * instead (NameError stays possible, by timing). Unreachable helpers and
 * unused resources are pruned, so a shrunk counterexample reads small.
 * Plain records, tuples and arrays (no chain): fast-check shrinks it well.
 */
import fc from 'fast-check';
import type { Aw, Handler, Json, Program, Stmt } from './language.js';

const HELPERS = 4; // coroutines c1..c4, plus main (index 0)
/** The task variable of helper cj is VARS[j]; its tasks are named from TASK_NAMES[j]. */
const VARS = ['', 'a', 'b', 'c', 'd'] as const;
const TASK_NAMES = [[], ['A', 'A'], ['B', 'w-1'], ['C', 'x.2_y'], ['D', 'D']] as const;
const DELAYS = [0, 0, 0, 1, 1, 1, 2, 2, 3, 0.5, 0.1, 0.1, 0.25, 0.3, 0.75, -1, 1e-10, 1.5] as const;
const TIMEOUTS = [null, 0, 0.5, 1, 1, 1, 2, 2, 1.5, -1, 0.25, 0.1, 3] as const;
const CATCHABLE = ['CancelledError', 'CancelledError', 'TimeoutError', 'Exception', 'Boom', 'Oops'] as const;
const RAISABLE = ['Boom', 'Boom', 'Oops', 'TimeoutError'] as const;
const MESSAGES = ['', 'boom', 'bad: x', 'é"\\'] as const;
const TEXTS = ['a', 'b', 'c', 'tick', 'x y', 'é', 'q"\\', 'end'] as const;

const name = (i: number): string => (i === 0 ? 'main' : `c${i}`);
const later = (i: number): fc.Arbitrary<number> => fc.integer({ min: i + 1, max: HELPERS });

const value: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, 1, -7, 2 ** 53, 'x', 'é', ''),
  fc.integer({ min: -100, max: 100 }),
  fc.constantFrom<Json>([1, 'a', null], { b: 1, a: [true] }, { 'é': 0, z: 'x', A: {} }, []),
);
const delay = fc.constantFrom(...DELAYS);
const text = fc.constantFrom(...TEXTS);
const log = (t: string): Stmt => ({ op: 'log', text: t });
const awaitStmt = (aw: Aw, logged: boolean): Stmt => (logged ? { op: 'await', aw, log: true } : { op: 'await', aw });
const gatherOf = (items: Aw[], rex: boolean): Aw => (rex ? { gather: items, return_exceptions: true } : { gather: items });
const guardTimeout = (st: Stmt): Stmt => ({ op: 'try', body: [st], except: [{ error: 'TimeoutError', body: [log('timeout')] }] });

/** Context of a statement: which coroutine, how deep, lexically inside an except body? */
interface Ctx {
  readonly coro: number;
  readonly depth: number;
  readonly inExcept: boolean;
}

function memo<K, V>(make: (key: K) => V): (key: K) => V {
  const cache = new Map<string, V>();
  return (key) => {
    const k = JSON.stringify(key);
    if (!cache.has(k)) cache.set(k, make(key));
    return cache.get(k)!;
  };
}

/** Awaitables built in coroutine i, nested `nest` deep. */
const awaitable = memo(([i, nest]: [number, number]): fc.Arbitrary<Aw> => {
  const inner = nest < 2 ? awaitable([i, nest + 1]) : null;
  const arbs: fc.WeightedArbitrary<Aw>[] = [
    { weight: 3, arbitrary: delay.map((sleep) => ({ sleep })) },
    { weight: 1, arbitrary: fc.constant({ acquire: 'L' }) },
    { weight: 1, arbitrary: fc.constant({ wait: 'E' }) },
    { weight: 1, arbitrary: fc.constant({ get: 'Q' }) },
    { weight: 2, arbitrary: value.map((v) => ({ put: 'Q', value: v })) },
    { weight: 1, arbitrary: fc.constant({ join: 'Q' }) },
  ];
  if (i < HELPERS) {
    arbs.push(
      { weight: 5, arbitrary: later(i).map((j) => ({ coro: name(j) })) },
      { weight: 5, arbitrary: later(i).map((j) => ({ task: VARS[j]! })) },
    );
  }
  if (inner !== null) {
    arbs.push(
      { weight: 3, arbitrary: fc.tuple(fc.array(inner, { maxLength: 3 }), fc.boolean()).map(([g, rex]) => gatherOf(g, rex)) },
      { weight: 3, arbitrary: fc.tuple(inner, fc.constantFrom(...TIMEOUTS)).map(([w, timeout]) => ({ wait_for: w, timeout })) },
      { weight: 2, arbitrary: inner.map((shield) => ({ shield })) },
    );
    if (i < HELPERS) {
      const twice = later(i).map((j) => [{ task: VARS[j]! }, { task: VARS[j]! }]); // the same task twice
      arbs.push({ weight: 1, arbitrary: fc.tuple(twice, fc.boolean()).map(([g, rex]) => gatherOf(g, rex)) });
    }
  }
  return fc.oneof(...arbs);
});

const spawn = memo((i: number): fc.Arbitrary<Stmt> =>
  fc.tuple(later(i), fc.nat(1)).map(([j, k]): Stmt => ({ op: 'spawn', var: VARS[j]!, coro: name(j), name: TASK_NAMES[j]![k]! })),
);

/** One statement. */
const statement = memo((ctx: Ctx): fc.Arbitrary<Stmt> => {
  const { coro: i, depth } = ctx;
  const sub = () => body({ coro: i, depth: depth + 1, inExcept: ctx.inExcept }, 3);
  const arbs: fc.WeightedArbitrary<Stmt>[] = [
    { weight: 8, arbitrary: text.map(log) },
    { weight: 10, arbitrary: delay.map((d): Stmt => ({ op: 'sleep', delay: d })) },
    { weight: 16, arbitrary: fc.tuple(awaitable([i, 0]), fc.boolean()).map(([aw, l]) => awaitStmt(aw, l)) },
    { weight: 4, arbitrary: later(0).map((j): Stmt => ({ op: 'cancel', var: VARS[j]! })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...RAISABLE), fc.constantFrom(...MESSAGES)).map(([error, msg]): Stmt => ({ op: 'raise', error, msg })) },
    { weight: 2, arbitrary: fc.option(value, { nil: undefined }).map((v): Stmt => (v === undefined ? { op: 'return' } : { op: 'return', value: v })) },
    { weight: 3, arbitrary: fc.constantFrom<Stmt>({ op: 'set', event: 'E' }, { op: 'set', event: 'E' }, { op: 'clear', event: 'E' }) },
    { weight: 1, arbitrary: fc.constantFrom<Stmt>({ op: 'release', lock: 'L' }, { op: 'task_done', queue: 'Q' }) },
  ];
  if (i < HELPERS) arbs.push({ weight: i === 0 ? 6 : 2, arbitrary: spawn(i) });
  if (ctx.inExcept) arbs.push({ weight: 4, arbitrary: fc.constant<Stmt>({ op: 'raise' }) });
  if (depth < 2) {
    arbs.push(
      { weight: 6, arbitrary: tryStmt(ctx) },
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom(0, 1, 2, 2, 3, null), sub()).map(([times, b]): Stmt => ({ op: 'repeat', times, body: b })) },
      { weight: 3, arbitrary: sub().map((b): Stmt => ({ op: 'with_lock', lock: 'L', body: b })) },
    );
  }
  return fc.oneof(...arbs);
});

function tryStmt(ctx: Ctx): fc.Arbitrary<Stmt> {
  const inner = { coro: ctx.coro, depth: ctx.depth + 1 };
  const handler: fc.Arbitrary<Handler> = fc
    .tuple(fc.constantFrom(...CATCHABLE), body({ ...inner, inExcept: true }, 3, 0))
    .map(([error, b]) => ({ error, body: b }));
  const fin = fc.option(body({ ...inner, inExcept: ctx.inExcept }, 2), { nil: undefined });
  return fc.tuple(body({ ...inner, inExcept: ctx.inExcept }, 3), fc.array(handler, { maxLength: 2 }), fin).map(([b, handlers, f]): Stmt => {
    const st: Stmt = { op: 'try', body: b };
    if (handlers.length > 0) st.except = handlers;
    if (f !== undefined || handlers.length === 0) st.finally = f ?? [];
    return st;
  });
}

/** A statement, or a small idiom of a few. */
const chunk = memo((ctx: Ctx): fc.Arbitrary<Stmt[]> => {
  const i = ctx.coro;
  const catchCancel = fc.constantFrom<Stmt[]>([], [{ op: 'sleep', delay: 0 }], [{ op: 'return', value: 'swallowed' }], [{ op: 'raise' }], [{ op: 'sleep', delay: 1 }, log('after')]);
  const arbs: fc.WeightedArbitrary<Stmt[]>[] = [
    { weight: 12, arbitrary: statement(ctx).map((s) => [s]) },
    // a wait_for whose TimeoutError is caught
    {
      weight: 2,
      arbitrary: fc.tuple(awaitable([i, 1]), fc.constantFrom(...TIMEOUTS), fc.boolean()).map(([w, timeout, l]) => [guardTimeout(awaitStmt({ wait_for: w, timeout }, l))]),
    },
    // a consumer (get, maybe with a timeout, then task_done) and a producer
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom(null, 1, 2), fc.boolean()).map(([timeout, l]): Stmt[] => [
        awaitStmt(timeout === null ? { get: 'Q' } : { wait_for: { get: 'Q' }, timeout }, l),
        { op: 'task_done', queue: 'Q' },
      ]),
    },
    { weight: 2, arbitrary: fc.array(value, { minLength: 1, maxLength: 2 }).map((vs) => vs.map((v) => awaitStmt({ put: 'Q', value: v }, false))) },
    // a critical section by hand
    { weight: 1, arbitrary: delay.map((d): Stmt[] => [awaitStmt({ acquire: 'L' }, false), { op: 'sleep', delay: d }, { op: 'release', lock: 'L' }]) },
    // a wait that survives (or not) its cancellation
    {
      weight: 3,
      arbitrary: fc.tuple(delay, text, catchCancel, fc.boolean()).map(([d, t, handler, fin]): Stmt[] => [
        { op: 'try', body: [{ op: 'sleep', delay: d }, log(t)], except: [{ error: 'CancelledError', body: [log('caught'), ...handler] }], ...(fin && { finally: [log('finally')] }) },
      ]),
    },
  ];
  if (i < HELPERS) {
    // spawn, then wait for it (directly, through wait_for, or in a gather)
    const wrap = fc.constantFrom<(t: Aw) => Aw>((t) => t, (t) => ({ wait_for: t, timeout: 1 }), (t) => ({ wait_for: t, timeout: 0 }), (t) => gatherOf([t], true), (t) => ({ shield: t }));
    arbs.push({ weight: 3, arbitrary: fc.tuple(spawn(i), wrap, fc.option(statement(ctx), { nil: undefined })).map(([s, w, mid]): Stmt[] => [s, ...(mid ? [mid] : []), awaitStmt(w({ task: (s as { var: string }).var }), true)]) });
    // spawn, maybe let it start, cancel it, then see how it ended
    arbs.push({
      weight: 2,
      arbitrary: fc.tuple(spawn(i), fc.constantFrom<Stmt[]>([], [{ op: 'sleep', delay: 0 }], [{ op: 'sleep', delay: 0.5 }], [{ op: 'sleep', delay: 1 }])).map(([s, wait]): Stmt[] => {
        const v = (s as { var: string }).var;
        const awaitIt: Stmt = { op: 'try', body: [awaitStmt({ task: v }, true)], except: [{ error: 'CancelledError', body: [log('it was cancelled')] }] };
        return [s, ...wait, { op: 'cancel', var: v }, awaitIt];
      }),
    });
  }
  return fc.oneof(...arbs);
});

function body(ctx: Ctx, maxLength: number, minLength = 1): fc.Arbitrary<Stmt[]> {
  return fc.array(chunk(ctx), { minLength, maxLength }).map((chunks) => chunks.flat());
}

const budgets = fc.oneof(
  { weight: 17, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.integer({ min: 3, max: 60 }).map((max_iterations) => ({ max_iterations })) },
  { weight: 1, arbitrary: fc.integer({ min: 3, max: 40 }).map((max_statements) => ({ max_statements })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((max_depth) => ({ max_depth })) },
);

/** How main ends: as it is, or waiting (a sleep, the first task it spawned, all of them in a gather, with or without a timeout). */
const ending = fc.record({
  kind: fc.constantFrom('none', 'none', 'sleep', 'sleep', 'gather', 'gather-timeout', 'gather-timeout', 'await'),
  delay,
  timeout: fc.constantFrom(1, 2, 3, 5),
  rex: fc.boolean(),
});

/** Random valid programs (see the header for the bias). */
export const programs: fc.Arbitrary<Program> = fc
  .record({
    spawns: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }) }),
    prefix: fc.array(spawn(0), { minLength: 3, maxLength: 3 }),
    main: body({ coro: 0, depth: 0, inExcept: false }, 4),
    ending,
    helpers: fc.tuple(...Array.from({ length: HELPERS }, (_, k) => body({ coro: k + 1, depth: 0, inExcept: false }, 4))),
    maxsize: fc.constantFrom(0, 0, 1, 2),
    budgets,
  })
  .map(({ spawns, prefix, main, ending, helpers, maxsize, budgets }) => {
    const first = prefix.slice(0, spawns);
    const vars = [...new Set(first.map((s) => (s as { var: string }).var))];
    const end: Stmt[] =
      ending.kind === 'sleep' ? [{ op: 'sleep', delay: ending.delay }]
      : ending.kind === 'gather' && vars.length > 0 ? [awaitStmt(gatherOf(vars.map((task) => ({ task })), ending.rex), true)]
      : ending.kind === 'gather-timeout' && vars.length > 0 ? [guardTimeout(awaitStmt({ wait_for: gatherOf(vars.map((task) => ({ task })), ending.rex), timeout: ending.timeout }, true))]
      : ending.kind === 'await' && vars.length > 0 ? [awaitStmt({ task: vars[0]! }, true)]
      : [];
    return assemble([...first, ...main, ...end], helpers, maxsize, budgets);
  });

// ---------------------------------------------------------------- pruning

interface Used {
  coros: Set<string>;
  spawned: Set<string>;
  L: boolean;
  E: boolean;
  Q: boolean;
  forever: boolean;
}

function assemble(main: Stmt[], helpers: Stmt[][], maxsize: number, budgets: Partial<Program>): Program {
  let coros: Record<string, Stmt[]> = { main };
  helpers.forEach((b, k) => (coros[name(k + 1)] = b));
  // A variable nobody spawns would only ever be a NameError: call its coroutine instead.
  const spawned = reachable(coros).spawned;
  coros = Object.fromEntries(Object.entries(coros).map(([n, b]) => [n, b.map((st) => readUnspawned(st, spawned))]));
  const used = reachable(coros);
  const prog: Program = { coros: Object.fromEntries(Object.entries(coros).filter(([n]) => used.coros.has(n))) };
  if (used.L) prog.locks = ['L'];
  if (used.E) prog.events = ['E'];
  if (used.Q) prog.queues = { Q: maxsize };
  Object.assign(prog, budgets);
  // A `while True` makes a long trace before the default budgets stop it: keep it short.
  if (used.forever && prog.max_iterations === undefined) prog.max_iterations = 400;
  if (used.forever && prog.max_statements === undefined) prog.max_statements = 2000;
  return prog;
}

function reachable(coros: Record<string, Stmt[]>): Used {
  const used: Used = { coros: new Set(['main']), spawned: new Set(), L: false, E: false, Q: false, forever: false };
  const todo = ['main'];
  const coro = (n: string) => {
    if (!used.coros.has(n)) (used.coros.add(n), todo.push(n));
  };
  const walkAw = (a: Aw): void => {
    if ('coro' in a) coro(a.coro);
    else if ('gather' in a) a.gather.forEach(walkAw);
    else if ('wait_for' in a) walkAw(a.wait_for);
    else if ('shield' in a) walkAw(a.shield);
    else if ('acquire' in a) used.L = true;
    else if ('wait' in a) used.E = true;
    else if ('get' in a || 'put' in a || 'join' in a) used.Q = true;
  };
  const walk = (b: Stmt[]): void => {
    for (const st of b) {
      if (st.op === 'spawn') (coro(st.coro), used.spawned.add(st.var));
      else if (st.op === 'await') walkAw(st.aw);
      else if (st.op === 'release' || st.op === 'with_lock') used.L = true;
      else if (st.op === 'set' || st.op === 'clear') used.E = true;
      else if (st.op === 'task_done') used.Q = true;
      if (st.op === 'repeat' && st.times === null) used.forever = true;
      if (st.op === 'try') [st.body, ...(st.except ?? []).map((h) => h.body), st.finally ?? []].forEach(walk);
      else if (st.op === 'repeat' || st.op === 'with_lock') walk(st.body);
    }
  };
  while (todo.length > 0) walk(coros[todo.pop()!]!);
  return used;
}

function readUnspawned(st: Stmt, spawned: Set<string>): Stmt {
  const aw = (a: Aw): Aw => {
    if ('task' in a) return spawned.has(a.task) ? a : { coro: name(VARS.indexOf(a.task as (typeof VARS)[number])) };
    if ('gather' in a) return { ...a, gather: a.gather.map(aw) };
    if ('wait_for' in a) return { ...a, wait_for: aw(a.wait_for) };
    if ('shield' in a) return { shield: aw(a.shield) };
    return a;
  };
  const blk = (b: Stmt[]) => b.map((s) => readUnspawned(s, spawned));
  switch (st.op) {
    case 'await':
      return { ...st, aw: aw(st.aw) };
    case 'cancel':
      return spawned.has(st.var) ? st : log('no-cancel');
    case 'try': {
      const t: Stmt = { op: 'try', body: blk(st.body) };
      if (st.except) t.except = st.except.map((h) => ({ error: h.error, body: blk(h.body) }));
      if (st.finally) t.finally = blk(st.finally);
      return t;
    }
    case 'repeat':
    case 'with_lock':
      return { ...st, body: blk(st.body) };
    default:
      return st;
  }
}
