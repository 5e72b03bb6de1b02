/**
 * describe(value): how error messages name a bad value — its type and a short
 * rendering (`number 5`, `object {}`, `string "x"`), never more than a line.
 */
/** A short, readable description of any value for error messages: `number 5`, `object {}`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object') {
    const ctor = (value as object).constructor?.name;
    let shown: string;
    // A class that says how it reads (a Future: `<Future pending ...>`) is named that way, never dumped field by field.
    if (!Array.isArray(value) && (value as object).toString !== Object.prototype.toString) shown = String(value);
    else {
      try {
        shown = JSON.stringify(value) ?? String(value);
      } catch {
        shown = String(value);
      }
    }
    if (shown.length > 40) shown = shown.slice(0, 37) + '...';
    return ctor && ctor !== 'Object' ? `${ctor} ${shown}` : `object ${shown}`;
  }
  return `${typeof value} ${String(value)}`;
}

/** A compact, deterministic rendering of a value for trace details: `5`, `"hi"`, `[1,2]`. */
export function show(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || '(anonymous)'}]`;
    default:
      if (value === null) return 'null';
      if (value instanceof Error) return `${value.name}: ${value.message}`;
      // A class that says how it reads (Sleep: `sleep(2)`) is shown that way.
      if (!Array.isArray(value) && (value as object).toString !== Object.prototype.toString) return String(value);
      try {
        return JSON.stringify(value) ?? String(value);
      } catch {
        return String(value);
      }
  }
}

/**
 * Virtual time as CPython shows it (Python's repr of a float), with whole
 * numbers printed without ".0": `3`, `0.30000000000000004`, `1e-05`. The
 * asyncio traces compared with CPython depend on it; JavaScript's own
 * number formatting differs below 1e-4 and above 1e16.
 */
export function formatTime(t: number): string {
  if (Number.isInteger(t)) return Math.abs(t) < 1e21 ? String(t) : BigInt(t).toString();
  if (!Number.isFinite(t)) return t > 0 ? 'inf' : t < 0 ? '-inf' : 'nan';
  const abs = Math.abs(t);
  if (abs >= 1e-4 && abs < 1e16) return String(t);
  // Python switches to scientific notation here, with a signed two-digit exponent.
  const [mantissa, exponent] = t.toExponential().split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
  return `${mantissa}e${sign}${digits}`;
}
