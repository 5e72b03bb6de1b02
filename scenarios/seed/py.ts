/**
 * The few Python builtins the seed examples lean on, for their TypeScript
 * ports: `next` and `send` (which raise StopIteration when the generator is
 * done, where JavaScript returns `{ done: true }`), `range`, `sum`, and the
 * repr of a generator object. Shared by the scenarios in this directory
 * only — simloop itself has no use for them.
 */

/** Python's StopIteration: raised by `next(gen)` / `gen.send(v)` on a finished generator. */
export class StopIteration extends Error {
  override name = 'StopIteration';

  constructor() {
    super('');
  }
}

/** Python's `next(gen)`: resumes the generator to its next yield and returns the yielded value. */
export function next<T, TNext>(gen: Iterator<T, unknown, TNext>): T {
  const step = gen.next();
  if (step.done === true) throw new StopIteration();
  return step.value;
}

/** Python's `gen.send(value)`: resumes the generator with `value` as the result of its paused `yield`. */
export function send<T, TNext>(gen: Iterator<T, unknown, TNext>, value: TNext): T {
  const step = gen.next(value);
  if (step.done === true) throw new StopIteration();
  return step.value;
}

/** Python's `range(stop)`, lazily. */
export function* range(stop: number): Generator<number, void, unknown> {
  for (let i = 0; i < stop; i++) yield i;
}

/** Python's `sum(iterable)`: pulls the values one at a time, so a generator is never materialised. */
export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/**
 * Python's `repr` of a generator object made by `fn`: `<generator object x at 0x01ACB760>`.
 * JavaScript has no object addresses to show, so the address is printed
 * already in the form the goldens normalise every address to (`at 0x…`); the
 * name is the generator function's own, as Python's `__qualname__`.
 */
export function generatorRepr(fn: (...args: never[]) => Iterator<unknown>, gen: Iterator<unknown>): string {
  if (Object.getPrototypeOf(gen) !== fn.prototype) {
    throw new TypeError(`generatorRepr expected a generator made by ${fn.name}()`);
  }
  return `<generator object ${fn.name} at 0x…>`;
}
