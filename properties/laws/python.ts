/**
 * A long-lived python3 process answering one JSON request per line, so a
 * property can ask CPython for the reference result of each generated case
 * (and fast-check can shrink a mismatch) without paying a process start per
 * case.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export function hasPython(): boolean {
  return spawnSync('python3', ['--version']).status === 0;
}

export class PythonOracle {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = '';

  constructor(script: string, args: readonly string[] = []) {
    this.child = spawn('python3', [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
    this.child.on('exit', (code) => {
      for (const resolve of this.waiting.splice(0)) resolve(JSON.stringify({ error: `python3 exited ${code}: ${this.stderr}` }));
    });
  }

  ask(request: unknown): Promise<unknown> {
    return new Promise((resolve) => {
      this.waiting.push((line) => resolve(JSON.parse(line)));
      this.child.stdin.write(JSON.stringify(request) + '\n');
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}
