import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { configSchema, type Config } from './config-schema.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const ENV_PREFIX = 'CREDGATE_';
/** Variables that steer loading itself rather than mapping onto a setting. */
const LOADER_VARIABLES = new Set(['CREDGATE_CONFIG']);

interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Path of a TOML file; defaults to $CREDGATE_CONFIG. */
  configFile?: string;
  /** Highest-precedence values (CLI flags, tests). */
  overrides?: Record<string, unknown>;
}

/** defaults → config file → CREDGATE_* env → overrides, validated once. */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = options.configFile ?? env.CREDGATE_CONFIG;
  const fromFile = file ? readConfigFile(file) : {};
  const fromEnv = readEnv(env);
  const merged = deepMerge(deepMerge(fromFile, fromEnv), options.overrides ?? {});

  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const path = issue.path.join('.');
      return `  ${path} (${envNameFor(issue.path.map(String))}): ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const productionHinted = Boolean(file) || Boolean(parsed.data.databaseUrl);
  return { ...parsed.data, mode: parsed.data.mode ?? (productionHinted ? 'production' : 'demo') };
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${file}: ${(error as Error).message}`);
  }
  try {
    return parseToml(text);
  } catch (error) {
    throw new ConfigError(`Config file ${file} is not valid TOML: ${(error as Error).message}`);
  }
}

export function envNameFor(path: string[]): string {
  const snake = path.map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase());
  return ENV_PREFIX + snake.join('_');
}

/** Maps env variable name → config path, derived from the schema so the two never drift. */
function settingPaths(): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  const walk = (schema: z.ZodType, path: string[]): void => {
    const inner = unwrap(schema);
    if (inner instanceof z.ZodObject) {
      const shape: Record<string, z.ZodType> = inner.shape;
      for (const [key, child] of Object.entries(shape)) {
        walk(child, [...path, key]);
      }
    } else {
      paths.set(envNameFor(path), path);
    }
  };
  walk(configSchema, []);
  return paths;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while ('unwrap' in current && typeof current.unwrap === 'function') {
    current = (current as unknown as { unwrap(): z.ZodType }).unwrap();
  }
  if (current instanceof z.ZodPipe) return unwrap(current.in as z.ZodType);
  return current;
}

function readEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const paths = settingPaths();
  const result: Record<string, unknown> = {};
  if (env.DATABASE_URL) setPath(result, ['databaseUrl'], env.DATABASE_URL);
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || value === undefined || LOADER_VARIABLES.has(name)) continue;
    const path = paths.get(name);
    if (!path) {
      throw new ConfigError(
        `Unknown setting ${name}; known settings: ${[...paths.keys()].join(', ')}`,
      );
    }
    setPath(result, path, value);
  }
  return result;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function deepMerge(base: Record<string, unknown>, top: Record<string, unknown>) {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(top)) {
    const current = result[key];
    result[key] =
      isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
