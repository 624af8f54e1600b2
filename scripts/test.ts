// `npm test`: builds the web app, then runs every test project with Vitest. Browser tests
// need Debian's Chromium; without it they are skipped, loudly, except under CI where a
// missing browser is a failure. Extra arguments go to Vitest.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ci = Boolean(process.env.CI);
const hasChromium = existsSync(chromium);
const projects: string[] = ['--project', 'server'];

if (hasChromium) {
  projects.push('--project', 'browser');
} else if (ci) {
  process.stderr.write(
    `\nCI is set but ${chromium} is missing: install it (apt-get install -y chromium).\n\n`,
  );
  process.exit(1);
} else {
  const line = '!'.repeat(78);
  process.stderr.write(
    `\n${line}\n!! BROWSER TESTS SKIPPED: ${chromium} not found.\n!! Install it with: sudo apt-get install -y chromium\n${line}\n\n`,
  );
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const bin = (name: string) => `node_modules/.bin/${name}`;
if (hasChromium) run(bin('vite'), ['build', '--logLevel', 'warn']);
run(bin('vitest'), ['run', ...projects, ...process.argv.slice(2)]);
