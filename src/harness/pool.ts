/**
 * A pool of exploration worker threads (explore-worker.ts): starts them,
 * hands each one job at a time, and answers each job with its result — or,
 * when the thread died doing it (process.exit, an uncaught error), with a
 * `WorkerCrash` naming what killed it; a new thread takes the dead one's
 * place. Which thread ran a job never shows in its result.
 */
import { Worker } from 'node:worker_threads';
import { ScenarioLoadError, type LoadProblem, type ScenarioFile } from './load.js';
import type { ExplorePlan } from './seed-plan.js';
import type { WorkerInit, WorkerJob, WorkerMessage } from './explore-worker.js';

export class WorkerCrash extends Error {
  override name = 'WorkerCrash';
}

interface Pending {
  readonly id: number;
  readonly job: WorkerJob;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  busy: Pending | null;
  error: unknown;
}

export interface ScenarioName {
  readonly file: string;
  readonly name: string;
}

export class ExplorePool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;
  private first: { resolve(names: ScenarioName[]): void; reject(error: unknown): void } | null = null;
  private names: ScenarioName[] | null = null;
  /** Threads started, crashed ones and their replacements included. */
  started = 0;

  constructor(
    private readonly init: WorkerInit,
    private readonly size: number,
  ) {}

  static create(files: readonly ScenarioFile[], plan: ExplorePlan, size: number): ExplorePool {
    return new ExplorePool({ files: files.map((f) => ({ path: f.path, explicit: f.explicit })), plan }, size);
  }

  /** Starts the threads; resolves with the scenarios the first one loaded, or rejects with why they cannot be loaded. */
  start(): Promise<ScenarioName[]> {
    const names = new Promise<ScenarioName[]>((resolve, reject) => (this.first = { resolve, reject }));
    for (let i = 0; i < this.size; i++) this.spawn();
    return names;
  }

  run<T>(job: WorkerJob): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve: resolve as (value: unknown) => void, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.slots].map((s) => s.worker.terminate()));
    this.slots.clear();
  }

  private spawn(): void {
    this.started++;
    const worker = new Worker(new URL('./explore-worker.js', import.meta.url), { workerData: this.init, stdout: false, stderr: false });
    const slot: Slot = { worker, ready: false, busy: null, error: null };
    this.slots.add(slot);
    worker.on('message', (message: WorkerMessage) => this.receive(slot, message));
    worker.on('error', (error) => (slot.error = error));
    worker.on('exit', (code) => this.exited(slot, code));
  }

  private receive(slot: Slot, message: WorkerMessage): void {
    if (message.type === 'ready') {
      const names = message.scenarios.map((s) => ({ file: s.file, name: s.name }));
      if (this.names === null) {
        this.names = names;
        this.first?.resolve(names);
      } else if (JSON.stringify(names) !== JSON.stringify(this.names)) {
        this.fail(new ScenarioLoadError('throws', 'the scenario files load differently in each worker thread (do they export something that depends on ambient state?): make their exports deterministic'));
        return;
      }
      slot.ready = true;
      this.pump();
    } else if (message.type === 'load-error') {
      const error = new ScenarioLoadError(message.problem as LoadProblem, message.message);
      if (message.stack !== null) error.stack = message.stack;
      this.fail(error);
    } else {
      const pending = slot.busy!;
      slot.busy = null;
      pending.resolve(message.result);
      this.pump();
    }
  }

  private exited(slot: Slot, code: number): void {
    this.slots.delete(slot);
    if (this.closed) return;
    const why = slot.error instanceof Error ? `${slot.error.name}: ${slot.error.message.split('\n')[0]}` : `the worker thread exited with code ${code} (process.exit(${code})?)`;
    if (!slot.ready) {
      // Died while loading the files: every replacement would too.
      this.fail(new ScenarioLoadError('throws', `cannot load the scenario files in a worker thread: ${why} (does a module call process.exit or throw later on?)`));
      return;
    }
    if (slot.busy !== null) {
      const pending = slot.busy;
      slot.busy = null;
      pending.reject(new WorkerCrash(why));
    }
    this.pump(); // a replacement starts when there is work for it
  }

  private fail(error: unknown): void {
    if (this.first !== null && this.names === null) this.first.reject(error);
    for (const pending of this.queue.splice(0)) pending.reject(error);
    for (const slot of this.slots) if (slot.busy !== null) slot.busy.reject(error);
    void this.close();
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.busy !== null) continue;
      const pending = this.queue.shift()!;
      slot.busy = pending;
      slot.worker.postMessage({ id: pending.id, job: pending.job });
    }
    if (this.queue.length > 0 && this.slots.size < this.size) this.spawn();
  }
}
