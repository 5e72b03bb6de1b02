/**
 * A small seeded PRNG for strategies: sfc32 (Chris Doty-Humphrey's Small
 * Fast Counting generator, public domain), seeded through splitmix32 so that
 * nearby seeds give unrelated streams. Chosen over seedrandom here for speed:
 * exploration builds one per run, hundreds of thousands of runs a second.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new TypeError(`Rng expected an integer seed, got ${String(seed)}`);
    // Four splitmix32 outputs, written out: no closure to allocate per Rng (one is built per explored run).
    // Kept as int32 (`| 0`): a uint32 above 2^31 would make V8 store these fields as boxed doubles and
    // convert on every draw (4x slower); sfc32's arithmetic reads them through ToInt32/ToUint32 alike.
    const s = seed >>> 0;
    let a = splitmix32(s + 0x9e3779b9) | 0;
    let b = splitmix32(s + 2 * 0x9e3779b9) | 0;
    let c = splitmix32(s + 3 * 0x9e3779b9) | 0;
    let d = splitmix32(s + 4 * 0x9e3779b9) | 0;
    // The 12 discarded draws of sfc32's seeding, on locals: the fields are written once.
    for (let i = 0; i < 12; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    return this.int32() >>> 0;
  }

  /**
   * An integer in [0, n) by scaling a 32-bit draw (Lemire's multiply-shift
   * without the rejection step: the bias is below n / 2^32, far under
   * anything a schedule could notice, and no division on the hot path).
   */
  below(n: number): number {
    return Math.floor(((this.int32() >>> 0) * n) / 0x100000000);
  }

  // The draw as an int32: a value V8 keeps unboxed even where it is not
  // inlined, unlike a uint32 above 2^31 (a heap number per draw).
  private int32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t;
  }
}

/** splitmix32's output for the state `s` (the state advances by 0x9e3779b9 per output, mod 2^32). */
function splitmix32(s: number): number {
  let z = s | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
