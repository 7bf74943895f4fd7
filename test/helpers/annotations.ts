import { AnnotationMetadataEntryType } from 'cdktf';
import { IConstruct } from 'constructs';

/** Options of the annotation readers. */
export interface AnnotationQuery {
  /** Also read the annotations of every construct below `scope` (default: `scope` only). */
  readonly deep?: boolean;
}

function entries(scope: IConstruct, type: string, query: AnnotationQuery): string[] {
  const constructs = query.deep ? scope.node.findAll() : [scope];
  return constructs.flatMap((c) => c.node.metadata).filter((m) => m.type === type).map((m) => String(m.data));
}

/** The warning annotations (`cdktf synth` shows them) on a construct. */
export function warnings(scope: IConstruct, query: AnnotationQuery = {}): string[] {
  return entries(scope, AnnotationMetadataEntryType.WARN, query);
}

/** The informational annotations on a construct. */
export function infos(scope: IConstruct, query: AnnotationQuery = {}): string[] {
  return entries(scope, AnnotationMetadataEntryType.INFO, query);
}

/** The stable ids (`guardrails:<area>:<what>`) of a construct's warnings and infos, in order. */
export function annotationIds(scope: IConstruct, query: AnnotationQuery = {}): string[] {
  return [...warnings(scope, query), ...infos(scope, query)]
    .map((text) => /\[(guardrails:[a-z]+:[a-z0-9-]+)\]$/.exec(text)?.[1] ?? `(no id) ${text}`);
}
