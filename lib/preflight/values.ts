import { UNKNOWN, Unknown, isUnknown } from '../policy-engine/unknown';

export { UNKNOWN, isUnknown };
export type { Unknown };

/**
 * A reference to an attribute of another resource of the same configuration whose value Terraform knows only after
 * apply (`${azurerm_subnet.a.id}`, or a plan's `after_unknown` value whose configuration expression is that
 * reference). It is Unknown in every ARM view the translation produces; the translation keeps the address to link
 * resources (an NSG association to its subnet, a diagnostic setting to its target).
 */
export class TfRef {
  constructor(
    /** Address of the referenced resource instance (`azurerm_subnet.a`, `module.net.azurerm_subnet.a[0]`). */
    public readonly address: string,
    /** Attribute read (`id`, `name`, ...). */
    public readonly attribute: string,
  ) {}

  public toJSON(): string {
    return '(known after apply)';
  }
}

/** A value of a Terraform configuration or plan after resolution (objects written with `put`, read with `own`). */
export type TfValue = null | boolean | number | string | TfValue[] | TfObject | Unknown | TfRef;
/** A Terraform object or map (keys come from the input: written with `put`, read with `own`). */
export interface TfObject {
  [key: string]: TfValue;
}

/** Whether a value is unknown before apply (the Unknown marker or a reference to a computed attribute). */
export function isUnknownValue(v: unknown): v is Unknown | TfRef {
  return v === UNKNOWN || v instanceof TfRef;
}

/** True for a (null-prototype or plain) object that is not an array, Unknown or a reference. */
export function isTfObject(v: unknown): v is TfObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && v !== UNKNOWN && !(v instanceof TfRef);
}

/**
 * A new object for keys that come from the input. A plain object (V8 keeps those fast; null-prototype objects are
 * dictionaries): write input keys with `put` (so `__proto__` stays a data key) and read them with `own`.
 */
export function dict<T = TfValue>(): Record<string, T> {
  return {} as Record<string, T>;
}

/** Sets an own data property, also for the key `__proto__` (which plain assignment would treat as the prototype). */
export function put<T>(o: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/** Own-property lookup that is safe on plain and null-prototype objects. */
export function own<T>(o: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/** Hard limits for hostile input. */
export const LIMITS = {
  /** Bytes of one input file (JSON, plan or HCL). */
  maxFileBytes: 256 * 1024 * 1024,
  /** Files read from a folder (cdktf.out, a module folder). */
  maxFiles: 2_000,
  /** Nesting depth of JSON values and of expressions. */
  maxDepth: 64,
  /** Resource instances translated from one input (count/for_each expansion included). */
  maxResources: 1_000_000,
  /** Instances one count/for_each may expand to. */
  maxInstancesPerResource: 10_000,
  /** Characters of one expression / template string that is parsed (longer strings are kept literal when they hold no `${`). */
  maxExpressionChars: 1_000_000,
  /** Evaluation steps for one configuration (expression nodes + function elements); past it values are Unknown. */
  maxEvaluationSteps: 50_000_000,
  /** Resources of one ARM template deployment. */
  maxTemplateResources: 800,
  /** Nested local modules. */
  maxModuleDepth: 8,
};

/**
 * Copies parsed JSON into new objects, bounded in depth. `__proto__`, `constructor` and `prototype` keys
 * are kept as ordinary data keys (they cannot reach Object.prototype). Deeper values than the limit become Unknown.
 */
export function toTfValue(v: unknown, depth = 0): TfValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (depth >= LIMITS.maxDepth) return UNKNOWN;
  if (Array.isArray(v)) return v.map((e) => toTfValue(e, depth + 1));
  if (typeof v === 'object') {
    if (v === UNKNOWN || v instanceof TfRef) return v as TfValue;
    const out = dict();
    for (const k of Object.keys(v as object)) put(out, k, toTfValue((v as Record<string, unknown>)[k], depth + 1));
    return out;
  }
  return null;
}

/** Short rendering for notes. */
export function showValue(v: unknown, max = 80): string {
  if (v === undefined) return '(absent)';
  if (isUnknownValue(v)) return '(known after apply)';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? s.slice(0, max - 3) + '...' : s;
}
