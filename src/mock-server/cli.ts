/**
 * `node dist/mock-server/cli.js --port N --im-port N …` (or `npm run mock -- …`). Prints exactly
 * `site: <url>` and `im: <url>` on stdout once both origins listen, and with `--controls` a third line
 * `controls: <secret>`; logs go to stderr.
 */
import { parseArgs, USAGE } from './args';
import { type MockServerOptions, startMockServer } from './node/server';

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let options: MockServerOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`mock-server: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // A mock that dies on one bad request is useless in a long test run: report and carry on.
  process.on('unhandledRejection', (reason) => console.error('[mock-server] unhandled rejection', reason));
  process.on('uncaughtException', (error) => console.error('[mock-server] uncaught exception', error));

  const server = await startMockServer(options);
  const controls = server.controlsSecret === null ? '' : `controls: ${server.controlsSecret}\n`;
  process.stdout.write(`site: ${server.siteUrl}\nim: ${server.imUrl}\n${controls}`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const busy = (error as { code?: unknown; port?: unknown } | null)?.code === 'EADDRINUSE';
  process.stderr.write(
    busy
      ? `mock-server: port ${String((error as { port?: unknown }).port)} is already in use; choose others with --port N --im-port N (0 = any free port)\n`
      : `mock-server: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
