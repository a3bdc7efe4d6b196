import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The floors of the house (STYLE.md): imports flow http → services → data → domain, never back up. A floor may
// import only the floors below it; the composition root (app.ts, main.ts, server.ts, cli/) may import them all.
const floorsAbove = {
  domain: ['data', 'services', 'http'],
  data: ['services', 'http'],
  services: ['http'],
};
// The composition root; services may read the validated configuration's type, domain and data may not.
const rootModules = { domain: ['app', 'main', 'server', 'cli', 'config'], data: ['app', 'main', 'server', 'cli', 'config'], services: ['app', 'main', 'server', 'cli'] };

function layering(floor) {
  const forbidden = [...floorsAbove[floor], ...rootModules[floor]];
  return {
    files: [`src/${floor}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${forbidden.join('|')})(/|\\.js$)`,
              message: `src/${floor} sits below ${forbidden.join(', ')}: imports flow http → services → data → domain, never back up.`,
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', '.test-build/', 'console/dist/', 'console/node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // The database schema is one interface joined from each migration's tables.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  layering('domain'),
  layering('data'),
  layering('services'),
  {
    // Tests read JSON answers whose shape each assertion checks itself.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
