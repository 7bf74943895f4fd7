import {
  escapeRegistryRegex, isValidRegistryName, registryAllowedImagesRegex, registryLoginServer,
  registryRegionHasZones, REGISTRY_ZONE_REDUNDANT_REGIONS,
} from '../../lib/registry';

describe('registryAllowedImagesRegex', () => {
  const regex = registryAllowedImagesRegex('contosoapps.azurecr.io');
  const re = new RegExp(regex);

  test('is anchored, escapes the dots and requires a repository', () => {
    expect(regex).toBe('^contosoapps\\.azurecr\\.io/.+$');
  });

  test.each([
    'contosoapps.azurecr.io/app',
    'contosoapps.azurecr.io/app:1.2.3',
    'contosoapps.azurecr.io/app:latest',
    'contosoapps.azurecr.io/team/service/api:2024-06-01',
    'contosoapps.azurecr.io/app@sha256:3b1f0c2a9e4d5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a',
    'contosoapps.azurecr.io/team/app:1.0@sha256:3b1f0c2a9e4d5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a',
    'contosoapps.azurecr.io/mirror/docker.io/library/nginx:1.27',
  ])('allows %s', (image) => {
    expect(re.test(image)).toBe(true);
  });

  test.each([
    ['the bare login server', 'contosoapps.azurecr.io'],
    ['the login server with only a slash', 'contosoapps.azurecr.io/'],
    ['a look-alike host that extends the login server', 'contosoapps.azurecr.io.evil.com/app:1'],
    ['a registry whose name ends with ours', 'evilcontosoapps.azurecr.io/app:1'],
    ['a host where the dots are other characters', 'contosoappsXazurecrXio/app:1'],
    ['another ACR registry', 'fabrikam.azurecr.io/app:1'],
    ['Docker Hub short names', 'nginx:1.27'],
    ['Docker Hub library images', 'docker.io/library/nginx:1.27'],
    ['MCR images', 'mcr.microsoft.com/azure-cli:2.60.0'],
    ['our registry as a path of another host', 'evil.com/contosoapps.azurecr.io/app:1'],
    ['a port on the login server', 'contosoapps.azurecr.io:443/app:1'],
    ['an upper-case host', 'ContosoApps.azurecr.io/app:1'],
    ['a reference with a newline smuggling a second image', 'contosoapps.azurecr.io/app\nevil.com/x'],
    ['a leading space', ' contosoapps.azurecr.io/app'],
  ])('denies %s', (_why, image) => {
    expect(re.test(image)).toBe(false);
  });

  test('other clouds use their own suffix', () => {
    expect(registryAllowedImagesRegex(registryLoginServer('ContosoGov', 'azurecr.us'))).toBe('^contosogov\\.azurecr\\.us/.+$');
  });

  test('refuses something that is not a lower-case host name', () => {
    expect(() => registryAllowedImagesRegex('Contoso.azurecr.io')).toThrow(/invalid login server "Contoso.azurecr.io"/);
    expect(() => registryAllowedImagesRegex('contoso')).toThrow(/lower-case host name/);
    expect(() => registryAllowedImagesRegex('contoso.azurecr.io/app')).toThrow(/invalid login server/);
  });
});

describe('registry names and login servers', () => {
  test('login server is the lower-cased name with the suffix', () => {
    expect(registryLoginServer('ContosoApps')).toBe('contosoapps.azurecr.io');
  });

  test('names are 5-50 letters and digits', () => {
    expect(isValidRegistryName('acr01')).toBe(true);
    expect(isValidRegistryName('a'.repeat(50))).toBe(true);
    expect(isValidRegistryName('acr1')).toBe(false);
    expect(isValidRegistryName('a'.repeat(51))).toBe(false);
    expect(isValidRegistryName('contoso-apps')).toBe(false);
    expect(() => registryLoginServer('my-registry')).toThrow(/invalid registry name "my-registry": must be 5-50 letters and digits/);
    expect(() => registryLoginServer('contoso', 'Azurecr.io')).toThrow(/invalid login server suffix "Azurecr.io"/);
  });

  test('escapeRegistryRegex escapes every metacharacter', () => {
    const literal = 'a.b*c+d?e(f)g[h]i{j}k|l^m$n\\o';
    expect(new RegExp(`^${escapeRegistryRegex(literal)}$`).test(literal)).toBe(true);
    expect(new RegExp(`^${escapeRegistryRegex('a.b')}$`).test('aXb')).toBe(false);
  });
});

describe('zone-redundant regions', () => {
  test('the table knows zonal and non-zonal regions', () => {
    expect(registryRegionHasZones('westeurope')).toBe(true);
    expect(registryRegionHasZones('WestEurope')).toBe(true);
    expect(registryRegionHasZones('westcentralus')).toBe(false);
    expect(registryRegionHasZones('westcentralus', ['westcentralus'])).toBe(true);
    expect(new Set(REGISTRY_ZONE_REDUNDANT_REGIONS).size).toBe(REGISTRY_ZONE_REDUNDANT_REGIONS.length);
  });
});
