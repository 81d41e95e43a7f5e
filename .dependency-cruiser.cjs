/**
 * The runtime boundaries of the repository, checked by `npm run lint` (dependency-cruiser). The
 * compiler keeps the runtimes' globals apart (one tsconfig per runtime); these rules keep their
 * imports apart. Paths are matched from the repository root or from tools/boundary-fixtures/, whose
 * deliberate violations prove every rule fails (tools/boundaries.test.ts).
 */
const ROOT = '^(tools/boundary-fixtures/)?';
const TESTS = '(\\.test\\.tsx?|\\.testkit\\.tsx?)$';
const at = (path) => `${ROOT}${path}`;

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain is rules and wire types only: no IO, no other layer, no library but valibot.',
      severity: 'error',
      from: { path: at('src/domain/'), pathNot: TESTS },
      to: { pathNot: [at('src/domain/'), '(^|/)node_modules/valibot/', '^valibot$'] },
    },
    {
      name: 'server-imports-only-the-domain',
      comment: 'The host shares only src/domain with the apps.',
      severity: 'error',
      from: { path: at('server/(src|migrations|main\\.ts|admin\\.ts)') },
      to: { path: at('src/(?!domain/)') },
    },
    {
      name: 'apps-never-import-the-server',
      severity: 'error',
      from: { path: at('(src|workers)/'), pathNot: TESTS },
      to: { path: at('server/') },
    },
    {
      name: 'adapters-import-no-screens',
      comment: 'src/db, src/sync, src/api, src/device, src/pwa, src/practice serve the screens; they never import them.',
      severity: 'error',
      from: { path: at('src/(db|sync|api|device|pwa|practice)/'), pathNot: TESTS },
      to: { path: at('src/(app|portal|ui)/') },
    },
    {
      name: 'the-real-syncer-never-reaches-practice',
      comment:
        "연습모드: the practice host is the provider shell's alone; the outbox, the syncer, the snapshot and the workers cannot even import it.",
      severity: 'error',
      from: { path: [at('src/(db|sync|api|device|pwa|portal)/'), at('workers/')], pathNot: TESTS },
      to: { path: at('src/practice/') },
    },
    {
      name: 'portal-and-provider-app-share-only-ui',
      comment: 'The recipient portal and the provider app share src/ui (and the adapters), never each other.',
      severity: 'error',
      from: { path: at('src/portal/') },
      to: { path: at('src/app/') },
    },
    {
      name: 'provider-app-does-not-import-the-portal',
      severity: 'error',
      from: { path: at('src/app/') },
      to: { path: at('src/portal/') },
    },
    {
      name: 'admin-console-imports-no-other-app',
      comment: 'The institution console (src/admin) shares src/ui, src/api, src/device and src/domain with the apps, never their screens.',
      severity: 'error',
      from: { path: at('src/admin/') },
      to: { path: at('src/(app|portal|practice)/') },
    },
    {
      name: 'apps-do-not-import-the-admin-console',
      severity: 'error',
      from: { path: at('src/(app|portal|ui|db|sync|api|device|pwa|practice)/') },
      to: { path: at('src/admin/') },
    },
    {
      name: 'screens-reach-the-device-database-through-verbs',
      comment: 'Every Dexie access is a verb in src/db or src/sync; screens use the device services.',
      severity: 'error',
      from: { path: at('src/(app|portal|admin|ui)/'), pathNot: TESTS },
      to: { path: ['(^|/)node_modules/dexie/', '^dexie$'] },
    },
    {
      name: 'workers-run-no-page-code',
      comment: 'The service worker and the comlink worker run the syncer, never screens or page glue.',
      severity: 'error',
      from: { path: at('workers/') },
      to: { path: [at('src/(app|portal|admin|ui)/'), at('src/pwa/(?!sync-worker-api\\.ts$)')] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { pathNot: TESTS },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|dev-dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.tools.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
