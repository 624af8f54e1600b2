// `npm start`: builds the web app when its sources changed, then runs Samvirke in
// training mode (unless APP_MODE says otherwise) on embedded PGlite with demo data.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

process.env.APP_MODE ??= 'training';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, 'dist/web/.build-stamp');

function newest(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(entry).map((name) => newest(path.join(entry, name))),
  );
}

const sources = ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'].map((p) =>
  path.join(root, p),
);
const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (Math.max(...sources.map(newest)) > builtAt) {
  process.stdout.write('Building the web app…\n');
  const vite = path.join(root, 'node_modules/.bin/vite');
  const result = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, new Date().toISOString());
}

const { main } = await import('../src/server/main.ts');
await main(process.env);
