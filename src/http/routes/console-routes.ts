import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { body } from '../plugins/handle-errors.js';

// The console's files are served as they are (no build step). This module sits three folders
// below the repository root both as src/http/routes/*.ts and as dist/http/routes/*.js.
const CONSOLE_DIR = fileURLToPath(new URL('../../../src/console/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

/** Browser libraries, served from node_modules under /console/vendor/ (names in the import map). */
const VENDOR: Record<string, string> = {
  'preact.mjs': 'preact',
  'hooks.mjs': 'preact/hooks',
  'htm.mjs': 'htm',
};

interface StaticFile {
  path: string;
  type: string;
}

/**
 * The operator console at /console: static ES modules, no inline script. Its pages get a stricter
 * Content-Security-Policy than the API's default (which lets the docs UI run inline scripts):
 * scripts only from this origin plus the hash of the inline import map. Inline styles stay
 * allowed because a credit report (ours or a provider's HTML) is shown in a sandboxed srcdoc
 * iframe, which inherits this policy, and those reports carry their own <style>.
 */
export function consoleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const files = listFiles(CONSOLE_DIR);
  const vendor = resolveVendor();
  const indexHtml = readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8');
  const csp = consolePolicy(indexHtml);

  const send = (reply: FastifyReply, file: StaticFile, cache: string) =>
    reply
      .type(file.type)
      .header('content-security-policy', csp)
      .header('cache-control', cache)
      .send(readFileSync(file.path));

  app.get('/console', { schema: { hide: true } }, async (_request, reply) =>
    reply.redirect('/console/'),
  );
  app.get('/console/', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type(TYPES['.html'])
      .header('content-security-policy', csp)
      .header('cache-control', 'no-cache')
      .send(indexHtml),
  );

  // What the login screen needs before there is a key: the mode, and in demo mode where the
  // demo key is kept (never the key itself).
  app.get('/console/ambiente.json', { schema: { hide: true } }, async () => ({
    modo: ctx.config.mode,
    arquivo_chave_demo:
      ctx.config.mode === 'demo' ? join(ctx.config.dataDir, 'demo-api-key') : null,
  }));

  app.get<{ Params: { '*': string } }>(
    '/console/*',
    { schema: { hide: true } },
    async (request, reply) => {
      const name = request.params['*'];
      const vendored = name.startsWith('vendor/') ? vendor.get(name.slice(7)) : undefined;
      if (vendored) return send(reply, vendored, 'public, max-age=86400');
      // Only files listed at start are served: a path never reaches the file system.
      const file = files.get(name);
      if (!file) {
        return reply
          .code(404)
          .send(body('rota_inexistente', `GET /console/${name.split('?')[0]} nao existe`));
      }
      return send(reply, file, 'no-cache');
    },
  );
}

function consolePolicy(indexHtml: string): string {
  const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(indexHtml);
  if (!importMap) throw new Error('src/console/index.html: import map not found');
  const hash = createHash('sha256').update(importMap[1]).digest('base64');
  return [
    "default-src 'self'",
    `script-src 'self' 'sha256-${hash}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function listFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const type = TYPES[extension(entry.name)];
    if (type) files.set(relative(root, path).split(sep).join('/'), { path, type });
  }
  return files;
}

function resolveVendor(): Map<string, StaticFile> {
  const require = createRequire(import.meta.url);
  const files = new Map<string, StaticFile>();
  for (const [name, specifier] of Object.entries(VENDOR)) {
    // `import` condition: the ES module build (preact ships only that; htm also has CommonJS).
    const path = resolveEsm(require, specifier);
    files.set(name, { path, type: TYPES['.mjs'] });
    if (existsSync(`${path}.map`)) {
      files.set(`${name}.map`, { path: `${path}.map`, type: TYPES['.map'] });
    }
  }
  return files;
}

function resolveEsm(require: NodeJS.Require, specifier: string): string {
  const packageName = specifier.split('/')[0];
  const root = packageRoot(require.resolve(packageName), packageName);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, { import?: string; default?: string }>;
  };
  const subpath = specifier === packageName ? '.' : `./${specifier.slice(packageName.length + 1)}`;
  const target = manifest.exports[subpath];
  const file = target?.import ?? target?.default;
  if (!file) throw new Error(`${specifier}: no ES module build in its package.json exports`);
  return join(root, file);
}

/** The folder of the package.json named `name` above `file` (htm does not export its manifest). */
function packageRoot(file: string, name: string): string {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name
    ) {
      return dir;
    }
  }
  throw new Error(`${name}: package.json not found above ${file}`);
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot);
}
