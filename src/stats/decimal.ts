/**
 * Exact decimal arithmetic for report figures. Sums and differences of money such as `49.14万元` or
 * `0.07万元` must come out as written (`491400`, `700`), not as `700.0000000000001`: a figure is held as
 * an integer count of 10^-scale units (a bigint), so adding, subtracting and scaling by a unit factor are
 * exact, and only a percentage (a division) is rounded, at a stated number of places.
 */

export interface Decimal {
  /** The value times 10^scale. */
  units: bigint;
  scale: number;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/** Reads `49.1400`, `-3`, `1e21` or a JS number (its shortest round-trip form) exactly; null if not a number. */
export function parseDecimal(input: string | number): Decimal | null {
  const m = DECIMAL.exec(String(input).trim());
  if (!m) return null;
  const [, sign, whole, fraction = '', exp = '0'] = m;
  let units = BigInt(`${whole}${fraction}`);
  let scale = fraction.length - Number(exp);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return trim({ units: sign === '-' ? -units : units, scale });
}

/** The same value with trailing fractional zeros dropped (`49.1400` → `49.14`). */
function trim(d: Decimal): Decimal {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return trim({ units: rescale(a, scale) + rescale(b, scale), scale });
}

export function subtractDecimal(a: Decimal, b: Decimal): Decimal {
  return addDecimal(a, { units: -b.units, scale: b.scale });
}

export function multiplyDecimal(a: Decimal, b: Decimal): Decimal {
  return trim({ units: a.units * b.units, scale: a.scale + b.scale });
}

/** -1, 0 or 1. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `a / b`, rounded half away from zero to `places` decimals; null when `b` is 0 (no division by zero). */
export function divideDecimal(a: Decimal, b: Decimal, places: number): Decimal | null {
  if (b.units === 0n) return null;
  // a/b = (a.units / 10^a.scale) / (b.units / 10^b.scale); computed with one extra digit, then rounded.
  const shift = places + 1 + b.scale - a.scale;
  const num = shift >= 0 ? a.units * 10n ** BigInt(shift) : a.units / 10n ** BigInt(-shift);
  let q = num / b.units;
  const negative = q < 0n;
  if (negative) q = -q;
  q = q % 10n >= 5n ? q / 10n + 1n : q / 10n;
  return trim({ units: negative ? -q : q, scale: places });
}

/** Plain decimal notation, no exponent, no trailing zeros: `491400`, `49.14`, `-0.5`. */
export function formatDecimal(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = d.scale ? `.${digits.slice(digits.length - d.scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** The nearest JS number: exact for every figure a report states (they have few significant digits). */
export function decimalToNumber(d: Decimal): number {
  return Number(formatDecimal(d));
}

/** Exact `x` for a JS number that is a figure's value (throws on NaN/Infinity: a programming error). */
export function toDecimal(x: number | string): Decimal {
  const d = parseDecimal(x);
  if (!d) throw new RangeError(`not a finite decimal: ${x}`);
  return d;
}
