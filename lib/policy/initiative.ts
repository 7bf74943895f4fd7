import { PolicySetDefinition } from '@cdktf/provider-azurerm/lib/policy-set-definition';
import { Construct } from 'constructs';
import { invalid } from '../core/errors';
import { KitDefinitionDocument, KitInitiativeDocument, KitPolicyParameterDeclaration, KIT_DEFINITION_PREFIX, builtinGuid,
  loadBuiltinRefs, loadKitInitiative, resolvePoliciesFolder } from './files';
import { KitPolicyDefinition } from './definition';
import { IKitAssignablePolicy, KitPolicyMember, memberFromBuiltin, memberFromDefinition } from './members';
import { lookup, parameterReference, validateParameterValues } from './parameters';
import { KitPolicyScope } from './scope';
import { TerraformLiterals } from '../core/terraform-literal';

/** Props of {@link KitPolicyInitiative}. */
export interface KitPolicyInitiativeProps {
  /** Name of the initiative file in `policies/initiatives/` without `.json`, for example `registry-guardrails`. */
  readonly policyName: string;
  /**
   * Where the initiative (and the kit definitions it needs) is created: a management group id or a subscription id
   * (`/subscriptions/<GUID>`: created in the azurerm provider's subscription, which must be that one).
   */
  readonly scope: string | KitPolicyScope;
  /**
   * Folder holding `definitions/` and `initiatives/`, for your own policy library.
   * @default - the kit's own `policies/` folder
   */
  readonly policiesFolder?: string;
  /**
   * JSON file with the built-in reference data (`lib/policy/data/builtin-refs.json` format) for the built-ins your
   * own initiatives reference.
   * @default - the kit's derived `lib/policy/data/builtin-refs.json`
   */
  readonly builtinRefsFile?: string;
  /**
   * Azure name of the initiative (part of its id).
   * @default - the file's `name` (its base name)
   */
  readonly initiativeName?: string;
}

/**
 * An initiative (policy set) from the policy library, emitted as `azurerm_policy_set_definition`. Members that are
 * the kit's own definitions (`"<kit>/<name>"` in the file) are replaced by the id of the definition deployed at the
 * same scope, created once per scope and shared by every initiative in the stack; built-ins keep their ids.
 */
export class KitPolicyInitiative extends Construct implements IKitAssignablePolicy {
  /** Loads `policies/initiatives/<policyName>.json` and creates the initiative at the scope. */
  public static fromFile(scope: Construct, id: string, policyName: string,
    props: Omit<KitPolicyInitiativeProps, 'policyName'>): KitPolicyInitiative {
    return new KitPolicyInitiative(scope, id, { ...props, policyName });
  }

  /** The `azurerm_policy_set_definition`. */
  public readonly resource: PolicySetDefinition;
  /** Id of the deployed initiative. */
  public readonly policyDefinitionId: string;
  /** File base name. */
  public readonly policyName: string;
  /** Display name from the file. */
  public readonly displayName: string;
  /** The parsed file. */
  public readonly document: KitInitiativeDocument;
  /** Scope the initiative is created at. */
  public readonly definitionScope: KitPolicyScope;
  /** The members, with kit definition ids replaced by the deployed ones. */
  public readonly members: readonly KitPolicyMember[];
  /** The kit definitions this initiative uses (possibly shared with other initiatives). */
  public readonly definitions: readonly KitPolicyDefinition[];
  /** Always true. */
  public readonly isInitiative = true;

  constructor(scope: Construct, id: string, props: KitPolicyInitiativeProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    this.definitionScope = KitPolicyScope.parse(this, 'scope', props.scope);
    const folder = resolvePoliciesFolder(props.policiesFolder);
    this.document = loadKitInitiative(this, 'policyName', props.policyName, folder);
    this.policyName = props.policyName;
    const p = this.document.properties;
    this.displayName = p.displayName;
    const name = props.initiativeName ?? this.document.name ?? props.policyName;
    if (!/^[^<>*%&:\\?.+/]{1,64}$/.test(name) || name.endsWith(' ')) {
      invalid(this, 'initiativeName', name, 'must be 1-64 characters without <>*%&:\\?.+/ and not end with a space');
    }
    const builtins = loadBuiltinRefs(props.builtinRefsFile);
    const initiativeParams = p.parameters ?? {};

    const members: KitPolicyMember[] = [];
    const definitions: KitPolicyDefinition[] = [];
    const seenRefs = new Set<string>();
    for (const [i, m] of p.policyDefinitions.entries()) {
      const where = `${this.document.name}.policyDefinitions[${i}]`;
      if (!m.policyDefinitionReferenceId || seenRefs.has(m.policyDefinitionReferenceId.toLowerCase())) {
        invalid(this, `${where}.policyDefinitionReferenceId`, m.policyDefinitionReferenceId,
          'must be set and unique within the initiative');
      }
      seenRefs.add(m.policyDefinitionReferenceId.toLowerCase());
      const values: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(m.parameters ?? {})) values[k] = v?.value;
      let member: KitPolicyMember;
      if (m.policyDefinitionId.startsWith(KIT_DEFINITION_PREFIX)) {
        const defName = m.policyDefinitionId.slice(KIT_DEFINITION_PREFIX.length);
        const def = KitPolicyDefinition.forScope(this, defName, this.definitionScope, folder);
        if (!definitions.includes(def)) definitions.push(def);
        member = memberFromDefinition(def.document as KitDefinitionDocument, def.policyDefinitionId,
          m.policyDefinitionReferenceId, values);
      } else {
        const guid = builtinGuid(m.policyDefinitionId);
        const ref = guid ? builtins[guid] : undefined;
        if (!guid || !ref) {
          invalid(this, `${where}.policyDefinitionId`, m.policyDefinitionId,
            guid
              ? 'is a built-in without reference data (roles, parameters, effect): add it to lib/policy/data/builtin-refs.json with `npm run derive:builtins`, or pass builtinRefsFile'
              : `must be "${KIT_DEFINITION_PREFIX}<definition name>" or a built-in id "/providers/Microsoft.Authorization/policyDefinitions/<GUID>"`);
        }
        member = memberFromBuiltin(guid, ref, m.policyDefinitionReferenceId, values);
      }
      // Member values: declared by the definition; references point at declared initiative parameters.
      const literal: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(values)) {
        const ref = parameterReference(v);
        if (ref) {
          if (!lookup(initiativeParams, ref)) {
            invalid(this, `${where}.parameters.${k}`, v, `references initiative parameter "${ref}", which the initiative does not declare`);
          }
          if (!lookup(member.parameters, k)) {
            invalid(this, `${where}.parameters.${k}`, v, `is not declared by ${member.displayName}`);
          }
        } else if (typeof v !== 'string' || !v.startsWith('[')) {
          literal[k] = v;
        }
      }
      // Literal member values must satisfy the definition; every required definition parameter must be passed.
      validateParameterValues(this, `${where}.parameters`, member.parameters, literal, member.displayName, false);
      for (const [k, d] of Object.entries(member.parameters)) {
        if (d.defaultValue === undefined && lookup(values, k) === undefined) {
          invalid(this, `${where}.parameters.${k}`, undefined,
            `${member.displayName} requires parameter "${k}" (no default): pass a value or "[parameters('<initiative parameter>')]"`);
        }
      }
      members.push(member);
    }
    this.members = members;
    this.definitions = definitions;

    this.resource = new PolicySetDefinition(this, 'Resource', {
      name,
      displayName: p.displayName,
      policyType: 'Custom',
      description: p.description,
      metadata: p.metadata ? JSON.stringify(p.metadata) : undefined,
      parameters: Object.keys(initiativeParams).length > 0 ? JSON.stringify(initiativeParams) : undefined,
      managementGroupId: this.definitionScope.kind === 'managementGroup' ? this.definitionScope.id : undefined,
      policyDefinitionGroup: p.policyDefinitionGroups?.map((g) => ({
        name: g.name,
        displayName: g.displayName,
        category: g.category,
        description: g.description,
        additionalMetadataResourceId: g.additionalMetadataId,
      })),
      policyDefinitionReference: p.policyDefinitions.map((m, i) => ({
        policyDefinitionId: members[i].definitionId,
        referenceId: m.policyDefinitionReferenceId,
        parameterValues: m.parameters && Object.keys(m.parameters).length > 0 ? JSON.stringify(m.parameters) : undefined,
        policyGroupNames: m.groupNames && m.groupNames.length > 0 ? [...m.groupNames] : undefined,
        version: m.definitionVersion,
      })),
    });
    this.policyDefinitionId = this.resource.id;
  }

  /** Label for messages. */
  public get policyLabel(): string {
    return `initiative "${this.policyName}"`;
  }

  /** Parameters the initiative declares. */
  public get parameterDeclarations(): Readonly<Record<string, KitPolicyParameterDeclaration>> {
    return this.document.properties.parameters ?? {};
  }

  /** Reference ids of the members. */
  public get referenceIds(): readonly string[] {
    return this.members.map((m) => m.referenceId as string);
  }
}
