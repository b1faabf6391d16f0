import { createRoundtable } from './app.ts';
import { ConfigError, loadConfig, unknownSettings } from './config.ts';
import { createLogger } from './logger.ts';
import { lanAddresses } from './transport/http/publicAddress.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  for (const name of unknownSettings(process.env)) {
    log.warn({ variable: name }, 'unknown setting ignored; is it misspelt? See .env.example');
  }
  const app = await createRoundtable(config, { log });
  const url = await app.listen();
  const storage = config.databaseUrl
    ? 'PostgreSQL server (DATABASE_URL)'
    : `embedded PostgreSQL in ${config.dataDir}`;
  log.info({ url, storage }, 'Roundtable is running');

  // Printed plainly, not as JSON: a facilitator reads these lines to get started.
  const lines = [`\n  Roundtable is running at ${url}`];
  const port = new URL(url).port;
  const lan = ['0.0.0.0', '::'].includes(config.host) ? lanAddresses() : [];
  if (config.publicUrl) {
    lines.push(`  Join links and QR codes use PUBLIC_URL: ${config.publicUrl}`);
  } else if (lan.length > 0) {
    lines.push(`  Phones on the same network can join at http://${lan[0]}:${port}`);
    for (const address of lan.slice(1))
      lines.push(`    (also reachable at http://${address}:${port})`);
    lines.push(`  Join links and QR codes use that address, even when you open localhost.`);
  } else {
    lines.push(
      `  Phones cannot reach this address: the server listens on ${config.host} only.`,
      `  Start it with HOST=0.0.0.0 on the venue's network, or set PUBLIC_URL.`,
    );
  }
  if (app.setupToken) {
    lines.push(
      `\n  First visit: create the facilitator account at`,
      `    ${config.publicUrl ?? url}/setup?token=${app.setupToken}`,
      `  (this set-up token is needed because the server is reachable from other machines; it stops working once the account exists)`,
    );
  }
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    app
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
