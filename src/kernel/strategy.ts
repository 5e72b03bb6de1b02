/**
 * The one extension point for "what runs next". The kernel — and the layers,
 * for their own decisions (which waiter a lock wakes, ...) — describe a choice
 * and ask the strategy for an index; the kernel knows nothing else about it.
 *
 * Modelled on shuttle's Scheduler trait and fast-check's scheduler selector:
 * one small object, one decision method. Seeded randomness lives inside a
 * strategy (built from the run's seed), never in the kernel.
 */

/** A task, actor or other thing that owns entries in the ready queue. */
export interface Owner {
  /** Unique within a run, in creation order. */
  readonly id: number;
  readonly name: string;
}

/** One decision: pick an index in [0, count). */
export interface Choice {
  /** What is being chosen: `'ready'` for the kernel's ready entries; layers add their own kinds. */
  readonly kind: string;
  /** How many candidates; index 0 is the one FIFO order would take. */
  readonly count: number;
  /** Which task or actor owns candidate `index` (null for anonymous callbacks). */
  owner(index: number): Owner | null;
  /** The step about to run and the virtual time, for strategies that schedule by position (PCT). */
  readonly step: number;
  readonly time: number;
}

export interface Strategy {
  readonly name: string;
  /**
   * True when `choose` always returns 0: the kernel may then skip asking,
   * which keeps the faithful default as fast as a bare loop.
   */
  readonly picksHead?: boolean;
  choose(choice: Choice): number;
}
