/**
 * Pure helpers for the allowed-images guardrail: registry names, login servers and the image regex that the AKS
 * built-in policy "Kubernetes cluster containers should only use allowed images"
 * (febd0533-8e55-448f-b837-bd0e06f16469) enforces through Gatekeeper. No construct is created here.
 */

/** Definition id of the AKS allowed-images built-in policy. */
export const REGISTRY_ALLOWED_IMAGES_POLICY_ID = '/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469';

/** Login server DNS suffix of Azure Container Registry in the public cloud. */
export const REGISTRY_DEFAULT_LOGIN_SERVER_SUFFIX = 'azurecr.io';

/** Azure Container Registry names: 5 to 50 letters and digits (no hyphens, no dots). */
export const REGISTRY_NAME_PATTERN = /^[A-Za-z0-9]{5,50}$/;

/** True when `name` is a valid Azure Container Registry name. */
export function isValidRegistryName(name: string): boolean {
  return typeof name === 'string' && REGISTRY_NAME_PATTERN.test(name);
}

const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** True when `value` is a DNS host name of at least two labels, lower case (`contoso.azurecr.io`). */
function isLowerCaseHostName(value: string): boolean {
  const labels = value.split('.');
  return labels.length >= 2 && value.length <= 253 && labels.every((l) => HOST_LABEL.test(l));
}

/**
 * The login server of a registry: `<name in lower case>.<suffix>`. Azure always lower-cases the registry name in
 * its login server (`ContosoApps` → `contosoapps.azurecr.io`).
 *
 * @param name the registry name (5-50 letters and digits)
 * @param suffix DNS suffix of the cloud (`azurecr.io`, `azurecr.us`, `azurecr.cn`)
 * @throws Error when the name or suffix is not valid
 */
export function registryLoginServer(name: string, suffix: string = REGISTRY_DEFAULT_LOGIN_SERVER_SUFFIX): string {
  if (!isValidRegistryName(name)) {
    throw new Error(`invalid registry name ${JSON.stringify(name)}: must be 5-50 letters and digits`);
  }
  const server = `${name.toLowerCase()}.${suffix}`;
  if (!isLowerCaseHostName(suffix) || !isLowerCaseHostName(server)) {
    throw new Error(`invalid login server suffix ${JSON.stringify(suffix)}: must be a lower-case DNS suffix such as "azurecr.io"`);
  }
  return server;
}

/** Escapes every regular-expression metacharacter, for a literal match in both RE2 (Gatekeeper) and JavaScript. */
export function escapeRegistryRegex(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/**
 * The `allowedContainerImagesRegex` that allows images from exactly one registry login server:
 * `^contoso\.azurecr\.io/.+$`.
 *
 * - anchored at both ends, so `contoso.azurecr.io.evil.com/x` and `evilcontoso.azurecr.io/x` do not match;
 * - dots escaped, so `contosoXazurecrXio/x` does not match;
 * - a repository is required after the `/`, so the bare host `contoso.azurecr.io` does not match;
 * - tags, digests and nested repositories (`contoso.azurecr.io/team/app:1.0@sha256:...`) match;
 * - a port (`contoso.azurecr.io:443/x`) or an upper-case host does not match (denied, which is the safe side).
 *
 * Gatekeeper evaluates the expression with Go's RE2; the expression uses only syntax that RE2 and JavaScript read
 * the same way (no `.` across a newline, `$` only at the end of the text).
 *
 * @param loginServer the registry login server, lower case (`contoso.azurecr.io`); see {@link registryLoginServer}
 * @throws Error when `loginServer` is not a lower-case host name
 */
export function registryAllowedImagesRegex(loginServer: string): string {
  if (typeof loginServer !== 'string' || !isLowerCaseHostName(loginServer)) {
    throw new Error(`invalid login server ${JSON.stringify(loginServer)}: must be a lower-case host name such as "contoso.azurecr.io"`);
  }
  return `^${escapeRegistryRegex(loginServer)}/.+$`;
}
