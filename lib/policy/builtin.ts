import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { KitPolicyParameterDeclaration, builtinGuid, loadBuiltinRefs } from './files';
import { IKitAssignablePolicy, KitPolicyMember, memberFromBuiltin } from './members';

/**
 * An Azure built-in policy definition known to the kit's reference data (`lib/policy/data/builtin-refs.json`), so
 * that it can be assigned on its own with its roles and effect known.
 */
export class KitBuiltinPolicy implements IKitAssignablePolicy {
  /**
   * A built-in by GUID or full id (`/providers/Microsoft.Authorization/policyDefinitions/<GUID>`).
   * @param scope construct used in error messages
   * @param builtinRefsFile reference data file (default: the kit's derived one)
   */
  public static fromId(scope: IConstruct | string, id: string, builtinRefsFile?: string): KitBuiltinPolicy {
    const full = id.startsWith('/') ? id : `/providers/Microsoft.Authorization/policyDefinitions/${id}`;
    const guid = builtinGuid(full);
    const refs = loadBuiltinRefs(builtinRefsFile);
    if (!guid || !refs[guid]) {
      const known = Object.keys(refs);
      invalid(scope, 'builtin', id,
        `must be the GUID or id of a built-in in the kit's reference data (${known.length} known${known.length ? `, such as "${known[0]}"` : ''}); add others with \`npm run derive:builtins\``);
    }
    return new KitBuiltinPolicy(memberFromBuiltin(guid, refs[guid]));
  }

  /** Always false: a single definition. */
  public readonly isInitiative = false;

  private constructor(private readonly member: KitPolicyMember) {}

  /** The built-in id. */
  public get policyDefinitionId(): string {
    return this.member.definitionId;
  }

  /** The built-in GUID. */
  public get policyName(): string {
    return this.member.name;
  }

  /** Display name. */
  public get displayName(): string {
    return this.member.displayName;
  }

  /** Label for messages. */
  public get policyLabel(): string {
    return `built-in policy "${this.member.displayName}" (${this.member.name})`;
  }

  /** Parameters the built-in declares. */
  public get parameterDeclarations(): Readonly<Record<string, KitPolicyParameterDeclaration>> {
    return this.member.parameters;
  }

  /** The built-in as the single member. */
  public get members(): readonly KitPolicyMember[] {
    return [this.member];
  }
}
