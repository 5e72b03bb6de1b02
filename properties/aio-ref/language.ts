/**
 * The JSON program language of programs.md, as TypeScript types: what
 * interpreter.ts runs and programs.ts generates. The contract is programs.md
 * (and validate.py, which checks it); nothing here validates.
 */

/** A value: JSON without floats (ints within ±2^53). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type Stmt =
  | { op: 'log'; text: string }
  | { op: 'sleep'; delay: number }
  | { op: 'spawn'; var: string; coro: string; name: string }
  | { op: 'await'; aw: Aw; log?: boolean }
  | { op: 'cancel'; var: string }
  | { op: 'try'; body: Stmt[]; except?: Handler[]; finally?: Stmt[] }
  | { op: 'raise'; error?: string; msg?: string }
  | { op: 'return'; value?: Json }
  | { op: 'repeat'; times: number | null; body: Stmt[] }
  | { op: 'release'; lock: string }
  | { op: 'with_lock'; lock: string; body: Stmt[] }
  | { op: 'set'; event: string }
  | { op: 'clear'; event: string }
  | { op: 'task_done'; queue: string };

/** `error`: CancelledError, TimeoutError, Exception or a user error name. */
export interface Handler {
  error: string;
  body: Stmt[];
}

/** An awaitable: an object with exactly one of these keys. */
export type Aw =
  | { coro: string }
  | { task: string }
  | { sleep: number }
  | { gather: Aw[]; return_exceptions?: boolean }
  | { wait_for: Aw; timeout: number | null }
  | { shield: Aw }
  | { acquire: string }
  | { wait: string }
  | { get: string }
  | { put: string; value: Json }
  | { join: string };

export interface Program {
  coros: Record<string, Stmt[]>;
  locks?: string[];
  events?: string[];
  queues?: Record<string, number>;
  max_iterations?: number;
  max_statements?: number;
  max_depth?: number;
  name?: string;
  note?: string;
}

export const DEFAULT_MAX_ITERATIONS = 10_000;
export const DEFAULT_MAX_STATEMENTS = 100_000;
export const DEFAULT_MAX_DEPTH = 50;
