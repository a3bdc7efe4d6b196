import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The floors of the house (STYLE.md): imports flow http → services → data → domain, never back up. A floor may
// import only the floors below it; the composition root (app.ts, main.ts, server.ts, workers.ts, cli/) may import
// them all.
const floorsAbove = {
  domain: ['data', 'services', 'http'],
  data: ['services', 'http'],
  services: ['http'],
  http: [],
};
// The composition root; services and http may read the validated configuration's type, domain and data may not.
const root = ['app', 'main', 'server', 'workers', 'cli'];
const rootModules = { domain: [...root, 'config'], data: [...root, 'config'], services: root, http: root };

function layering(floor) {
  const forbidden = [...floorsAbove[floor], ...rootModules[floor]];
  const upward = `^(\\.\\./)+(${forbidden.join('|')})(/|\\.js$)`;
  const message = `src/${floor} sits below ${forbidden.join(', ')}: imports flow http → services → data → domain, never back up.`;
  return {
    files: [`src/${floor}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: upward, message }] }],
      // A dynamic import() is an import too (a selector's regex may not contain a slash, hence \x2F).
      'no-restricted-syntax': ['error', { selector: `ImportExpression > Literal[value=/${upward.replaceAll('/', '\\x2F')}/]`, message }],
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
  layering('http'),
  {
    // Tests read JSON answers whose shape each assertion checks itself.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
