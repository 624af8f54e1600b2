// `npm run bench -- <scenario>`: runs one benchmark from bench/ and prints its figures.
const scenario = process.argv[2];
const scenarios = ['export-pdf', 'login-timing', 'messages-live', 'plan-open'];
if (!scenario || !scenarios.includes(scenario)) {
  console.log(`usage: npm run bench -- <${scenarios.join('|')}>`);
  process.exit(scenario ? 1 : 0);
}
await import(`./${scenario}.ts`);
