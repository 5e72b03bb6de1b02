/**
 * BaseExceptionGroup / ExceptionGroup: Python's exception groups (PEP 654),
 * which JavaScript lacks — what a TaskGroup raises when its tasks fail.
 *
 * They extend the built-in AggregateError, so Node and test runners print
 * the sub-errors; `.exceptions` is Python's name for AggregateError's
 * `.errors`. `.message` is what Python's `str(group)` prints:
 * "unhandled errors in a TaskGroup (2 sub-exceptions)"; the bare message is
 * `.groupMessage` (Python's `.message`). JavaScript has no BaseException
 * (no KeyboardInterrupt, no SystemExit), so every group simloop raises is an
 * ExceptionGroup. There is no `except*`: catch the group and use `split`
 * or `subgroup`, which take an error class or a predicate as Python's do:
 *
 *     } catch (e) {
 *       if (!(e instanceof ExceptionGroup)) throw e;
 *       const [valueErrors, rest] = e.split(RangeError);
 *       if (rest !== null) throw rest;
 *     }
 */
import { describe } from '../kernel/index.js';

type Condition = (abstract new (...args: never[]) => unknown) | ((error: unknown) => boolean);

export class BaseExceptionGroup extends AggregateError {
  override name = 'BaseExceptionGroup';
  /** The message without the sub-exception count (Python's `.message`). */
  readonly groupMessage: string;
  /** The sub-exceptions, in the order they were raised (Python's `.exceptions`). */
  readonly exceptions: readonly unknown[];

  constructor(message: string, exceptions: readonly unknown[]) {
    if (typeof message !== 'string') throw new TypeError(`${new.target.name} expected a message string first, got ${describe(message)}`);
    if (!Array.isArray(exceptions) || exceptions.length === 0) {
      throw new TypeError(`${new.target.name} expected a non-empty array of errors second, got ${describe(exceptions)}`);
    }
    const n = exceptions.length;
    super(exceptions, `${message} (${n} sub-exception${n === 1 ? '' : 's'})`);
    this.groupMessage = message;
    this.exceptions = Object.freeze([...exceptions]);
  }

  /** A group of the same kind and message with other sub-exceptions (Python's `derive`). */
  derive(exceptions: readonly unknown[]): BaseExceptionGroup {
    return new (this.constructor as new (message: string, exceptions: readonly unknown[]) => BaseExceptionGroup)(this.groupMessage, exceptions);
  }

  /** The sub-exceptions (searched through nested groups) that match, as a group of the same shape, or null. */
  subgroup(condition: Condition): BaseExceptionGroup | null {
    return this.split(condition)[0];
  }

  /** [what matches, the rest], each a group of the same shape or null — Python's `split`, what `except*` uses. */
  split(condition: Condition): [BaseExceptionGroup | null, BaseExceptionGroup | null] {
    const matches = toPredicate(condition);
    if (matches(this)) return [this, null];
    const match: unknown[] = [];
    const rest: unknown[] = [];
    for (const error of this.exceptions) {
      if (error instanceof BaseExceptionGroup) {
        const [m, r] = error.split(matches);
        if (m !== null) match.push(m);
        if (r !== null) rest.push(r);
      } else if (matches(error)) {
        match.push(error);
      } else {
        rest.push(error);
      }
    }
    return [match.length === 0 ? null : this.derive(match), rest.length === 0 ? null : this.derive(rest)];
  }
}

export class ExceptionGroup extends BaseExceptionGroup {
  override name = 'ExceptionGroup';
}

function toPredicate(condition: Condition): (error: unknown) => boolean {
  if (typeof condition !== 'function') throw new TypeError(`split/subgroup expected an error class or a predicate, got ${describe(condition)}`);
  // A class (its prototype is an object with a constructor): match by instanceof; else a predicate.
  if (isClass(condition)) return (error) => error instanceof condition;
  return condition as (error: unknown) => boolean;
}

function isClass(fn: Function): fn is abstract new (...args: never[]) => unknown {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn)) || fn === Error || Object.prototype.isPrototypeOf.call(Error, fn);
}
