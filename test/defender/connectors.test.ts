import { DefenderAwsConnectorProps, DefenderForCloud, DefenderForCloudProps, DefenderGcpConnectorProps } from '../../lib/defender';
import { synth, testStack } from '../helpers/synth';
import { inFreshStack } from '../helpers/construct';

const DEPLOYMENT = 'azurerm_resource_group_template_deployment';
const ACCOUNT = '123456789012';
const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
const PROJECT = 'contoso-prod-123';
const sa = (name: string, project = PROJECT) => `${name}@${project}.iam.gserviceaccount.com`;

const fullAws: DefenderAwsConnectorProps = {
  accountId: ACCOUNT,
  regions: ['eu-west-1', 'us-east-1'],
  offerings: [
    { offering: 'CspmMonitorAws', roleArn: role('CspmMonitorAws') },
    {
      offering: 'DefenderForServersAws',
      roleArn: role('DefenderForCloud-DefenderForServers'),
      arcAutoProvisioningRoleArn: role('DefenderForCloud-ArcAutoProvisioning'),
      vmScannerRoleArn: role('DefenderForCloud-AgentlessScanner'),
      vmScannerExclusionTags: { 'no-scan': 'true' },
    },
    {
      offering: 'DefenderForContainersAws',
      kubernetesServiceRoleArn: role('DefenderForCloud-Containers-K8s'),
      kubernetesScubaReaderRoleArn: role('DefenderForCloud-DataCollection'),
      cloudWatchToKinesisRoleArn: role('DefenderForCloud-Containers-K8s-cloudwatch-to-kinesis'),
      kinesisToS3RoleArn: role('DefenderForCloud-Containers-K8s-kinesis-to-s3'),
      containerVulnerabilityAssessmentRoleArn: role('DefenderForCloud-ContainerVulnerabilityAssessment'),
      containerVulnerabilityAssessmentTaskRoleArn: role('DefenderForCloud-ContainerVulnerabilityAssessmentTask'),
      scubaExternalId: 'a1b2c3d4-0000-1111-2222-333344445555',
    },
    { offering: 'DefenderForDatabasesAws', arcAutoProvisioningRoleArn: role('DefenderForCloud-ArcAutoProvisioning'), rdsRoleArn: role('DefenderForCloud-DefenderForDatabases') },
  ],
};

const fullGcp: DefenderGcpConnectorProps = {
  projectId: PROJECT,
  projectNumber: '987654321098',
  offerings: [
    { offering: 'CspmMonitorGcp', workloadIdentityProviderId: 'cspm', serviceAccountEmailAddress: sa('microsoft-defender-cspm') },
    { offering: 'DefenderForServersGcp', workloadIdentityProviderId: 'defender-for-servers', serviceAccountEmailAddress: sa('microsoft-defender-for-servers') },
    {
      offering: 'DefenderForContainersGcp',
      workloadIdentityProviderId: 'containers',
      serviceAccountEmailAddress: sa('microsoft-defender-containers'),
      dataPipelineWorkloadIdentityProviderId: 'containers-streams',
      dataPipelineServiceAccountEmailAddress: sa('ms-defender-containers-stream'),
    },
    { offering: 'DefenderForDatabasesGcp', workloadIdentityProviderId: 'defender-for-databases-arc-ap', serviceAccountEmailAddress: sa('microsoft-databases-arc-ap') },
  ],
};

const build = (props: DefenderForCloudProps) => synth((stack) => {
  new DefenderForCloud(stack, 'Defender', { securityContact: { emails: ['secops@contoso.com'] }, connectorsResourceGroupName: 'rg-security', ...props });
});
type Connector = { type: string; apiVersion: string; name: string; location: string; properties: { hierarchyIdentifier: string; environmentName: string; environmentData: Record<string, unknown>; offerings: Record<string, unknown>[] } };
const templates = (s: ReturnType<typeof build>) => s.list(DEPLOYMENT).map((d) => (JSON.parse(String(d.template_content)) as { $schema: string; resources: Connector[] }));
const offering = (c: Connector, type: string) => c.properties.offerings.find((o) => o.offeringType === type);
const construct = (props: unknown) => inFreshStack((stack) =>
  new DefenderForCloud(stack, 'Defender', { connectorsResourceGroupName: 'rg-security', ...(props as DefenderForCloudProps) }));
/** An AWS connector with one field changed (untyped, as from a JSON config). */
const aws = (patch: Record<string, unknown>) => construct({ awsConnectors: [{ ...fullAws, ...patch }] });
const awsOffering = (index: number, patch: Record<string, unknown>) => aws({ offerings: fullAws.offerings.map((o, i) => (i === index ? { ...o, ...patch } : o)) });
const gcp = (patch: Record<string, unknown>) => construct({ gcpConnectors: [{ ...fullGcp, ...patch }] });
const gcpOffering = (index: number, patch: Record<string, unknown>) => gcp({ offerings: fullGcp.offerings.map((o, i) => (i === index ? { ...o, ...patch } : o)) });

describe('DefenderForCloud: AWS connectors', () => {
  test('one resource-group template deployment per connector, with the securityConnectors resource', () => {
    const s = build({ awsConnectors: [fullAws], connectorsLocation: 'northeurope' });
    const d = s.only(DEPLOYMENT);
    expect(d).toMatchObject({ name: `guardrails-defender-connector-aws-${ACCOUNT}`, resource_group_name: 'rg-security', deployment_mode: 'Incremental' });
    expect(String((d.depends_on as string[])[0])).toMatch(/^azurerm_security_center_subscription_pricing\./);
    const [t] = templates(s);
    expect(t.$schema).toMatch(/\/deploymentTemplate\.json#$/);
    expect(t.resources).toHaveLength(1);
    const c = t.resources[0];
    expect(c).toMatchObject({ type: 'Microsoft.Security/securityConnectors', apiVersion: '2023-10-01-preview', name: `aws-${ACCOUNT}`, location: 'northeurope' });
    expect(c.properties).toMatchObject({
      hierarchyIdentifier: ACCOUNT,
      environmentName: 'AWS',
      environmentData: { environmentType: 'AwsAccount', regions: ['eu-west-1', 'us-east-1'] },
    });
    expect(c.properties.offerings.map((o) => o.offeringType)).toEqual(['CspmMonitorAws', 'DefenderForServersAws', 'DefenderForContainersAws', 'DefenderForDatabasesAws']);
  });

  test('offering payloads carry the role ARNs where Azure reads them', () => {
    const c = templates(build({ awsConnectors: [fullAws] }))[0].resources[0];
    expect(offering(c, 'CspmMonitorAws')).toEqual({ offeringType: 'CspmMonitorAws', nativeCloudConnection: { cloudRoleArn: role('CspmMonitorAws') } });
    expect(offering(c, 'DefenderForServersAws')).toEqual({
      offeringType: 'DefenderForServersAws',
      subPlan: { type: 'P2' },
      defenderForServers: { cloudRoleArn: role('DefenderForCloud-DefenderForServers') },
      arcAutoProvisioning: { enabled: true, cloudRoleArn: role('DefenderForCloud-ArcAutoProvisioning') },
      mdeAutoProvisioning: { enabled: true },
      vaAutoProvisioning: { enabled: true, configuration: { type: 'TVM' } },
      vmScanners: { enabled: true, configuration: { cloudRoleArn: role('DefenderForCloud-AgentlessScanner'), scanningMode: 'Default', exclusionTags: { 'no-scan': 'true' } } },
    });
    expect(offering(c, 'DefenderForContainersAws')).toMatchObject({
      kubernetesService: { cloudRoleArn: role('DefenderForCloud-Containers-K8s') },
      kubernetesScubaReader: { cloudRoleArn: role('DefenderForCloud-DataCollection') },
      cloudWatchToKinesis: { cloudRoleArn: role('DefenderForCloud-Containers-K8s-cloudwatch-to-kinesis') },
      kinesisToS3: { cloudRoleArn: role('DefenderForCloud-Containers-K8s-kinesis-to-s3') },
      containerVulnerabilityAssessment: { cloudRoleArn: role('DefenderForCloud-ContainerVulnerabilityAssessment') },
      containerVulnerabilityAssessmentTask: { cloudRoleArn: role('DefenderForCloud-ContainerVulnerabilityAssessmentTask') },
      enableContainerVulnerabilityAssessment: true,
      autoProvisioning: true,
      kubeAuditRetentionTime: 30,
      scubaExternalId: 'a1b2c3d4-0000-1111-2222-333344445555',
    });
    expect(offering(c, 'DefenderForDatabasesAws')).toEqual({
      offeringType: 'DefenderForDatabasesAws',
      arcAutoProvisioning: { enabled: true, cloudRoleArn: role('DefenderForCloud-ArcAutoProvisioning') },
      rds: { enabled: true, cloudRoleArn: role('DefenderForCloud-DefenderForDatabases') },
      databasesDspm: { enabled: false },
    });
  });

  test('minimal connector: CSPM only, all regions, location from deploymentLocation, custom name', () => {
    const s = build({ deploymentLocation: 'swedencentral', awsConnectors: [{ accountId: '000000000042', name: 'aws-sandbox', offerings: [{ offering: 'CspmMonitorAws', roleArn: role('Cspm', '000000000042') }] }] });
    const c = templates(s)[0].resources[0];
    expect(c.name).toBe('aws-sandbox');
    expect(c.location).toBe('swedencentral');
    expect(c.properties.environmentData).toEqual({ environmentType: 'AwsAccount' });
    expect(c.properties.hierarchyIdentifier).toBe('000000000042');
  });

  test('servers P1 without scanner, containers without ECR scanning', () => {
    const c = templates(build({
      awsConnectors: [{
        accountId: ACCOUNT,
        offerings: [
          fullAws.offerings[0],
          { offering: 'DefenderForServersAws', subPlan: 'P1', roleArn: role('S'), arcAutoProvisioningRoleArn: role('A'), mdeAutoProvisioning: false, vulnerabilityAssessment: false },
          { offering: 'DefenderForContainersAws', kubernetesServiceRoleArn: role('K'), kubernetesScubaReaderRoleArn: role('R'), cloudWatchToKinesisRoleArn: role('C'), kinesisToS3RoleArn: role('S3'), kubeAuditRetentionDays: 90, autoProvisioning: false },
        ],
      }],
    }))[0].resources[0];
    expect(offering(c, 'DefenderForServersAws')).toMatchObject({ subPlan: { type: 'P1' }, vmScanners: { enabled: false }, mdeAutoProvisioning: { enabled: false }, vaAutoProvisioning: { enabled: false } });
    const k8s = offering(c, 'DefenderForContainersAws')!;
    expect(k8s).toMatchObject({ enableContainerVulnerabilityAssessment: false, kubeAuditRetentionTime: 90, autoProvisioning: false });
    expect(k8s.containerVulnerabilityAssessment).toBeUndefined();
  });

  test('the construct exposes one deployment per connector by name', () => {
    const { stack } = testStack();
    const d = new DefenderForCloud(stack, 'Defender', { connectorsResourceGroupName: 'rg', awsConnectors: [fullAws], gcpConnectors: [fullGcp] });
    expect(Object.keys(d.connectors)).toEqual([`aws-${ACCOUNT}`, `gcp-${PROJECT}`]);
  });

  test('refusals: account id, regions, role ARNs', () => {
    expect(() => aws({ accountId: '12345' })).toThrow(/test\/Defender: invalid awsConnectors\[0\]\.accountId "12345": must be a 12-digit AWS account id/);
    expect(() => aws({ accountId: 123456789012 })).toThrow(/invalid awsConnectors\[0\]\.accountId 123456789012: must be a 12-digit AWS account id .*as a string/);
    expect(() => aws({ regions: ['West Europe'] })).toThrow(/invalid awsConnectors\[0\]\.regions\[0\] "West Europe": must be an AWS region code such as "eu-west-1"/);
    expect(() => aws({ regions: ['eu-west-1', 'eu-west-1'] })).toThrow(/regions\[1\] "eu-west-1": duplicate region/);
    expect(() => aws({ regions: [] })).toThrow(/invalid awsConnectors\[0\]\.regions \[\]: must list AWS regions/);
    expect(() => awsOffering(0, { roleArn: 'CspmMonitorAws' }))
      .toThrow(/invalid awsConnectors\[0\]\.offerings\[0\]\.roleArn "CspmMonitorAws": must be an IAM role ARN "arn:aws:iam::123456789012:role\/<role name>"/);
    expect(() => awsOffering(0, { roleArn: role('CspmMonitorAws', '999999999999') })).toThrow(/the role must belong to the connected account 123456789012/);
    expect(() => awsOffering(1, { arcAutoProvisioningRoleArn: undefined })).toThrow(/offerings\[1\]\.arcAutoProvisioningRoleArn undefined: must be an IAM role ARN/);
  });

  test('refusals: offerings', () => {
    expect(() => aws({ offerings: [] })).toThrow(/invalid awsConnectors\[0\]\.offerings \[\]: must list the offerings to enable/);
    expect(() => aws({ offerings: [fullAws.offerings[0], { offering: 'DefenderForStorageAws' }] }))
      .toThrow(/invalid awsConnectors\[0\]\.offerings\[1\]\.offering "DefenderForStorageAws": unknown offering: must be one of "CspmMonitorAws", "DefenderForServersAws", "DefenderForContainersAws" or "DefenderForDatabasesAws"/);
    expect(() => aws({ offerings: [fullAws.offerings[0], fullAws.offerings[0]] })).toThrow(/offerings\[1\]\.offering "CspmMonitorAws": duplicate offering: already given at awsConnectors\[0\]\.offerings\[0\]/);
    expect(() => aws({ offerings: [fullAws.offerings[1]] })).toThrow(/invalid awsConnectors\[0\]\.offerings \["DefenderForServersAws"\]: must include "CspmMonitorAws"/);
    expect(() => awsOffering(0, { externalId: 'x' })).toThrow(/offerings\[0\]\.externalId "x": unknown property of CspmMonitorAws/);
    expect(() => awsOffering(1, { subPlan: 'P3' })).toThrow(/offerings\[1\]\.subPlan "P3": must be one of "P1" or "P2"/);
    expect(() => awsOffering(1, { subPlan: 'P1' })).toThrow(/offerings\[1\]\.vmScannerRoleArn ".*": agentless VM scanning needs subPlan "P2"/);
    expect(() => awsOffering(1, { vmScannerRoleArn: undefined })).toThrow(/vmScannerExclusionTags .*: only applies with agentless scanning/);
    expect(() => awsOffering(1, { mdeAutoProvisioning: 'yes' })).toThrow(/offerings\[1\]\.mdeAutoProvisioning "yes": must be true or false/);
    expect(() => awsOffering(2, { containerVulnerabilityAssessmentTaskRoleArn: undefined }))
      .toThrow(/containerVulnerabilityAssessmentTaskRoleArn undefined: ECR scanning needs both/);
    expect(() => awsOffering(2, { kubeAuditRetentionDays: 0 })).toThrow(/kubeAuditRetentionDays 0: must be a whole number of days from 1 to 3653/);
    expect(() => awsOffering(2, { scubaExternalId: 'a' })).toThrow(/scubaExternalId "a": must be an AWS external id/);
    expect(() => awsOffering(1, { vmScannerExclusionTags: { 'bad\ttag': 'x' } })).toThrow(/vmScannerExclusionTags\.bad\ttag/);
  });

  test('refusals: connector names, duplicates, resource group, location, stray keys', () => {
    expect(() => aws({ name: 'has space' })).toThrow(/invalid awsConnectors\[0\]\.name "has space": must be 1 to 63 letters/);
    expect(() => construct({ awsConnectors: [fullAws, { ...fullAws, name: 'second' }] }))
      .toThrow(/invalid awsConnectors\[1\] "123456789012": duplicate AWS account: a cloud account is connected once/);
    expect(() => construct({ awsConnectors: [fullAws], gcpConnectors: [{ ...fullGcp, name: `aws-${ACCOUNT}` }] }))
      .toThrow(/invalid gcpConnectors\[0\]\.name "aws-123456789012": duplicate connector name/);
    expect(() => construct({ connectorsResourceGroupName: undefined, awsConnectors: [fullAws] }))
      .toThrow(/invalid connectorsResourceGroupName undefined: connectors live in a resource group/);
    expect(() => construct({ connectorsResourceGroupName: 'rg.', awsConnectors: [fullAws] })).toThrow(/invalid connectorsResourceGroupName "rg\."/);
    expect(() => construct({ connectorsLocation: 'North Europe', awsConnectors: [fullAws] })).toThrow(/invalid connectorsLocation "North Europe": must be an Azure region name/);
    expect(() => construct({})).toThrow(/invalid connectorsResourceGroupName "rg-security": only applies with awsConnectors or gcpConnectors/);
    expect(() => construct({ awsConnectors: fullAws })).toThrow(/invalid awsConnectors .*: must be a list of AWS connectors/);
    expect(() => construct({ awsConnectors: ['123456789012'] })).toThrow(/invalid awsConnectors\[0\] "123456789012": must be an AWS connector/);
    expect(() => construct({ gcpConnectors: ['contoso-prod-123'] })).toThrow(/invalid gcpConnectors\[0\] "contoso-prod-123": must be a GCP connector/);
    expect(() => construct({ gcpConnectors: fullGcp })).toThrow(/invalid gcpConnectors .*: must be a list of GCP connectors/);
    expect(() => construct({ connectorsResourceGroupName: undefined, connectorsLocation: 'westeurope' }))
      .toThrow(/invalid connectorsLocation "westeurope": only applies with awsConnectors or gcpConnectors/);
    expect(() => construct({ connectorsLocation: 7, awsConnectors: [fullAws] })).toThrow(/invalid connectorsLocation 7: must be an Azure region/);
    expect(() => aws({ offerings: [fullAws.offerings[0], 'DefenderForServersAws'] })).toThrow(/offerings\[1\] "DefenderForServersAws": must be an offering object/);
    expect(() => awsOffering(1, { vmScannerExclusionTags: ['no-scan'] })).toThrow(/vmScannerExclusionTags \["no-scan"\]: must be an object of tag names to values/);
    expect(() => awsOffering(1, { vmScannerExclusionTags: { 'no-scan': true } })).toThrow(/vmScannerExclusionTags\.no-scan true: tag values are strings/);
    expect(() => aws({ account: ACCOUNT })).toThrow(/invalid awsConnectors\[0\]\.account "123456789012": unknown property of an AWS connector/);
  });
});

describe('DefenderForCloud: GCP connectors', () => {
  test('project connector: hierarchyIdentifier is the project number, identities per offering', () => {
    const c = templates(build({ gcpConnectors: [fullGcp] }))[0].resources[0];
    expect(c).toMatchObject({ type: 'Microsoft.Security/securityConnectors', name: `gcp-${PROJECT}`, location: 'westeurope' });
    expect(c.properties).toMatchObject({
      hierarchyIdentifier: '987654321098',
      environmentName: 'GCP',
      environmentData: { environmentType: 'GcpProject', projectDetails: { projectId: PROJECT, projectNumber: '987654321098' } },
    });
    expect(offering(c, 'CspmMonitorGcp')).toEqual({
      offeringType: 'CspmMonitorGcp',
      nativeCloudConnection: { workloadIdentityProviderId: 'cspm', serviceAccountEmailAddress: sa('microsoft-defender-cspm') },
    });
    expect(offering(c, 'DefenderForServersGcp')).toEqual({
      offeringType: 'DefenderForServersGcp',
      subPlan: { type: 'P2' },
      defenderForServers: { workloadIdentityProviderId: 'defender-for-servers', serviceAccountEmailAddress: sa('microsoft-defender-for-servers') },
      arcAutoProvisioning: { enabled: true },
      mdeAutoProvisioning: { enabled: true },
      vaAutoProvisioning: { enabled: true, configuration: { type: 'TVM' } },
      vmScanners: { enabled: true, configuration: { scanningMode: 'Default', exclusionTags: {} } },
    });
    expect(offering(c, 'DefenderForContainersGcp')).toEqual({
      offeringType: 'DefenderForContainersGcp',
      nativeCloudConnection: { workloadIdentityProviderId: 'containers', serviceAccountEmailAddress: sa('microsoft-defender-containers') },
      dataPipelineNativeCloudConnection: { workloadIdentityProviderId: 'containers-streams', serviceAccountEmailAddress: sa('ms-defender-containers-stream') },
      auditLogsAutoProvisioningFlag: true,
      defenderAgentAutoProvisioningFlag: true,
      policyAgentAutoProvisioningFlag: true,
    });
    expect(offering(c, 'DefenderForDatabasesGcp')).toEqual({
      offeringType: 'DefenderForDatabasesGcp',
      arcAutoProvisioning: { enabled: true },
      defenderForDatabasesArcAutoProvisioning: { workloadIdentityProviderId: 'defender-for-databases-arc-ap', serviceAccountEmailAddress: sa('microsoft-databases-arc-ap') },
    });
  });

  test('servers P1 has no agentless scanner by default', () => {
    const c = templates(build({ gcpConnectors: [{ ...fullGcp, offerings: [fullGcp.offerings[0], { ...fullGcp.offerings[1], subPlan: 'P1' } as DefenderGcpConnectorProps['offerings'][number]] }] }))[0].resources[0];
    expect(offering(c, 'DefenderForServersGcp')).toMatchObject({ subPlan: { type: 'P1' }, vmScanners: { enabled: false } });
  });

  test('refusals', () => {
    expect(() => gcp({ projectId: 'Contoso_Prod' })).toThrow(/test\/Defender: invalid gcpConnectors\[0\]\.projectId "Contoso_Prod": must be a GCP project id/);
    expect(() => gcp({ projectNumber: 'contoso' })).toThrow(/invalid gcpConnectors\[0\]\.projectNumber "contoso": must be the numeric GCP project number/);
    expect(() => gcp({ offerings: [{ offering: 'CspmMonitorAws' }] })).toThrow(/offerings\[0\]\.offering "CspmMonitorAws": unknown offering: must be one of "CspmMonitorGcp"/);
    expect(() => gcp({ offerings: [fullGcp.offerings[2]] })).toThrow(/must include "CspmMonitorGcp"/);
    expect(() => gcpOffering(0, { workloadIdentityProviderId: 'CSPM provider' })).toThrow(/offerings\[0\]\.workloadIdentityProviderId "CSPM provider": must be a workload identity provider id/);
    expect(() => gcpOffering(0, { serviceAccountEmailAddress: sa('microsoft-defender-cspm', 'other-project') }))
      .toThrow(/serviceAccountEmailAddress ".*other-project.*": must be a service account of project contoso-prod-123/);
    expect(() => gcpOffering(2, { dataPipelineServiceAccountEmailAddress: 'x@gmail.com' })).toThrow(/offerings\[2\]\.dataPipelineServiceAccountEmailAddress "x@gmail.com"/);
    expect(() => gcpOffering(1, { subPlan: 'P1', vmScanner: true })).toThrow(/offerings\[1\]\.vmScanner true: agentless VM scanning needs subPlan "P2"/);
    expect(() => gcpOffering(1, { vmScanner: false, vmScannerExclusionTags: { a: 'b' } })).toThrow(/vmScannerExclusionTags .*only applies with agentless scanning/);
    expect(() => gcpOffering(3, { rds: true })).toThrow(/offerings\[3\]\.rds true: unknown property of DefenderForDatabasesGcp/);
    expect(() => construct({ gcpConnectors: [fullGcp, { ...fullGcp, name: 'again' }] })).toThrow(/duplicate GCP project/);
  });
});
