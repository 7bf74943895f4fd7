import { PolicyDefinition } from '@cdktf/provider-azurerm/lib/policy-definition';
import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { KitDefinitionDocument, KitPolicyParameterDeclaration, loadKitDefinition, resolvePoliciesFolder } from './files';
import { IKitAssignablePolicy, KitPolicyMember, memberFromDefinition } from './members';
import { KitPolicyScope } from './scope';
import { TerraformLiterals } from '../core/terraform-literal';

/** Props of {@link KitPolicyDefinition}. */
export interface KitPolicyDefinitionProps {
  /**
   * Name of the definition file in `policies/definitions/` without `.json`, for example
   * `deny-management-ports-from-internet`.
   */
  readonly policyName: string;
  /**
   * Where the definition is created: a management group id (`/providers/Microsoft.Management/managementGroups/<name>`)
   * or a subscription id (`/subscriptions/<GUID>`; the definition is created in the azurerm provider's
   * subscription, which must be that one). Assignments can use it at this scope and below.
   */
  readonly scope: string | KitPolicyScope;
  /**
   * Folder holding `definitions/` and `initiatives/`, for your own policy library.
   * @default - the kit's own `policies/` folder
   */
  readonly policiesFolder?: string;
  /**
   * Azure name of the definition (part of its id).
   * @default - the file's `name` (its base name)
   */
  readonly definitionName?: string;
}

const registries = new WeakMap<IConstruct, Map<string, KitPolicyDefinition>>();

function registryOf(scope: IConstruct): Map<string, KitPolicyDefinition> {
  const stack = TerraformStack.of(scope);
  let map = registries.get(stack);
  if (!map) {
    map = new Map();
    registries.set(stack, map);
  }
  return map;
}

function registryKey(folder: string, scope: KitPolicyScope, name: string): string {
  return `${folder}|${scope.kind}|${scope.id.toLowerCase()}|${name.toLowerCase()}`;
}

/**
 * A custom policy definition from the policy library, emitted as `azurerm_policy_definition` exactly as the JSON
 * file says (rule, parameters, mode, metadata): the file is the single source of truth.
 *
 * There is one definition per name and scope in a stack: initiatives that need a definition reuse the one that
 * already exists (see {@link KitPolicyDefinition.forScope}).
 */
export class KitPolicyDefinition extends Construct implements IKitAssignablePolicy {
  /** Loads `policies/definitions/<policyName>.json` and creates the definition at the scope. */
  public static fromFile(scope: Construct, id: string, policyName: string,
    props: Omit<KitPolicyDefinitionProps, 'policyName'>): KitPolicyDefinition {
    return new KitPolicyDefinition(scope, id, { ...props, policyName });
  }

  /**
   * The stack's definition of `policyName` at `definitionScope`, created on first use under a shared
   * `GuardrailsPolicyDefinitions` construct at the stack root (construct id `<scope name>-<policy name>`).
   */
  public static forScope(scope: IConstruct, policyName: string, definitionScope: string | KitPolicyScope,
    policiesFolder?: string): KitPolicyDefinition {
    const parsed = KitPolicyScope.parse(scope, 'scope', definitionScope);
    const folder = resolvePoliciesFolder(policiesFolder);
    const doc = loadKitDefinition(scope, 'policyName', policyName, folder);
    const existing = registryOf(scope).get(registryKey(folder, parsed, doc.name ?? policyName));
    if (existing) return existing;
    const stack = TerraformStack.of(scope);
    const container = (stack.node.tryFindChild('GuardrailsPolicyDefinitions') as Construct | undefined)
      ?? new Construct(stack, 'GuardrailsPolicyDefinitions');
    const scopeKey = parsed.name ?? `scope${registryOf(scope).size}`;
    return new KitPolicyDefinition(container, `${scopeKey}-${policyName}`, {
      policyName, scope: parsed, policiesFolder: folder,
    });
  }

  /** The `azurerm_policy_definition`. */
  public readonly resource: PolicyDefinition;
  /** Id of the deployed definition. */
  public readonly policyDefinitionId: string;
  /** File base name. */
  public readonly policyName: string;
  /** Display name from the file. */
  public readonly displayName: string;
  /** The parsed file. */
  public readonly document: KitDefinitionDocument;
  /** Scope the definition is created at. */
  public readonly definitionScope: KitPolicyScope;
  /** Absolute policies folder it was loaded from. */
  public readonly policiesFolder: string;
  /** Always false: a single definition. */
  public readonly isInitiative = false;

  constructor(scope: Construct, id: string, props: KitPolicyDefinitionProps) {
    super(scope, id);
    TerraformLiterals.applyTo(this);
    this.definitionScope = KitPolicyScope.parse(this, 'scope', props.scope);
    this.policiesFolder = resolvePoliciesFolder(props.policiesFolder);
    this.document = loadKitDefinition(this, 'policyName', props.policyName, this.policiesFolder);
    this.policyName = props.policyName;
    const name = props.definitionName ?? this.document.name ?? props.policyName;
    if (!/^[^<>*%&:\\?.+/]{1,64}$/.test(name) || name.endsWith(' ')) {
      invalid(this, 'definitionName', name, 'must be 1-64 characters without <>*%&:\\?.+/ and not end with a space');
    }
    const registry = registryOf(this);
    const key = registryKey(this.policiesFolder, this.definitionScope, name);
    const other = registry.get(key);
    if (other) {
      invalid(this, 'policyName', props.policyName,
        `is already defined at this scope by ${other.node.path}: reuse that construct (or KitPolicyDefinition.forScope) instead of defining it twice`);
    }
    registry.set(key, this);

    const p = this.document.properties;
    this.displayName = p.displayName;
    this.resource = new PolicyDefinition(this, 'Resource', {
      name,
      displayName: p.displayName,
      policyType: 'Custom',
      mode: p.mode ?? 'All',
      description: p.description,
      metadata: p.metadata ? JSON.stringify(p.metadata) : undefined,
      parameters: p.parameters && Object.keys(p.parameters).length > 0 ? JSON.stringify(p.parameters) : undefined,
      policyRule: JSON.stringify(p.policyRule),
      managementGroupId: this.definitionScope.kind === 'managementGroup' ? this.definitionScope.id : undefined,
    });
    this.policyDefinitionId = this.resource.id;
  }

  /** Label for messages. */
  public get policyLabel(): string {
    return `policy definition "${this.policyName}"`;
  }

  /** Parameters the definition declares. */
  public get parameterDeclarations(): Readonly<Record<string, KitPolicyParameterDeclaration>> {
    return this.document.properties.parameters ?? {};
  }

  /** The definition as the single member of an assignment. */
  public get members(): readonly KitPolicyMember[] {
    return [memberFromDefinition(this.document, this.policyDefinitionId)];
  }
}
