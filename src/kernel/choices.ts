/**
 * The Choice objects the kernel hands a strategy: its own (which ready entry
 * runs next) and a layer's (`Kernel.choose`). One of each per kernel, made on
 * first use and reused for every decision, so asking costs no allocation.
 */
import type { Kernel, Queued } from './kernel.js';
import type { ReadyQueue } from './ready-queue.js';
import type { Choice, Owner } from './strategy.js';

/**
 * The place of candidate `n` in a batch run in place, where `ran` has a bit
 * set per place that ran: the n-th lowest bit clear in `ran` (from 0).
 */
export function unrunPlace(ran: number, n: number): number {
  let unrun = ~ran;
  while (n-- > 0) unrun &= unrun - 1; // drop the lowest clear place n times
  return 31 - Math.clz32(unrun & -unrun);
}

const noOwner = (): Owner | null => null;

/** A layer's Choice (see `Kernel.choose`). Reused, never allocated per decision. */
export class LayerChoice implements Choice {
  kind = '';
  count = 0;
  ownerOf: (index: number) => Owner | null = noOwner;

  constructor(private readonly kernel: Kernel) {}

  owner(index: number): Owner | null {
    if (!(index >= 0 && index < this.count && index === (index | 0))) throw new RangeError(`Choice.owner(${index}) outside 0..${this.count - 1}`);
    return this.ownerOf(index);
  }

  get step(): number {
    return this.kernel.steps;
  }

  get time(): number {
    return this.kernel.time;
  }
}

/** The kernel's own Choice: the next `count` entries of the batch being run. Reused, never allocated per step. */
export class ReadyChoice implements Choice {
  readonly kind = 'ready';
  count = 0;
  /** Where candidate 0 stands in the batch. */
  offset = 0;
  /** In a batch run in place, a bit per place already run (candidates are the places whose bit is clear); 0 otherwise. */
  ran = 0;
  // The candidates' places for `listedRan`, listed when an owner is first
  // asked for (a strategy like pct asks for every candidate's): a function of
  // the bits alone, so a list stays good for as long as they are the same.
  private readonly places: number[] = [];
  private listedRan = 0;
  private listedCount = 0;

  constructor(
    private readonly ready: ReadyQueue<Queued>,
    private readonly kernel: Kernel,
  ) {}

  owner(index: number): Owner | null {
    if (!(index >= 0 && index < this.count && index === (index | 0))) throw new RangeError(`Choice.owner(${index}) outside 0..${this.count - 1}`);
    return this.kernel.ownerOf(this.ready.entryAt(this.placeOf(index)));
  }

  private placeOf(index: number): number {
    if (this.ran === 0) return this.offset + index;
    if (this.ran !== this.listedRan || this.count > this.listedCount) this.listPlaces();
    return this.places[index]!;
  }

  private listPlaces(): void {
    let unrun = ~this.ran;
    for (let k = 0; k < this.count; k++) {
      this.places[k] = 31 - Math.clz32(unrun & -unrun);
      unrun &= unrun - 1;
    }
    this.listedRan = this.ran;
    this.listedCount = this.count;
  }

  get step(): number {
    return this.kernel.steps;
  }

  get time(): number {
    return this.kernel.time;
  }
}
