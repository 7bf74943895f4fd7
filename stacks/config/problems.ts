import { describeValue, GuardrailsValidationError } from '../../lib/core/errors';

/**
 * Construct validation errors of the reference app, as config errors (issue 11 item 11): each construct the stacks
 * build from a config section is built through {@link ConfigProblems.attempt}, which records a
 * GuardrailsValidationError as `<JSON path>: ...` (the section's path plus the prop the construct names) and lets the
 * stacks go on, so every construct's error is reported in one pass; the app then throws one ConfigError.
 */
export class ConfigProblems {
  /** One line per problem: `<JSON path>: invalid <value>: <allowed> (construct <path>)`. */
  public readonly lines: string[] = [];

  /**
   * Runs `make`; a GuardrailsValidationError becomes a line under `base` (the JSON path of the section the props
   * came from; `section` is that part of the config, to tell a prop it holds from one the app derived). Another
   * error after a recorded one is taken as a consequence of it (a construct missing) and dropped; without a
   * recorded one it is rethrown.
   */
  public attempt<T>(base: string, section: unknown, make: () => T, sources: Readonly<Record<string, string>> = {},
    constructs: Readonly<Record<string, { readonly base: string; readonly section: unknown }>> = {}): T | undefined {
    try {
      return make();
    } catch (e) {
      if (e instanceof GuardrailsValidationError) {
        // Several constructs from one call: the one that refused (by construct id) names its own section.
        const own = Object.keys(constructs).find((id) => e.path.endsWith(`/${id}`) || e.path.includes(`/${id}/`));
        const where = own === undefined ? { base, section } : constructs[own];
        this.lines.push(`${configPath(where.base, where.section, e.property, sources)}: invalid ${describeValue(e.value)}: ${e.allowed} (construct ${e.path}, prop ${e.property})`);
        return undefined;
      }
      if (this.lines.length > 0) return undefined;
      throw e;
    }
  }
}

/**
 * The JSON path of a prop: a prop that came from elsewhere in the config (`sources`: prop prefix -> JSON path, such as
 * `securityContact` -> `$.securityContact`) maps there; else `base` plus the prop path when the prop's first name is
 * a member of the section; else `base` (a prop the app derived).
 */
function configPath(base: string, section: unknown, property: string, sources: Readonly<Record<string, string>>): string {
  const prefix = Object.keys(sources).filter((p) => property === p || property.startsWith(`${p}.`) || property.startsWith(`${p}[`))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix !== undefined) return `${sources[prefix]}${property.slice(prefix.length)}`;
  const first = /^[A-Za-z_$][\w$]*/.exec(property)?.[0];
  if (first && section !== null && typeof section === 'object' && Object.prototype.hasOwnProperty.call(section, first)) {
    return `${base}.${property}`;
  }
  return base;
}
