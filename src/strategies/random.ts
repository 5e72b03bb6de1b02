/**
 * random: uniform among the candidates of each choice, from a seeded PRNG.
 * Shuttle's RandomScheduler, in a few lines.
 */
import type { Choice, Strategy } from '../kernel/index.js';
import { Rng } from './rng.js';

export function randomStrategy(seed: number): Strategy {
  const rng = new Rng(seed);
  return {
    name: 'random',
    choose: (choice: Choice) => rng.below(choice.count),
  };
}
