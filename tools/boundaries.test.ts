/**
 * The boundary checks refuse what they must (issue 6): every rule of .dependency-cruiser.cjs finds
 * its deliberate violation in tools/boundary-fixtures/, and the domain's tsconfig (no DOM) refuses
 * a domain file that touches the page. `npm run lint` runs the same rules on the real tree.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
/** Every rule of .dependency-cruiser.cjs, by name: each must catch its fixture. */
const RULES = [
  'domain-is-pure',
  'server-imports-only-the-domain',
  'apps-never-import-the-server',
  'adapters-import-no-screens',
  'the-real-syncer-never-reaches-practice',
  'portal-and-provider-app-share-only-ui',
  'provider-app-does-not-import-the-portal',
  'admin-console-imports-no-other-app',
  'apps-do-not-import-the-admin-console',
  'screens-reach-the-device-database-through-verbs',
  'workers-run-no-page-code',
  'no-circular',
];

interface Cruise {
  summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
}

/** The violations (JSON report), and the exit status of the check as `npm run lint` runs it. */
function cruise(...targets: string[]): { status: number | null; result: Cruise } {
  const args = [...targets, '--config', '.dependency-cruiser.cjs', '--output-type'];
  // The JSON report of the whole tree is well over spawnSync's default 1 MiB of output.
  const report = spawnSync(bin('depcruise'), [...args, 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (report.error) throw report.error;
  const check = spawnSync(bin('depcruise'), [...args, 'err'], { cwd: ROOT, encoding: 'utf8' });
  return { status: check.status, result: JSON.parse(report.stdout) as Cruise };
}

describe('runtime boundaries', () => {
  it('finds a violation of every rule among the fixtures, and fails', () => {
    const { status, result } = cruise('tools/boundary-fixtures');
    expect(status).not.toBe(0);
    const broken = new Set(result.summary.violations.map((violation) => violation.rule.name));
    expect([...broken].sort()).toEqual([...RULES].sort());
  }, 30_000);

  it('finds none in the real tree', () => {
    const { status, result } = cruise('src', 'server', 'workers');
    expect(result.summary.violations).toEqual([]);
    expect(status).toBe(0);
  }, 30_000);

  it('refuses, at compile time, a domain file that uses the DOM', () => {
    const run = spawnSync(bin('tsc'), ['-p', 'tools/boundary-fixtures/tsconfig.domain-dom.json'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain("Cannot find name 'document'");
    // And the real domain compiles under the same settings.
    expect(() =>
      execFileSync(
        bin('tsc'),
        ['-p', 'tsconfig.domain.json', '--noEmit', '--composite', 'false', '--declaration', 'false', '--emitDeclarationOnly', 'false'],
        { cwd: ROOT },
      ),
    ).not.toThrow();
  }, 60_000);
});
