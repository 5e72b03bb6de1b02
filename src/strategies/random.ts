/**
 * random: uniform among the candidates of each choice, from a seeded PRNG.
 * Shuttle's RandomScheduler, in a few lines. A class rather than a closure:
 * explore builds one per run.
 */
import type { Choice, Strategy } from '../kernel/index.js';
import { Rng } from './rng.js';

class RandomStrategy implements Strategy {
  readonly name = 'random';
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  choose(choice: Choice): number {
    return this.rng.below(choice.count);
  }
}

export function randomStrategy(seed: number): Strategy {
  return new RandomStrategy(seed);
}
