// The real module object (not an ES-module interop copy), so the spy sees cdktf's own calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import childProcess = require('child_process');
import { Testing, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { SecurityCenterSetting } from '@cdktf/provider-azurerm/lib/security-center-setting';
import { adoptExisting } from '../lib/core';

describe('adoptExisting', () => {
  test('renders one import block per adopted resource, with its provider', () => {
    const stack = new TerraformStack(Testing.app(), 'adopt');
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    const other = new AzurermProvider(stack, 'other', { features: [{}], alias: 'other' });
    const a = new SecurityCenterSetting(stack, 'A', { settingName: 'WDATP', enabled: true });
    const b = new SecurityCenterSetting(stack, 'B', { settingName: 'MCAS', enabled: true, provider: other });
    adoptExisting(a, '/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Security/settings/WDATP');
    adoptExisting(b, '/subscriptions/00000000-0000-0000-0000-000000000002/providers/Microsoft.Security/settings/MCAS', other);
    const json = JSON.parse(Testing.synth(stack, true));
    expect(json.import).toEqual([
      { to: 'azurerm_security_center_setting.A', id: '/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Security/settings/WDATP' },
      { to: 'azurerm_security_center_setting.B', id: '/subscriptions/00000000-0000-0000-0000-000000000002/providers/Microsoft.Security/settings/MCAS', provider: 'azurerm.other' },
    ]);
  });

  test('runs no process at synth (cdktf importFrom would run `terraform version` for each resource)', () => {
    const spy = jest.spyOn(childProcess, 'execSync');
    try {
      const stack = new TerraformStack(Testing.app(), 'adopt');
      new AzurermProvider(stack, 'azurerm', { features: [{}] });
      adoptExisting(new SecurityCenterSetting(stack, 'A', { settingName: 'WDATP', enabled: true }), 'x');
      Testing.synth(stack, true);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
