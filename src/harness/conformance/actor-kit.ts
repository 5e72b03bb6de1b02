/**
 * checkActorScheduler: the seed's ActorScheduler laws, run against any
 * object with newActor(name, actor), send(name, msg) and run().
 */
import fc from 'fast-check';
import { describe as describeValue } from '../../kernel/index.js';
import { errorLine } from '../scenario.js';
import {
  checkBoundAtSend,
  checkCompleted,
  checkDeterminism,
  checkNoLoss,
  checkOrder,
  checkPriming,
  checkUnknownDropped,
  watchActors,
  type ActorWatch,
} from './actor-checks.js';
import { law, LawViolation, runLaws, validateOptions, type ConformanceOptions, type ConformanceSummary, type Law } from './law.js';
import { renderActorWorkload } from './report.js';
import { actorWorkload, countDown, DuplicatedCount, type ActorSchedulerLike, type ActorWorkload, type ActorWorkloadOptions } from './workloads.js';

/** The laws of checkActorScheduler, in the order they are checked. */
export const ACTOR_LAWS = [
  'recursion-free delivery',
  'sends to unknown names dropped',
  'priming before messages',
  'messages to a finished actor swallowed',
  'messages bound to the actor at send time',
  'no lost or duplicated messages',
  'message order (global FIFO)',
  'determinism',
] as const;

export type ActorLaw = (typeof ACTOR_LAWS)[number];

export interface ActorConformanceOptions extends ConformanceOptions {
  /** The longest counter/printer countdown of the recursion-free law (default 10^6; it always runs it, and 1001). */
  readonly maxMessages?: number;
}

export const DEFAULT_MAX_MESSAGES = 1_000_000;

/** Frames a delivery may sit deeper late in a countdown than at its start (a constant, not growing with the count). */
const DEPTH_SLACK = 8;

export function checkRecursionFree(make: () => ActorSchedulerLike, n: number): void {
  const law: ActorLaw = 'recursion-free delivery';
  let run;
  try {
    run = countDown(make, n);
  } catch (error) {
    if (error instanceof DuplicatedCount) throw new LawViolation('no lost or duplicated messages', `counting down from ${n}: ${error.message}`);
    const reentered = error instanceof TypeError && /already running/.test(error.message);
    throw new LawViolation(law, `counting down from ${n} threw ${errorLine(error)}${reentered ? ': send() called into the actor that was sending' : ''}`);
  }
  if (run.nested !== null) throw new LawViolation(law, `counting down from ${n}, ${run.nested}: send() called into the receiver instead of queueing`);
  const base = run.depths[0];
  if (base === undefined) return;
  run.depths.forEach((depth, i) => {
    if (depth > base + DEPTH_SLACK) {
      throw new LawViolation(law, `counting down from ${n}, the counter ran ${depth - base} frames deeper at count ${run.at[i]} than at count ${run.at[0]}: each delivery adds to the stack`);
    }
  });
}

function renderCountDown(n: number): string {
  return [
    'newActor("printer", <counts what it gets>)',
    'newActor("counter", <on k: returns if k is 0, else send("printer", k), send("counter", k - 1)>)',
    `send("counter", ${n})`,
    `run()   (${(2 * n + 2).toLocaleString('en-US')} deliveries)`,
  ].join('\n');
}

function actorLaws(make: () => ActorSchedulerLike, maxMessages: number): Law<unknown>[] {
  const on = (name: ActorLaw, shape: ActorWorkloadOptions, body: (w: ActorWatch) => void) =>
    law<ActorWorkload>({
      name,
      arbitrary: actorWorkload(shape),
      check: (workload) => {
        const w = watchActors(make, workload);
        checkCompleted(name, w);
        body(w);
      },
      render: renderActorWorkload,
    });
  const examples = maxMessages > 1001 ? [maxMessages, 1001] : [maxMessages];
  return [
    law<number>({
      name: 'recursion-free delivery',
      arbitrary: fc.oneof(fc.integer({ min: 1, max: Math.min(2000, maxMessages) }), fc.integer({ min: 1, max: maxMessages })),
      examples,
      runs: (numRuns) => Math.min(numRuns, examples.length + 4),
      check: (n) => checkRecursionFree(make, n),
      render: renderCountDown,
    }),
    on('sends to unknown names dropped', { finishing: false, throws: false, spawns: false }, checkUnknownDropped),
    on('priming before messages', { unknownNames: false, finishing: false, throws: false }, checkPriming),
    on('messages to a finished actor swallowed', { unknownNames: false, spawns: false }, () => {}),
    on('messages bound to the actor at send time', { unknownNames: false, finishing: false, throws: false }, checkBoundAtSend),
    on('no lost or duplicated messages', { finishing: false, throws: false }, checkNoLoss),
    on('message order (global FIFO)', {}, checkOrder),
    law<ActorWorkload>({
      name: 'determinism',
      arbitrary: actorWorkload(),
      check: (workload) => {
        const first = watchActors(make, workload);
        checkCompleted('determinism', first);
        const second = watchActors(make, workload);
        checkCompleted('determinism', second);
        checkDeterminism(first, second);
      },
      render: renderActorWorkload,
    }),
  ];
}

/**
 * Runs the seed's ActorScheduler laws against schedulers made by `factory`
 * (a fresh one per workload). Returns a summary; throws a ConformanceError
 * naming the first law broken, with the minimal counterexample and the
 * options that replay it.
 */
export function checkActorScheduler(factory: () => ActorSchedulerLike, options: ActorConformanceOptions = {}): ConformanceSummary {
  if (typeof factory !== 'function') throw new TypeError(`checkActorScheduler expected a factory function returning a scheduler, got ${describeValue(factory)}`);
  const checked = validateOptions('checkActorScheduler', options, ACTOR_LAWS, ['maxMessages']) as ActorConformanceOptions;
  const maxMessages = checked.maxMessages ?? DEFAULT_MAX_MESSAGES;
  if (!Number.isInteger(maxMessages) || maxMessages < 1) {
    throw new TypeError(`checkActorScheduler expected options.maxMessages to be a positive integer, got ${describeValue(checked.maxMessages)}`);
  }
  const probe = factory() as Partial<ActorSchedulerLike> | null | undefined;
  if (typeof probe?.newActor !== 'function' || typeof probe.send !== 'function' || typeof probe.run !== 'function') {
    throw new TypeError(`checkActorScheduler: the factory returned ${describeValue(probe)}, expected an object with newActor(name, actor), send(name, msg) and run()`);
  }
  const shaping = checked.maxMessages !== undefined ? { maxMessages } : {};
  return runLaws({ kit: 'actor', fn: 'checkActorScheduler', laws: actorLaws(factory, maxMessages), shaping }, checked);
}
