import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../app-context.js';
import { createApiKey, findActiveApiKey } from '../infra/auth/api-keys.js';

/**
 * Demo mode prints a usable API key at every start. Keys are stored hashed, so the clear key is
 * kept in `<dataDir>/demo-api-key` (mode 0600) to print the same one again; production never
 * does this: keys come from `credgate api-key create` or CREDGATE_BOOTSTRAP_API_KEY.
 */
export async function ensureDemoApiKey(ctx: AppContext): Promise<string> {
  const file = join(ctx.config.dataDir, 'demo-api-key');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (await findActiveApiKey(ctx.database, key)) return key;
  }
  const { key } = await createApiKey(ctx.database, ctx.clock, 'demo');
  writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}
