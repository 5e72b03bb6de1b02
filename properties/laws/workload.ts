/**
 * The random workloads of the property suites live in
 * src/harness/conformance/workloads.ts, shared with the conformance kits
 * (checkTaskScheduler, checkActorScheduler): one copy. Re-exported here for
 * the suites and properties/reference/seed_runner.py's mirror.
 */
export * from '../../src/harness/conformance/workloads.js';
