/**
 * Small, fast, seeded pseudo-random generators. Nothing here is cryptographic: it exists so that the same seed always
 * gives the same users and the same faults, on any machine.
 */

const TWO_POW_32 = 4_294_967_296;
const TWO_POW_21 = 2_097_152;
const TWO_POW_53 = 9_007_199_254_740_992;

/**
 * The 32-bit finaliser of MurmurHash3: a bijection on unsigned 32-bit integers in which every input bit affects every
 * output bit.
 *
 * @example
 * fmix32(0); // 0
 * fmix32(1) !== fmix32(2); // true, and they differ in about half their bits
 */
export function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 128 bits of key, as four unsigned 32-bit lanes. */
export type Key128 = readonly [number, number, number, number];

/**
 * Hashes a string (its UTF-16 code units) to a 128-bit key: four multiply-xor lanes with distinct constants, folded
 * together and finalised so that seeds differing in one character give unrelated keys.
 *
 * @example
 * hashKey("abc"); // [a, b, c, d], the same on every run and machine
 */
export function hashKey(text: string): Key128 {
  let h1 = 0x6a09e667;
  let h2 = 0xbb67ae85;
  let h3 = 0x3c6ef372;
  let h4 = 0xa54ff53a;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 0x9e3779b1);
    h2 = Math.imul(h2 ^ code, 0x85ebca77);
    h3 = Math.imul(h3 ^ code, 0xc2b2ae3d);
    h4 = Math.imul(h4 ^ code, 0x27d4eb2f);
    h1 = (h1 << 13) | (h1 >>> 19);
    h2 = (h2 << 11) | (h2 >>> 21);
    h3 = (h3 << 17) | (h3 >>> 15);
    h4 = (h4 << 19) | (h4 >>> 13);
  }
  h1 ^= text.length;
  // Cross-lane mixing, so that every lane depends on every other.
  h1 = fmix32(h1 + h2 + h3 + h4);
  h2 = fmix32(h2 ^ h1);
  h3 = fmix32(h3 + h2);
  h4 = fmix32(h4 ^ h3);
  h1 = fmix32(h1 + h4);
  return [h1, h2, h3, h4];
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG, 128-bit state): fast in V8 because it only uses 32-bit
 * integer operations. One instance can be re-keyed in place with {@link Rng.reseed}, so generating a user allocates
 * no generator.
 *
 * @example
 * const rng = Rng.fromString("my seed");
 * rng.int(6); // 0..5
 * rng.pick(["a", "b", "c"]);
 */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(key: Key128) {
    this.reset(key[0], key[1], key[2], key[3]);
  }

  /** A generator keyed by the hash of a string. */
  static fromString(seed: string): Rng {
    return new Rng(hashKey(seed));
  }

  private reset(a: number, b: number, c: number, d: number): void {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  /**
   * Re-keys this generator for one element (e.g. one user) of a keyed sequence: the state is a function of the key
   * and of `index` (any safe integer ≥ 0), so element `index` is the same whatever was generated before it.
   * `fmix32(key[0] ^ index)` is a bijection of the index's low 32 bits, so distinct indices below 2³² never share a
   * state; it is also returned, as 32 bits unique to the index within this key.
   */
  reseed(key: Key128, index: number): number {
    const lo = index >>> 0;
    const hi = Math.floor(index / TWO_POW_32) >>> 0;
    const unique = fmix32(key[0] ^ lo);
    this.reset(unique, fmix32(key[1] ^ hi) ^ Math.imul(lo, 0x9e3779b1), key[2] ^ fmix32(lo + hi), key[3]);
    return unique;
  }

  /** The next unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1) with 53 random bits. */
  float(): number {
    return ((this.next() >>> 11) * TWO_POW_32 + this.next()) / TWO_POW_53;
  }

  /** An integer in [0, n) for 1 ≤ n ≤ 2²¹ (one draw; the bias is below 2⁻¹¹, invisible here). */
  int(n: number): number {
    return Math.floor((this.next() * n) / TWO_POW_32);
  }

  /** An integer in [min, max], both inclusive, for spans up to 2⁵³. */
  range(min: number, max: number): number {
    const span = max - min + 1;
    return span <= TWO_POW_21 ? min + this.int(span) : min + Math.floor(this.float() * span);
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor((this.next() * items.length) / TWO_POW_32)] as T;
  }

  /** `count` random decimal digits, leading zeros kept (one draw per six digits). */
  digits(count: number): string {
    if (count > 6) return this.digits(6) + this.digits(count - 6);
    return String(this.int(10 ** count)).padStart(count, "0");
  }
}
