/**
 * DistinctCounter: how many different 32-bit values were added — explore's
 * count of distinct interleavings (one hash per run).
 *
 * A Set<number> does the same job, but an interleaving hash is a uint32,
 * half of which are above 2^31 and so are boxed as heap numbers before a Set
 * can hash them: at explore's rate (over 10^5 runs a second) that boxing and
 * the Set's own growth showed as ~10% of the profile. This is open
 * addressing with linear probing on an Int32Array (Knuth's multiplicative
 * hash picks the slot), kept at most half full; 0 marks an empty slot, so
 * the value 0 is remembered in a flag of its own.
 */
export class DistinctCounter {
  private table: Int32Array;
  private shift: number;
  private count = 0;
  private hasZero = false;

  /** `expected`: about how many values will be added (sizes the table once instead of growing it, up to 2^16 slots). */
  constructor(expected = 512) {
    let bits = 10;
    while (bits < 16 && 1 << bits < 2 * expected) bits++;
    this.table = new Int32Array(1 << bits);
    this.shift = 32 - bits;
  }

  get size(): number {
    return this.count + (this.hasZero ? 1 : 0);
  }

  add(value: number): this {
    const key = value | 0;
    if (key === 0) {
      this.hasZero = true;
      return this;
    }
    if (this.insert(this.table, this.shift, key)) {
      this.count++;
      if (this.count * 2 > this.table.length) this.grow();
    }
    return this;
  }

  /** True when `key` was not there (and now is). */
  private insert(table: Int32Array, shift: number, key: number): boolean {
    const mask = table.length - 1;
    for (let slot = Math.imul(key, 0x9e3779b1) >>> shift; ; slot = (slot + 1) & mask) {
      const there = table[slot]!;
      if (there === key) return false;
      if (there === 0) {
        table[slot] = key;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const shift = this.shift - 1;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.insert(table, shift, old[i]!);
    this.table = table;
    this.shift = shift;
  }
}
