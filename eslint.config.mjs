import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'cdktf.out/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', '.tmp/**', 'build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', {
        paths: [{
          name: '@cdktf/provider-azurerm',
          message: 'Import provider classes by deep path (@cdktf/provider-azurerm/lib/<resource>): the package root loads all 1,527 resource modules.',
        }],
      }],
    },
  },
  {
    // The library reports through errors and Annotations, never the console.
    files: ['lib/**/*.ts'],
    ignores: ['lib/cli/**'],
    rules: { 'no-console': 'error' },
  },
);
