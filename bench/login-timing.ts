// A9 evidence: the login reply takes about the same time whether the username exists and
// whether the password is right. Prints medians and p90 in milliseconds; asserts nothing.
// Usage: npm run bench -- login-timing   (DATABASE_URL=… to use PostgreSQL)
import { startBenchServer } from './server.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 40);

const server = await startBenchServer();
const url = `${server.url}/api/auth/login`;

async function time(username: string, password: string, ip: number): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: server.url,
      'x-forwarded-for': `10.9.0.${ip}`,
    },
    body: JSON.stringify({ username, password }),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  return performance.now() - started;
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms`;
}

const cases = {
  'unknown user': [] as number[],
  'wrong password': [] as number[],
  'right password': [] as number[],
};
for (let i = 0; i < ROUNDS; i++) {
  // Interleaved, and spread over users so no throttle or code cap is reached.
  await server.resetThrottles();
  cases['unknown user'].push(await time(`ukjent.${i}`, 'Feil-passord-123', i));
  cases['wrong password'].push(await time('anne.mor', `Feil-passord-${i}`, i));
  const user =
    [
      'kari.koordinator',
      'ola.planeier',
      'per.fysio',
      'lise.laerer',
      'siri.admin',
      'tor.annenkommune',
      'trude.kurs',
    ][i % 7] ?? 'ola.planeier';
  cases['right password'].push(await time(user, 'Demo-passord-1', i));
}
console.log(`login timing over ${ROUNDS} rounds (${server.databaseKind})`);
for (const [name, values] of Object.entries(cases))
  console.log(`  ${name.padEnd(15)} ${summary(values)}`);
await server.stop();
