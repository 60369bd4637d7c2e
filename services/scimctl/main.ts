/** Entry point of scimctl: `node dist/services/scimctl/main.js`, or the `scimctl` bin (bin/scimctl.js). */
import { runScimctl } from './cli';

runScimctl(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
}).then((code) => {
  process.exitCode = code;
});
