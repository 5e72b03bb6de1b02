/**
 * Native resources the bridge does not control — real timers, file and
 * network I/O, child processes — counted from Node's own list
 * (`process.getActiveResourcesInfo`), so that a stuck run can say what the
 * program may really be waiting on. Used only to word an error, never to
 * decide anything in a run.
 */
const HINTS: Record<string, string> = {
  Timeout: 'real timer',
  Immediate: 'real setImmediate',
  FSReqCallback: 'file system I/O',
  FSReqPromise: 'file system I/O',
  FileHandleCloseReq: 'file system I/O',
  TCPWrap: 'network socket',
  TCPSocketWrap: 'network socket',
  TCPServerWrap: 'network server',
  TCPConnectWrap: 'network connect',
  GetAddrInfoReqWrap: 'DNS lookup',
  UDPWrap: 'UDP socket',
  ProcessWrap: 'child process',
  PipeWrap: 'pipe',
  TTYWrap: 'terminal',
  MessagePort: 'worker message port',
  Worker: 'worker thread',
};

export type ResourceCounts = ReadonlyMap<string, number>;

export function activeResources(): ResourceCounts {
  const counts = new Map<string, number>();
  const info = typeof process.getActiveResourcesInfo === 'function' ? process.getActiveResourcesInfo() : [];
  for (const type of info) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** What is alive now that was not when the run started, and the real timers that were already there. */
export function describeOutside(before: ResourceCounts, now: ResourceCounts = activeResources()): string[] {
  const out: string[] = [];
  for (const [type, count] of now) {
    const added = count - (before.get(type) ?? 0);
    if (added > 0) out.push(`${added} ${type} started during the run (${HINTS[type] ?? 'native resource'})`);
  }
  const oldTimers = Math.min(before.get('Timeout') ?? 0, now.get('Timeout') ?? 0);
  if (oldTimers > 0) out.push(`${oldTimers} real timer${oldTimers === 1 ? '' : 's'} from before the run (simloop cannot fire ${oldTimers === 1 ? 'it' : 'them'}: create timers inside the run)`);
  return out;
}
