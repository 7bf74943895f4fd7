/** The stage of the engine that rejected its input. */
export type PolicyStage = 'parse' | 'compile' | 'evaluate';

/** Error raised by the policy engine: names the stage and, where known, the JSON pointer of the offending node. */
export class PolicyEngineError extends Error {
  /** Stage that failed: parse (JSON / structure), compile (semantics, aliases, expressions) or evaluate. */
  public readonly stage: PolicyStage;
  /** JSON pointer of the offending node, e.g. "/policyRule/if/allOf/1/equals". */
  public readonly pointer?: string;

  constructor(stage: PolicyStage, message: string, pointer?: string) {
    super(pointer !== undefined ? `${stage} error at ${pointer || '/'}: ${message}` : `${stage} error: ${message}`);
    this.name = 'PolicyEngineError';
    this.stage = stage;
    this.pointer = pointer;
    this.rawMessage = message;
  }

  /** The message without the stage / pointer prefix. */
  public readonly rawMessage: string;
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(seg: string | number): string {
  return String(seg).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Appends segments to a JSON pointer. */
export function ptr(base: string, ...segs: (string | number)[]): string {
  let out = base;
  for (const s of segs) out += '/' + pointerSegment(s);
  return out;
}

/** Internal: an evaluation-time failure (converted to PolicyEngineError with stage 'evaluate'). */
export class EvalFailure extends Error {
  constructor(message: string, public readonly pointer?: string) {
    super(message);
    this.name = 'EvalFailure';
  }
}

/** Internal: the assignment's parameter values are invalid (Azure rejects the assignment: nothing is evaluated). */
export class AssignmentFailure extends EvalFailure {
  constructor(message: string, pointer?: string) {
    super(message, pointer);
    this.name = 'AssignmentFailure';
  }
}
