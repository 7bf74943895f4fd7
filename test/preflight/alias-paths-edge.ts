/**
 * Paths the edge, AI and analytics tables write that the bundled catalog (Azure's 2024 alias dump) has no alias for,
 * by "<type> <path prefix>" (lower case), with the reason; merged into alias-paths.test.ts's NO_ALIAS. Each was
 * checked against the 2026-08 dump (shared/azure-policy-aliases/aliases-2026-08.csv.gz).
 */
export const EDGE_NO_ALIAS: Record<string, string> = {
  'microsoft.cognitiveservices/accounts properties.networkacls.bypass': 'alias in the 2026 dump only',
  'microsoft.cognitiveservices/accounts properties.allowprojectmanagement': 'alias in the 2026 dump only',
  'microsoft.cognitiveservices/accounts properties.networkinjections': 'alias in the 2026 dump only',
  'microsoft.databricks/workspaces properties.accessconnector': 'alias in the 2026 dump only',
  'microsoft.databricks/workspaces properties.defaultstoragefirewall': 'alias in the 2026 dump only',
  'microsoft.databricks/workspaces properties.enhancedsecuritycompliance': 'alias in the 2026 dump only',
  'microsoft.machinelearningservices/workspaces properties.managednetwork': 'alias in the 2026 dump only',
  'microsoft.machinelearningservices/workspaces properties.provisionnetworknow': 'alias in the 2026 dump only',
  'microsoft.machinelearningservices/workspaces properties.enableservicesidecmkencryption': 'alias in the 2026 dump only',
  'microsoft.machinelearningservices/workspaces properties.serverlesscomputesettings': 'alias in the 2026 dump only',
  'microsoft.machinelearningservices/workspaces properties.featurestoresettings': 'alias in the 2026 dump only',
  'microsoft.network/applicationgateways properties.backendhttpsettingscollection[*].properties.dedicatedbackendconnection': 'alias in the 2026 dump only',
  'microsoft.network/applicationgatewaywebapplicationfirewallpolicies properties.policysettings.jschallengecookieexpirationinmins': 'alias in the 2026 dump only',
  'microsoft.network/frontdoorwebapplicationfirewallpolicies properties.policysettings.javascriptchallengeexpirationinminutes': 'alias in the 2026 dump only',
  'microsoft.network/frontdoorwebapplicationfirewallpolicies properties.policysettings.captchaexpirationinminutes': 'alias in the 2026 dump only',
  'microsoft.network/frontdoorwebapplicationfirewallpolicies properties.policysettings.logscrubbing': 'alias in the 2026 dump only',
  'microsoft.cdn/profiles properties.logscrubbing': 'alias in the 2026 dump only',
};
