import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './project-root.js';

/** The newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  return Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs)));
}

/** When a built output is older than what it is built from (or missing). */
function stale(output: string, sources: string[]): boolean {
  const built = path.join(projectRoot, output);
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return sources.some((source) => {
    const full = path.join(projectRoot, source);
    return existsSync(full) && (statSync(full).isDirectory() ? newest(full) : statSync(full).mtimeMs) > builtAt;
  });
}

/** Whether `dist/` is missing or older than the service's source: the bench and the reliability runs refuse to measure it. */
export function serverBuildStale(): boolean {
  return stale('dist/main.js', ['src']);
}

/**
 * Builds the service and the console (`npm run build`, as `npm start` does) unless both are newer than their
 * source: the tests that start `dist/main.js`, run the CLI or drive the console in a browser need them. The test
 * runner calls it once before the files start (CI has built already, so it costs a look at the file times); a test
 * file run alone calls it itself.
 */
export function ensureBuilt(): void {
  const server = stale('dist/main.js', ['src', 'tsconfig.build.json', 'package.json']);
  const consoleApp = stale('console/dist/index.html', ['console/src', 'console/index.html', 'console/vite.config.ts', 'console/package.json']);
  if (server || consoleApp) execFileSync('npm', ['run', 'build', '--silent'], { cwd: projectRoot, stdio: 'ignore' });
}
