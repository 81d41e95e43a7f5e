/**
 * Every installed package runs on the oldest Node the app says it supports (issue 7, item 11):
 * `npm ci` only warns (EBADENGINE) when a dependency wants a newer Node than package.json's
 * `engines.node`, so this check reads package-lock.json and fails on any package whose
 * `engines.node` range leaves that version out — or cannot be read. A dependency update that needs
 * a newer Node then fails the tests instead of printing a warning nobody reads.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** npm's own range semantics: semver comes with the build tools' dependencies, without types of its own. */
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
  validRange(range: string): string | null;
  minVersion(range: string): { version: string } | null;
};

interface LockPackage {
  readonly version?: string;
  readonly engines?: unknown;
}
interface Lockfile {
  readonly packages: Readonly<Record<string, LockPackage>>;
}

interface EngineMismatch {
  /** The package's path in node_modules, e.g. node_modules/a/node_modules/b. */
  readonly path: string;
  readonly version: string | undefined;
  readonly range: string;
}

/** The packages of a lockfile whose engines.node range does not include `node` (an unreadable range included). */
function engineMismatches(lockfile: Lockfile, node: string): EngineMismatch[] {
  return Object.entries(lockfile.packages).flatMap(([where, pkg]) => {
    if (where === '') return [];
    const engines = pkg.engines;
    if (typeof engines !== 'object' || engines === null || !('node' in engines)) return [];
    const range = String(engines.node);
    if (semver.validRange(range) !== null && semver.satisfies(node, range)) return [];
    return [{ path: where, version: pkg.version, range }];
  });
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as T;

/** The oldest Node package.json's engines.node allows: the version every dependency must run on. */
function oldestSupportedNode(): string {
  const range = readJson<{ engines: { node: string } }>('package.json').engines.node;
  const oldest = semver.minVersion(range);
  if (!oldest) throw new Error(`package.json engines.node ${range} names no version`);
  return oldest.version;
}

describe('Node engines of the installed packages', () => {
  it('supports Node 20.19.0 and later, as package.json says', () => {
    expect(oldestSupportedNode()).toBe('20.19.0');
  });

  it('finds no package in package-lock.json whose engines.node leaves out the oldest supported Node', () => {
    const lockfile = readJson<Lockfile>('package-lock.json');
    expect(Object.keys(lockfile.packages).length).toBeGreaterThan(100);
    expect(engineMismatches(lockfile, oldestSupportedNode())).toEqual([]);
  });

  it('reports each package of a fixture lockfile that wants a newer Node or names an unreadable range, and only those', () => {
    const fixture = readJson<Lockfile>('tools/engine-fixtures/package-lock.json');
    expect(engineMismatches(fixture, '20.19.0')).toEqual([
      { path: 'node_modules/needs-node-22', version: '3.1.0', range: '>=22' },
      { path: 'node_modules/host/node_modules/nested-needs-node-24', version: '2.0.2', range: '^24.0.0' },
      { path: 'node_modules/unreadable-range', version: '1.0.0', range: 'twenty or so' },
    ]);
    // The same packages on a Node they accept: only the unreadable range is left.
    expect(engineMismatches(fixture, '24.1.0').map((m) => m.path)).toEqual(['node_modules/unreadable-range']);
  });
});
