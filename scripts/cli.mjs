/**
 * `npm run cli -- <command> [flags]`: runs the bundled command line (dist-cli/candlelab.mjs),
 * building it first when it is missing or older than its sources.
 */
import { pathToFileURL } from 'node:url';
import { buildCli, cliBundleStale, CLI_BUNDLE } from './build-cli.mjs';

if (cliBundleStale()) {
  process.stderr.write('building dist-cli/candlelab.mjs…\n');
  await buildCli();
}
const { main } = await import(pathToFileURL(CLI_BUNDLE).href);
main(process.argv.slice(2));
