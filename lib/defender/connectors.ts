import { IConstruct } from 'constructs';
import { ArmTemplate, JsonValue } from '../core/arm-template';
import { invalid, oneOf } from '../core/errors';
import { isToken, requireLocation } from '../core/validate';

/**
 * Multi-cloud connectors (`Microsoft.Security/securityConnectors`): bring AWS accounts and GCP projects under
 * Defender for Cloud. azurerm has no resource for them, so each connector is an ARM template deployed with
 * `azurerm_resource_group_template_deployment`. The IAM roles (AWS) and workload identity providers and service
 * accounts (GCP) are created on the other cloud with Microsoft's onboarding template; their identifiers go here.
 */

/** API version of `Microsoft.Security/securityConnectors` used. */
export const DEFENDER_CONNECTORS_API_VERSION = '2023-10-01-preview';

// ---------------------------------------------------------------------------------------------------------------
// AWS
// ---------------------------------------------------------------------------------------------------------------

/** AWS offerings the kit types. */
export const DEFENDER_AWS_OFFERINGS = ['CspmMonitorAws', 'DefenderForServersAws', 'DefenderForContainersAws', 'DefenderForDatabasesAws'] as const;
/** An AWS offering. */
export type DefenderAwsOfferingType = typeof DEFENDER_AWS_OFFERINGS[number];

/** Foundational CSPM for AWS (required on every AWS connector). */
export interface DefenderAwsCspmOffering {
  /** Offering type. */
  readonly offering: 'CspmMonitorAws';
  /** ARN of the IAM role Defender assumes to read the account (`nativeCloudConnection.cloudRoleArn`). */
  readonly roleArn: string;
}

/** Defender for Servers on AWS EC2 (through Azure Arc). */
export interface DefenderAwsServersOffering {
  /** Offering type. */
  readonly offering: 'DefenderForServersAws';
  /** Sub-plan. @default 'P2' */
  readonly subPlan?: 'P1' | 'P2';
  /** ARN of the Defender for Servers role (`defenderForServers.cloudRoleArn`). */
  readonly roleArn: string;
  /** ARN of the role that installs the Azure Arc agent on EC2 instances (`arcAutoProvisioning`). */
  readonly arcAutoProvisioningRoleArn: string;
  /**
   * ARN of the agentless scanner role: when given, agentless VM scanning is on (P2 only).
   * @default none (agentless scanning off)
   */
  readonly vmScannerRoleArn?: string;
  /**
   * Instance tags that exclude an instance from agentless scanning.
   * @default none
   */
  readonly vmScannerExclusionTags?: Readonly<Record<string, string>>;
  /** Deploy Defender for Endpoint on the instances. @default true */
  readonly mdeAutoProvisioning?: boolean;
  /** Deploy Defender vulnerability management (TVM) on the instances. @default true */
  readonly vulnerabilityAssessment?: boolean;
}

/** Defender for Containers on Amazon EKS. */
export interface DefenderAwsContainersOffering {
  /** Offering type. */
  readonly offering: 'DefenderForContainersAws';
  /** ARN of the role that provisions resources for EKS (`kubernetesService`). */
  readonly kubernetesServiceRoleArn: string;
  /** ARN of the role that reads collected data (`kubernetesScubaReader`). */
  readonly kubernetesScubaReaderRoleArn: string;
  /** ARN of the role CloudWatch uses to send audit logs to Kinesis (`cloudWatchToKinesis`). */
  readonly cloudWatchToKinesisRoleArn: string;
  /** ARN of the role Kinesis uses to write to S3 (`kinesisToS3`). */
  readonly kinesisToS3RoleArn: string;
  /**
   * ARN of the ECR vulnerability assessment role; give it with `containerVulnerabilityAssessmentTaskRoleArn` to
   * turn ECR image scanning on.
   * @default none (ECR scanning off)
   */
  readonly containerVulnerabilityAssessmentRoleArn?: string;
  /**
   * ARN of the ECR vulnerability assessment task role.
   * @default none (ECR scanning off)
   */
  readonly containerVulnerabilityAssessmentTaskRoleArn?: string;
  /** Provision the EKS audit log pipeline automatically. @default true */
  readonly autoProvisioning?: boolean;
  /** Retention of EKS audit logs in the CloudWatch log group, days (1 to 3653). @default 30 */
  readonly kubeAuditRetentionDays?: number;
  /**
   * External id the data reader role trusts (confused-deputy protection), as set in the onboarding template.
   * @default none
   */
  readonly scubaExternalId?: string;
}

/** Defender for Databases on AWS (RDS and SQL servers on EC2). */
export interface DefenderAwsDatabasesOffering {
  /** Offering type. */
  readonly offering: 'DefenderForDatabasesAws';
  /** ARN of the role that installs the Azure Arc agent for SQL servers on EC2 (`arcAutoProvisioning`). */
  readonly arcAutoProvisioningRoleArn: string;
  /**
   * ARN of the RDS protection role: when given, RDS protection is on.
   * @default none (RDS protection off)
   */
  readonly rdsRoleArn?: string;
  /**
   * ARN of the databases DSPM role: when given, databases data security posture management is on.
   * @default none
   */
  readonly databasesDspmRoleArn?: string;
}

/** One typed AWS offering. */
export type DefenderAwsOffering = DefenderAwsCspmOffering | DefenderAwsServersOffering | DefenderAwsContainersOffering | DefenderAwsDatabasesOffering;

/** An AWS account connected to Defender for Cloud. */
export interface DefenderAwsConnectorProps {
  /** The 12-digit AWS account id (the connector's `hierarchyIdentifier`). */
  readonly accountId: string;
  /**
   * Connector name (also in the construct id `Connector-<name>`; renaming replaces the connector).
   * @default `aws-<accountId>`
   */
  readonly name?: string;
  /**
   * AWS regions to scan, such as `eu-west-1`.
   * @default all regions
   */
  readonly regions?: readonly string[];
  /** Offerings; `CspmMonitorAws` is required, each offering at most once. */
  readonly offerings: readonly DefenderAwsOffering[];
}

// ---------------------------------------------------------------------------------------------------------------
// GCP
// ---------------------------------------------------------------------------------------------------------------

/** GCP offerings the kit types. */
export const DEFENDER_GCP_OFFERINGS = ['CspmMonitorGcp', 'DefenderForServersGcp', 'DefenderForContainersGcp', 'DefenderForDatabasesGcp'] as const;
/** A GCP offering. */
export type DefenderGcpOfferingType = typeof DEFENDER_GCP_OFFERINGS[number];

/** Workload identity federation of one GCP offering. */
export interface DefenderGcpIdentity {
  /** Id of the workload identity provider (in Microsoft's pool) for this offering, such as `cspm`. */
  readonly workloadIdentityProviderId: string;
  /** Service account the offering impersonates: `<name>@<projectId>.iam.gserviceaccount.com`. */
  readonly serviceAccountEmailAddress: string;
}

/** Foundational CSPM for GCP (required on every GCP connector). */
export interface DefenderGcpCspmOffering extends DefenderGcpIdentity {
  /** Offering type. */
  readonly offering: 'CspmMonitorGcp';
}

/** Defender for Servers on GCP Compute Engine (through Azure Arc). */
export interface DefenderGcpServersOffering extends DefenderGcpIdentity {
  /** Offering type. */
  readonly offering: 'DefenderForServersGcp';
  /** Sub-plan. @default 'P2' */
  readonly subPlan?: 'P1' | 'P2';
  /** Install the Azure Arc agent automatically. @default true */
  readonly arcAutoProvisioning?: boolean;
  /** Deploy Defender for Endpoint on the instances. @default true */
  readonly mdeAutoProvisioning?: boolean;
  /** Deploy Defender vulnerability management (TVM) on the instances. @default true */
  readonly vulnerabilityAssessment?: boolean;
  /** Agentless VM scanning (P2 only). @default true with P2 */
  readonly vmScanner?: boolean;
  /** Instance labels that exclude an instance from agentless scanning. @default none */
  readonly vmScannerExclusionTags?: Readonly<Record<string, string>>;
}

/** Defender for Containers on GKE. */
export interface DefenderGcpContainersOffering extends DefenderGcpIdentity {
  /** Offering type. */
  readonly offering: 'DefenderForContainersGcp';
  /** Workload identity provider of the data collection pipeline (`dataPipelineNativeCloudConnection`). */
  readonly dataPipelineWorkloadIdentityProviderId: string;
  /** Service account of the data collection pipeline. */
  readonly dataPipelineServiceAccountEmailAddress: string;
  /** Collect GKE audit logs. @default true */
  readonly auditLogsAutoProvisioning?: boolean;
  /** Deploy the Defender sensor to GKE clusters. @default true */
  readonly defenderAgentAutoProvisioning?: boolean;
  /** Deploy the Azure Policy add-on to GKE clusters. @default true */
  readonly policyAgentAutoProvisioning?: boolean;
}

/** Defender for Databases on GCP (SQL servers on Compute Engine, through Azure Arc). */
export interface DefenderGcpDatabasesOffering extends DefenderGcpIdentity {
  /** Offering type. */
  readonly offering: 'DefenderForDatabasesGcp';
  /** Install the Azure Arc agent automatically. @default true */
  readonly arcAutoProvisioning?: boolean;
}

/** One typed GCP offering. */
export type DefenderGcpOffering = DefenderGcpCspmOffering | DefenderGcpServersOffering | DefenderGcpContainersOffering | DefenderGcpDatabasesOffering;

/** A GCP project connected to Defender for Cloud. */
export interface DefenderGcpConnectorProps {
  /** GCP project id, such as `contoso-prod-123`. */
  readonly projectId: string;
  /** GCP project number (the connector's `hierarchyIdentifier`). */
  readonly projectNumber: string;
  /**
   * Connector name (also in the construct id `Connector-<name>`; renaming replaces the connector).
   * @default `gcp-<projectId>`
   */
  readonly name?: string;
  /** Offerings; `CspmMonitorGcp` is required, each offering at most once. */
  readonly offerings: readonly DefenderGcpOffering[];
}

// ---------------------------------------------------------------------------------------------------------------
// Validation and templates
// ---------------------------------------------------------------------------------------------------------------

/** A validated connector: its name and the resource-group template that deploys it. */
export interface ResolvedDefenderConnector {
  readonly name: string;
  readonly cloud: 'AWS' | 'GCP';
  readonly hierarchyIdentifier: string;
  readonly template: ArmTemplate;
}

type Scope = IConstruct | string;
type Obj = Record<string, unknown>;

const AWS_ACCOUNT = /^\d{12}$/;
const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const CONNECTOR_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const GCP_PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const GCP_PROJECT_NUMBER = /^\d{6,20}$/;
const GCP_PROVIDER_ID = /^[a-z0-9-]{4,32}$/;
const TAG_KEY = /^[\w .:/=+@-]{1,128}$/;

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function onlyKeys(scope: Scope, property: string, value: Obj, keys: readonly string[], what: string): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) invalid(scope, `${property}.${key}`, value[key], `unknown property of ${what}: ${oneOf(keys)}`);
  }
}

function bool(scope: Scope, property: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') invalid(scope, property, value, 'must be true or false');
  return value;
}

function roleArn(scope: Scope, property: string, value: unknown, accountId: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value === 'string' && isToken(value)) return value;
  const m = typeof value === 'string' ? ROLE_ARN.exec(value) : null;
  if (!m) invalid(scope, property, value, `must be an IAM role ARN "arn:aws:iam::${accountId}:role/<role name>"`);
  if (m[1] !== accountId && !isToken(accountId)) {
    invalid(scope, property, value, `the role must belong to the connected account ${accountId}: "arn:aws:iam::${accountId}:role/<role name>"`);
  }
  return value as string;
}

function tags(scope: Scope, property: string, value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isObj(value)) invalid(scope, property, value, 'must be an object of tag names to values');
  for (const [k, v] of Object.entries(value)) {
    if (!TAG_KEY.test(k)) invalid(scope, `${property}.${k}`, k, 'tag names are 1 to 128 letters, digits, spaces and _ . : / = + - @');
    if (typeof v !== 'string' || v.length > 256) invalid(scope, `${property}.${k}`, v, 'tag values are strings of at most 256 characters');
  }
  return value as Record<string, string>;
}

function connectorName(scope: Scope, property: string, value: unknown, fallback: string): string {
  const name = value ?? fallback;
  if (typeof name !== 'string' || !CONNECTOR_NAME.test(name)) {
    invalid(scope, property, name, 'must be 1 to 63 letters, digits, "_" or "-", starting with a letter or digit');
  }
  return name;
}

function offeringsList<T extends string>(scope: Scope, property: string, value: unknown, allowed: readonly T[], required: T): Obj[] {
  if (!Array.isArray(value) || value.length === 0) {
    invalid(scope, property, value, `must list the offerings to enable, at least { offering: "${required}", ... }`);
  }
  const seen = new Map<string, number>();
  value.forEach((o: unknown, i: number) => {
    const at = `${property}[${i}]`;
    if (!isObj(o)) invalid(scope, at, o, `must be an offering object { offering: ${allowed.map((a) => `"${a}"`).join(' | ')}, ... }`);
    if (typeof o.offering !== 'string' || !(allowed as readonly string[]).includes(o.offering)) {
      invalid(scope, `${at}.offering`, o.offering, `unknown offering: ${oneOf(allowed)}`);
    }
    if (seen.has(o.offering)) invalid(scope, `${at}.offering`, o.offering, `duplicate offering: already given at ${property}[${seen.get(o.offering)}]`);
    seen.set(o.offering, i);
  });
  if (!seen.has(required)) {
    invalid(scope, property, value.map((o: Obj) => o.offering),
      `must include "${required}": foundational CSPM is the base every other offering of a connector builds on`);
  }
  return value as Obj[];
}

function connectorTemplate(name: string, location: string, properties: { [key: string]: JsonValue }): ArmTemplate {
  return new ArmTemplate('resourceGroup').addResource({
    type: 'Microsoft.Security/securityConnectors',
    apiVersion: DEFENDER_CONNECTORS_API_VERSION,
    name,
    location,
    properties,
  });
}

/** Validates an AWS connector and builds its template; pure. */
export function resolveDefenderAwsConnector(scope: Scope, property: string, props: DefenderAwsConnectorProps, location: string): ResolvedDefenderConnector {
  if (!isObj(props)) invalid(scope, property, props, 'must be an AWS connector { accountId, regions?, offerings }');
  onlyKeys(scope, property, props, ['accountId', 'name', 'regions', 'offerings'], 'an AWS connector');
  const accountId = props.accountId;
  if (typeof accountId !== 'string' || !(isToken(accountId) || AWS_ACCOUNT.test(accountId))) {
    invalid(scope, `${property}.accountId`, accountId, 'must be a 12-digit AWS account id such as "123456789012" (as a string, leading zeros kept)');
  }
  const name = connectorName(scope, `${property}.name`, props.name, `aws-${accountId}`);
  let regions: string[] | undefined;
  if (props.regions !== undefined) {
    if (!Array.isArray(props.regions) || props.regions.length === 0) {
      invalid(scope, `${property}.regions`, props.regions, 'must list AWS regions such as ["eu-west-1", "us-east-1"], or be left out for all regions');
    }
    regions = [];
    props.regions.forEach((r, i) => {
      if (typeof r !== 'string' || !AWS_REGION.test(r)) {
        invalid(scope, `${property}.regions[${i}]`, r, 'must be an AWS region code such as "eu-west-1", "us-east-2" or "ap-southeast-1"');
      }
      if (regions!.includes(r)) invalid(scope, `${property}.regions[${i}]`, r, 'duplicate region: list each once');
      regions!.push(r);
    });
  }

  const offerings: { [key: string]: JsonValue }[] = [];
  offeringsList(scope, `${property}.offerings`, props.offerings, DEFENDER_AWS_OFFERINGS, 'CspmMonitorAws').forEach((o, i) => {
    const at = `${property}.offerings[${i}]`;
    const arn = (key: string, required: boolean) => roleArn(scope, `${at}.${key}`, o[key], accountId, required);
    switch (o.offering as DefenderAwsOfferingType) {
      case 'CspmMonitorAws':
        onlyKeys(scope, at, o, ['offering', 'roleArn'], 'CspmMonitorAws');
        offerings.push({ offeringType: 'CspmMonitorAws', nativeCloudConnection: { cloudRoleArn: arn('roleArn', true)! } });
        break;
      case 'DefenderForServersAws': {
        onlyKeys(scope, at, o, ['offering', 'subPlan', 'roleArn', 'arcAutoProvisioningRoleArn', 'vmScannerRoleArn', 'vmScannerExclusionTags',
          'mdeAutoProvisioning', 'vulnerabilityAssessment'], 'DefenderForServersAws');
        const subPlan = o.subPlan ?? 'P2';
        if (subPlan !== 'P1' && subPlan !== 'P2') invalid(scope, `${at}.subPlan`, subPlan, oneOf(['P1', 'P2']));
        const scanner = arn('vmScannerRoleArn', false);
        if (scanner && subPlan !== 'P2') invalid(scope, `${at}.vmScannerRoleArn`, scanner, 'agentless VM scanning needs subPlan "P2"');
        const exclusion = tags(scope, `${at}.vmScannerExclusionTags`, o.vmScannerExclusionTags);
        if (exclusion && !scanner) invalid(scope, `${at}.vmScannerExclusionTags`, exclusion, 'only applies with agentless scanning: give vmScannerRoleArn too');
        const offering: { [key: string]: JsonValue } = {
          offeringType: 'DefenderForServersAws',
          subPlan: { type: subPlan },
          defenderForServers: { cloudRoleArn: arn('roleArn', true)! },
          arcAutoProvisioning: { enabled: true, cloudRoleArn: arn('arcAutoProvisioningRoleArn', true)! },
          mdeAutoProvisioning: { enabled: bool(scope, `${at}.mdeAutoProvisioning`, o.mdeAutoProvisioning, true) },
          vaAutoProvisioning: bool(scope, `${at}.vulnerabilityAssessment`, o.vulnerabilityAssessment, true)
            ? { enabled: true, configuration: { type: 'TVM' } } : { enabled: false },
        };
        offering.vmScanners = scanner
          ? { enabled: true, configuration: { cloudRoleArn: scanner, scanningMode: 'Default', exclusionTags: exclusion ?? {} } }
          : { enabled: false };
        offerings.push(offering);
        break;
      }
      case 'DefenderForContainersAws': {
        onlyKeys(scope, at, o, ['offering', 'kubernetesServiceRoleArn', 'kubernetesScubaReaderRoleArn', 'cloudWatchToKinesisRoleArn',
          'kinesisToS3RoleArn', 'containerVulnerabilityAssessmentRoleArn', 'containerVulnerabilityAssessmentTaskRoleArn', 'autoProvisioning',
          'kubeAuditRetentionDays', 'scubaExternalId'], 'DefenderForContainersAws');
        const va = arn('containerVulnerabilityAssessmentRoleArn', false);
        const vaTask = arn('containerVulnerabilityAssessmentTaskRoleArn', false);
        if ((va === undefined) !== (vaTask === undefined)) {
          invalid(scope, `${at}.${va === undefined ? 'containerVulnerabilityAssessmentRoleArn' : 'containerVulnerabilityAssessmentTaskRoleArn'}`, undefined,
            'ECR scanning needs both containerVulnerabilityAssessmentRoleArn and containerVulnerabilityAssessmentTaskRoleArn');
        }
        const retention = o.kubeAuditRetentionDays ?? 30;
        if (typeof retention !== 'number' || !Number.isInteger(retention) || retention < 1 || retention > 3653) {
          invalid(scope, `${at}.kubeAuditRetentionDays`, retention, 'must be a whole number of days from 1 to 3653');
        }
        const offering: { [key: string]: JsonValue } = {
          offeringType: 'DefenderForContainersAws',
          kubernetesService: { cloudRoleArn: arn('kubernetesServiceRoleArn', true)! },
          kubernetesScubaReader: { cloudRoleArn: arn('kubernetesScubaReaderRoleArn', true)! },
          cloudWatchToKinesis: { cloudRoleArn: arn('cloudWatchToKinesisRoleArn', true)! },
          kinesisToS3: { cloudRoleArn: arn('kinesisToS3RoleArn', true)! },
          enableContainerVulnerabilityAssessment: va !== undefined,
          autoProvisioning: bool(scope, `${at}.autoProvisioning`, o.autoProvisioning, true),
          kubeAuditRetentionTime: retention,
        };
        if (va && vaTask) {
          offering.containerVulnerabilityAssessment = { cloudRoleArn: va };
          offering.containerVulnerabilityAssessmentTask = { cloudRoleArn: vaTask };
        }
        if (o.scubaExternalId !== undefined) {
          if (typeof o.scubaExternalId !== 'string' || !/^[\w+=,.@:/-]{2,1224}$/.test(o.scubaExternalId)) {
            invalid(scope, `${at}.scubaExternalId`, o.scubaExternalId, 'must be an AWS external id: 2 to 1224 letters, digits and + = , . @ : / - _');
          }
          offering.scubaExternalId = o.scubaExternalId;
        }
        offerings.push(offering);
        break;
      }
      case 'DefenderForDatabasesAws': {
        onlyKeys(scope, at, o, ['offering', 'arcAutoProvisioningRoleArn', 'rdsRoleArn', 'databasesDspmRoleArn'], 'DefenderForDatabasesAws');
        const rds = arn('rdsRoleArn', false);
        const dspm = arn('databasesDspmRoleArn', false);
        offerings.push({
          offeringType: 'DefenderForDatabasesAws',
          arcAutoProvisioning: { enabled: true, cloudRoleArn: arn('arcAutoProvisioningRoleArn', true)! },
          rds: rds ? { enabled: true, cloudRoleArn: rds } : { enabled: false },
          databasesDspm: dspm ? { enabled: true, cloudRoleArn: dspm } : { enabled: false },
        });
        break;
      }
    }
  });

  const environmentData: { [key: string]: JsonValue } = { environmentType: 'AwsAccount' };
  if (regions) environmentData.regions = regions;
  return {
    name,
    cloud: 'AWS',
    hierarchyIdentifier: accountId,
    template: connectorTemplate(name, location, { hierarchyIdentifier: accountId, environmentName: 'AWS', environmentData, offerings }),
  };
}

function gcpIdentity(scope: Scope, property: string, o: Obj, projectId: string, providerKey: string, emailKey: string): { workloadIdentityProviderId: string; serviceAccountEmailAddress: string } {
  const provider = o[providerKey];
  if (typeof provider !== 'string' || !(isToken(provider) || GCP_PROVIDER_ID.test(provider))) {
    invalid(scope, `${property}.${providerKey}`, provider, 'must be a workload identity provider id: 4 to 32 lower-case letters, digits and "-", such as "cspm"');
  }
  const email = o[emailKey];
  const suffix = `@${projectId}.iam.gserviceaccount.com`;
  if (typeof email !== 'string' || !(isToken(email) || (email.endsWith(suffix) && /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(email.slice(0, -suffix.length))))) {
    invalid(scope, `${property}.${emailKey}`, email, `must be a service account of project ${projectId}: "<account name>${suffix}"`);
  }
  return { workloadIdentityProviderId: provider, serviceAccountEmailAddress: email };
}

/** Validates a GCP connector and builds its template; pure. */
export function resolveDefenderGcpConnector(scope: Scope, property: string, props: DefenderGcpConnectorProps, location: string): ResolvedDefenderConnector {
  if (!isObj(props)) invalid(scope, property, props, 'must be a GCP connector { projectId, projectNumber, offerings }');
  onlyKeys(scope, property, props, ['projectId', 'projectNumber', 'name', 'offerings'], 'a GCP connector');
  const { projectId, projectNumber } = props;
  if (typeof projectId !== 'string' || !(isToken(projectId) || GCP_PROJECT_ID.test(projectId))) {
    invalid(scope, `${property}.projectId`, projectId, 'must be a GCP project id: 6 to 30 lower-case letters, digits and "-", starting with a letter, such as "contoso-prod-123"');
  }
  if (typeof projectNumber !== 'string' || !(isToken(projectNumber) || GCP_PROJECT_NUMBER.test(projectNumber))) {
    invalid(scope, `${property}.projectNumber`, projectNumber, 'must be the numeric GCP project number, as a string, such as "123456789012"');
  }
  const name = connectorName(scope, `${property}.name`, props.name, `gcp-${projectId}`);

  const offerings: { [key: string]: JsonValue }[] = [];
  offeringsList(scope, `${property}.offerings`, props.offerings, DEFENDER_GCP_OFFERINGS, 'CspmMonitorGcp').forEach((o, i) => {
    const at = `${property}.offerings[${i}]`;
    const identity = () => gcpIdentity(scope, at, o, projectId, 'workloadIdentityProviderId', 'serviceAccountEmailAddress');
    switch (o.offering as DefenderGcpOfferingType) {
      case 'CspmMonitorGcp':
        onlyKeys(scope, at, o, ['offering', 'workloadIdentityProviderId', 'serviceAccountEmailAddress'], 'CspmMonitorGcp');
        offerings.push({ offeringType: 'CspmMonitorGcp', nativeCloudConnection: identity() });
        break;
      case 'DefenderForServersGcp': {
        onlyKeys(scope, at, o, ['offering', 'workloadIdentityProviderId', 'serviceAccountEmailAddress', 'subPlan', 'arcAutoProvisioning',
          'mdeAutoProvisioning', 'vulnerabilityAssessment', 'vmScanner', 'vmScannerExclusionTags'], 'DefenderForServersGcp');
        const subPlan = o.subPlan ?? 'P2';
        if (subPlan !== 'P1' && subPlan !== 'P2') invalid(scope, `${at}.subPlan`, subPlan, oneOf(['P1', 'P2']));
        const scanner = bool(scope, `${at}.vmScanner`, o.vmScanner, subPlan === 'P2');
        if (scanner && subPlan !== 'P2') invalid(scope, `${at}.vmScanner`, true, 'agentless VM scanning needs subPlan "P2"');
        const exclusion = tags(scope, `${at}.vmScannerExclusionTags`, o.vmScannerExclusionTags);
        if (exclusion && !scanner) invalid(scope, `${at}.vmScannerExclusionTags`, exclusion, 'only applies with agentless scanning (vmScanner)');
        offerings.push({
          offeringType: 'DefenderForServersGcp',
          subPlan: { type: subPlan },
          defenderForServers: identity(),
          arcAutoProvisioning: { enabled: bool(scope, `${at}.arcAutoProvisioning`, o.arcAutoProvisioning, true) },
          mdeAutoProvisioning: { enabled: bool(scope, `${at}.mdeAutoProvisioning`, o.mdeAutoProvisioning, true) },
          vaAutoProvisioning: bool(scope, `${at}.vulnerabilityAssessment`, o.vulnerabilityAssessment, true)
            ? { enabled: true, configuration: { type: 'TVM' } } : { enabled: false },
          vmScanners: scanner ? { enabled: true, configuration: { scanningMode: 'Default', exclusionTags: exclusion ?? {} } } : { enabled: false },
        });
        break;
      }
      case 'DefenderForContainersGcp':
        onlyKeys(scope, at, o, ['offering', 'workloadIdentityProviderId', 'serviceAccountEmailAddress', 'dataPipelineWorkloadIdentityProviderId',
          'dataPipelineServiceAccountEmailAddress', 'auditLogsAutoProvisioning', 'defenderAgentAutoProvisioning', 'policyAgentAutoProvisioning'],
        'DefenderForContainersGcp');
        offerings.push({
          offeringType: 'DefenderForContainersGcp',
          nativeCloudConnection: identity(),
          dataPipelineNativeCloudConnection: gcpIdentity(scope, at, o, projectId, 'dataPipelineWorkloadIdentityProviderId', 'dataPipelineServiceAccountEmailAddress'),
          auditLogsAutoProvisioningFlag: bool(scope, `${at}.auditLogsAutoProvisioning`, o.auditLogsAutoProvisioning, true),
          defenderAgentAutoProvisioningFlag: bool(scope, `${at}.defenderAgentAutoProvisioning`, o.defenderAgentAutoProvisioning, true),
          policyAgentAutoProvisioningFlag: bool(scope, `${at}.policyAgentAutoProvisioning`, o.policyAgentAutoProvisioning, true),
        });
        break;
      case 'DefenderForDatabasesGcp':
        onlyKeys(scope, at, o, ['offering', 'workloadIdentityProviderId', 'serviceAccountEmailAddress', 'arcAutoProvisioning'], 'DefenderForDatabasesGcp');
        offerings.push({
          offeringType: 'DefenderForDatabasesGcp',
          arcAutoProvisioning: { enabled: bool(scope, `${at}.arcAutoProvisioning`, o.arcAutoProvisioning, true) },
          defenderForDatabasesArcAutoProvisioning: identity(),
        });
        break;
    }
  });

  return {
    name,
    cloud: 'GCP',
    hierarchyIdentifier: projectNumber,
    template: connectorTemplate(name, location, {
      hierarchyIdentifier: projectNumber,
      environmentName: 'GCP',
      environmentData: { environmentType: 'GcpProject', projectDetails: { projectId, projectNumber } },
      offerings,
    }),
  };
}

/** Validates the location of the connectors. */
export function requireDefenderConnectorLocation(scope: Scope, property: string, value: unknown): string {
  if (typeof value !== 'string') invalid(scope, property, value, 'must be an Azure region such as "westeurope" (where the connector resources live)');
  return requireLocation(scope, property, value);
}
