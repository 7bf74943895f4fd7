/**
 * Offline KQL checks with Microsoft's Kusto language service (`@kusto/language-service-next`, the parser and
 * semantic analyzer behind Azure Data Explorer's and Log Analytics' editors), against the documented schemas of the
 * tables the kit's queries read. An unknown table, column or function, a wrong argument type or a syntax error is a
 * diagnostic, and a diagnostic fails the test.
 *
 * Table schemas (column names and types exactly as documented):
 * - SecurityAlert, SecurityIncident, SigninLogs, AADNonInteractiveUserSignInLogs (the columns the kit reads),
 *   AuditLogs, AzureActivity: Azure Monitor Logs table reference,
 *   https://learn.microsoft.com/azure/azure-monitor/reference/tables/<table> (source: MicrosoftDocs/azure-monitor-docs
 *   articles/azure-monitor/reference/tables/*.md and MicrosoftDocs/azure-reference-other
 *   azure-monitor-ref/tables/includes/signinlogs-include.md).
 * - Resource Graph tables (resources, securityresources, resourcecontainers): the resource shape Resource Graph
 *   returns, https://learn.microsoft.com/azure/governance/resource-graph/concepts/explore-resources (id, kind,
 *   location, managedBy, name, plan, properties, resourceGroup, sku, subscriptionId, tags, type) plus the tenantId,
 *   identity, zones, extendedLocation and managementGroup columns every Resource Graph table has.
 * Resource Graph supports only some tabular operators
 * (https://learn.microsoft.com/azure/governance/resource-graph/concepts/query-language#supported-tabulartop-level-operators):
 * `checkResourceGraphDialect` refuses the others, join kinds other than innerunique/inner/leftouter/fullouter, more
 * than 3 joins, more than 2 mv-expand and `let` statements.
 */
import { execFileSync } from 'child_process';
import { createRequire } from 'module';
import * as path from 'path';

/** The parts of the Bridge.NET API the checks use. */
interface KList<T> { readonly Count: number; getItem(i: number): T }
interface KDiagnostic { readonly Severity: string; readonly Code: string; readonly Message: string; readonly Start: number; readonly Length: number }
interface KColumn { readonly Name: string; readonly Type: { readonly Name: string } }
interface KTable { readonly Name: string; readonly Columns: KList<KColumn> }
interface KElement { readonly Kind: number; readonly constructor: { readonly $$name?: string }; toString(): string }
interface KCode {
  GetDiagnostics(): KList<KDiagnostic>;
  readonly ResultType: KTable | null;
  readonly Syntax: { WalkElements(fn: (e: KElement) => void): void };
}
interface KGlobalState { WithDatabase(db: unknown): KGlobalState }
interface KustoLanguage {
  KustoCode: { ParseAndAnalyze(text: string, globals: KGlobalState): KCode };
  GlobalState: { Default: KGlobalState };
  Symbols: {
    TableSymbol: { $ctor7: new (name: string, schema: string, description: string | null) => KTable };
    DatabaseSymbol: { ctor: new (name: string, members: unknown[]) => unknown };
  };
}

let language: KustoLanguage | undefined;

/** Loads the language service once per test file (about 1 s; the first analysis warms up in a few seconds more). */
function kusto(): KustoLanguage {
  if (!language) {
    const load = createRequire(__filename);
    load('@kusto/language-service-next/bridge.min.js');
    load('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    language = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
  }
  return language;
}

/** Log Analytics tables, `(name:type, ...)` as documented. */
export const LOG_ANALYTICS_TABLES: Readonly<Record<string, string>> = {
  SecurityAlert: '(AlertLink:string, AlertName:string, AlertSeverity:string, AlertType:string, _BilledSize:real, CompromisedEntity:string,'
    + ' ConfidenceLevel:string, ConfidenceScore:real, Description:string, DisplayName:string, EndTime:datetime, Entities:string,'
    + ' ExtendedLinks:string, ExtendedProperties:string, _IsBillable:string, IsIncident:bool, ProcessingEndTime:datetime,'
    + ' ProductComponentName:string, ProductName:string, ProviderName:string, RemediationSteps:string, ResourceId:string,'
    + ' SourceComputerId:string, StartTime:datetime, Status:string, SubTechniques:string, SystemAlertId:string, Tactics:string,'
    + ' Techniques:string, TenantId:string, TimeGenerated:datetime, Type:string, VendorName:string, VendorOriginalId:string,'
    + ' WorkspaceResourceGroup:string, WorkspaceSubscriptionId:string)',
  SecurityIncident: '(AdditionalData:dynamic, AlertIds:dynamic, _BilledSize:real, BookmarkIds:dynamic, Classification:string,'
    + ' ClassificationComment:string, ClassificationReason:string, ClosedTime:datetime, Comments:dynamic, CreatedTime:datetime,'
    + ' Description:string, FirstActivityTime:datetime, FirstModifiedTime:datetime, IncidentName:string, IncidentNumber:int,'
    + ' IncidentUrl:string, _IsBillable:string, Labels:dynamic, LastActivityTime:datetime, LastModifiedTime:datetime,'
    + ' ModifiedBy:string, Owner:dynamic, ProviderIncidentId:string, ProviderName:string, RelatedAnalyticRuleIds:dynamic,'
    + ' Severity:string, SourceSystem:string, Status:string, TenantId:string, TimeGenerated:datetime, Title:string, Type:string)',
  SigninLogs: '(AADTenantId:string, AlternateSignInName:string, AppDisplayName:string, AppId:string, AppliedConditionalAccessPolicies:string,'
    + ' AppliedEventListeners:dynamic, AuthenticationContextClassReferences:string, AuthenticationDetails:string,'
    + ' AuthenticationMethodsUsed:string, AuthenticationProcessingDetails:string, AuthenticationProtocol:string,'
    + ' AuthenticationRequirement:string, AuthenticationRequirementPolicies:string, AutonomousSystemNumber:string, _BilledSize:real,'
    + ' Category:string, ClientAppUsed:string, ConditionalAccessPolicies:dynamic, ConditionalAccessStatus:string, CorrelationId:string,'
    + ' CreatedDateTime:datetime, CrossTenantAccessType:string, DeviceDetail:dynamic, DurationMs:long, FlaggedForReview:bool,'
    + ' HomeTenantId:string, Id:string, Identity:string, IPAddress:string, IPAddressFromResourceProvider:string, _IsBillable:string,'
    + ' IsInteractive:bool, IsRisky:bool, Level:string, Location:string, LocationDetails:dynamic, MfaDetail:dynamic,'
    + ' NetworkLocationDetails:string, OperationName:string, OperationVersion:string, OriginalRequestId:string,'
    + ' ProcessingTimeInMilliseconds:string, Resource:string, ResourceDisplayName:string, ResourceGroup:string, ResourceId:string,'
    + ' ResourceIdentity:string, ResourceProvider:string, ResourceServicePrincipalId:string, ResourceTenantId:string,'
    + ' ResultDescription:string, ResultSignature:string, ResultType:string, RiskDetail:string, RiskEventTypes:string,'
    + ' RiskEventTypes_V2:string, RiskLevel:string, RiskLevelAggregated:string, RiskLevelDuringSignIn:string, RiskState:string,'
    + ' ServicePrincipalId:string, ServicePrincipalName:string, SessionLifetimePolicies:string, SignInIdentifier:string,'
    + ' SignInIdentifierType:string, SourceSystem:string, Status:dynamic, TenantId:string, TimeGenerated:datetime, TokenIssuerName:string,'
    + ' TokenIssuerType:string, Type:string, UniqueTokenIdentifier:string, UserAgent:string, UserDisplayName:string, UserId:string,'
    + ' UserPrincipalName:string, UserType:string)',
  // The columns of AADNonInteractiveUserSignInLogs the kit reads, with their documented types (the table has the
  // sign-in columns of SigninLogs; a subset is stricter: any other column is an unknown-column error here).
  AADNonInteractiveUserSignInLogs: '(AppDisplayName:string, AppId:string, IPAddress:string, Location:string, ResourceDisplayName:string,'
    + ' ResourceIdentity:string, ResultType:string, TimeGenerated:datetime, Type:string, UserId:string, UserPrincipalName:string)',
  AuditLogs: '(AADOperationType:string, AADTenantId:string, ActivityDateTime:datetime, ActivityDisplayName:string, AdditionalDetails:dynamic,'
    + ' _BilledSize:real, Category:string, CorrelationId:string, DurationMs:long, Id:string, Identity:string, InitiatedBy:dynamic,'
    + ' _IsBillable:string, Level:string, Location:string, LoggedByService:string, OperationName:string, OperationVersion:string,'
    + ' Resource:string, ResourceGroup:string, ResourceId:string, ResourceProvider:string, Result:string, ResultDescription:string,'
    + ' ResultReason:string, ResultSignature:string, ResultType:string, SourceSystem:string, TargetResources:dynamic, TenantId:string,'
    + ' TimeGenerated:datetime, Type:string)',
  AzureActivity: '(ActivityStatus:string, ActivityStatusValue:string, ActivitySubstatus:string, ActivitySubstatusValue:string,'
    + ' Authorization:string, Authorization_d:dynamic, _BilledSize:real, Caller:string, CallerIpAddress:string, Category:string,'
    + ' CategoryValue:string, Claims:string, Claims_d:dynamic, CorrelationId:string, EventDataId:string, EventSubmissionTimestamp:datetime,'
    + ' Hierarchy:string, HTTPRequest:string, _IsBillable:string, Level:string, OperationId:string, OperationName:string,'
    + ' OperationNameValue:string, Properties:string, Properties_d:dynamic, Resource:string, ResourceGroup:string, ResourceId:string,'
    + ' _ResourceId:string, ResourceProvider:string, ResourceProviderValue:string, SourceSystem:string, SubscriptionId:string,'
    + ' _SubscriptionId:string, TenantId:string, TimeGenerated:datetime, Type:string)',
};

const ARG_COLUMNS = '(id:string, name:string, type:string, tenantId:string, [\'kind\']:string, location:string, resourceGroup:string,'
  + ' subscriptionId:string, managementGroup:string, managedBy:string, sku:dynamic, plan:dynamic, properties:dynamic, tags:dynamic,'
  + ' identity:dynamic, zones:dynamic, extendedLocation:dynamic)';

/** Resource Graph tables the kit's shared queries read (lower case, as the queries write them). */
export const RESOURCE_GRAPH_TABLES: Readonly<Record<string, string>> = {
  resources: ARG_COLUMNS,
  securityresources: ARG_COLUMNS,
  resourcecontainers: ARG_COLUMNS,
};

export type KqlDialect = 'LogAnalytics' | 'ResourceGraph';

const globalsByDialect = new Map<KqlDialect, KGlobalState>();

function globalsFor(dialect: KqlDialect): KGlobalState {
  let globals = globalsByDialect.get(dialect);
  if (!globals) {
    const K = kusto();
    const tables = dialect === 'LogAnalytics' ? LOG_ANALYTICS_TABLES : RESOURCE_GRAPH_TABLES;
    const symbols = Object.entries(tables).map(([name, schema]) => {
      const table = new K.Symbols.TableSymbol.$ctor7(name, schema, null);
      // The schema parser stops quietly at a column it cannot read (a keyword such as `kind` must be quoted): a
      // table with fewer columns than declared would make valid queries fail, or worse, hide a typo.
      const declared = schema.split(',').length;
      if (table.Columns.Count !== declared) throw new Error(`${name}: ${declared} columns declared, ${table.Columns.Count} parsed`);
      return table;
    });
    globals = K.GlobalState.Default.WithDatabase(new K.Symbols.DatabaseSymbol.ctor(dialect, symbols));
    globalsByDialect.set(dialect, globals);
  }
  return globals;
}

/** The result of analyzing one query. */
export interface KqlAnalysis {
  /** Every diagnostic, as `<code> <message> at <offset>: <text>`. */
  readonly errors: string[];
  /** Output columns, `name:type`, when the query has a tabular result. */
  readonly columns: string[];
  /** The names of the tabular operators the query uses, e.g. `WhereOperator`. */
  readonly operators: string[];
  /** `kind=` of every join (`innerunique` when none is written). */
  readonly joinKinds: string[];
  /** Number of `let` statements. */
  readonly letStatements: number;
}

/** Parses and analyzes `query` against the dialect's tables. */
export function analyzeKql(query: string, dialect: KqlDialect): KqlAnalysis {
  const code = kusto().KustoCode.ParseAndAnalyze(query, globalsFor(dialect));
  const diagnostics = code.GetDiagnostics();
  const errors: string[] = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    errors.push(`${d.Severity} ${d.Code} ${d.Message} at ${d.Start}: ${JSON.stringify(query.slice(d.Start, d.Start + Math.max(d.Length, 1)))}`);
  }
  const columns: string[] = [];
  const result = code.ResultType;
  if (result && result.Columns) {
    for (let i = 0; i < result.Columns.Count; i++) {
      const c = result.Columns.getItem(i);
      columns.push(`${c.Name}:${c.Type.Name}`);
    }
  }
  const operators: string[] = [];
  const joinKinds: string[] = [];
  let letStatements = 0;
  code.Syntax.WalkElements((e) => {
    const name = e.constructor.$$name ?? '';
    const short = name.slice(name.lastIndexOf('.') + 1);
    if (short.endsWith('Operator') && name.startsWith('Kusto.Language.Syntax.') && !short.endsWith('BinaryOperator')) operators.push(short);
    if (short === 'JoinOperator') {
      const kind = /kind\s*=\s*(\w+)/.exec(e.toString());
      joinKinds.push(kind ? kind[1].toLowerCase() : 'innerunique');
    }
    if (short === 'LetStatement') letStatements++;
  });
  return { errors, columns, operators, joinKinds, letStatements };
}

/** Tabular operators Resource Graph supports (query-language.md, "Supported tabular/top level operators"). */
const RESOURCE_GRAPH_OPERATORS = new Set([
  'CountOperator', 'DistinctOperator', 'ExtendOperator', 'JoinOperator', 'TakeOperator', 'MvExpandOperator', 'SortOperator',
  'ProjectOperator', 'ProjectAwayOperator', 'SummarizeOperator', 'TopOperator', 'UnionOperator', 'FilterOperator',
]);

/** Problems that make a query valid KQL but not a valid Resource Graph query. */
export function checkResourceGraphDialect(analysis: KqlAnalysis): string[] {
  const problems: string[] = [];
  for (const op of new Set(analysis.operators)) {
    if (!RESOURCE_GRAPH_OPERATORS.has(op)) problems.push(`${op} is not supported by Resource Graph`);
  }
  const joins = analysis.joinKinds;
  if (joins.length > 3) problems.push(`${joins.length} joins (Resource Graph allows 3)`);
  for (const kind of joins) if (!['innerunique', 'inner', 'leftouter', 'fullouter'].includes(kind)) problems.push(`join kind=${kind} is not supported by Resource Graph`);
  const mvExpands = analysis.operators.filter((o) => o === 'MvExpandOperator').length;
  if (mvExpands > 2) problems.push(`${mvExpands} mv-expand (Resource Graph allows 2)`);
  if (analysis.letStatements > 0) problems.push('let statements are not supported by Resource Graph');
  return problems;
}

/**
 * Analyzes many queries in one plain Node process (see kusto-worker.ts): the same results as {@link analyzeKql},
 * in about half the time under Jest.
 */
export function analyzeKqlBatch(requests: ReadonlyArray<{ query: string; dialect: KqlDialect }>): KqlAnalysis[] {
  const worker = path.join(__dirname, 'kusto-worker.ts');
  const output = execFileSync(process.execPath, ['--import', 'tsx', worker], {
    input: JSON.stringify(requests), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'],
  });
  return JSON.parse(output) as KqlAnalysis[];
}
