import { bmp } from './bmp/index.js';
import type { ProviderAdapter } from './contract.js';
import { serasaBureau } from './serasa-bureau/index.js';
import { serasaExperian } from './serasa-experian/index.js';
import { tecnospeed } from './tecnospeed/index.js';

/** Every provider credgate speaks to. Adding one is a folder under providers/ and a line here. */
export const PROVIDERS: readonly ProviderAdapter[] = [
  serasaExperian,
  tecnospeed,
  serasaBureau,
  bmp,
];

export type ProviderRegistry = ReadonlyMap<string, ProviderAdapter>;

export function buildRegistry(providers: readonly ProviderAdapter[] = PROVIDERS): ProviderRegistry {
  return new Map(providers.map((provider) => [provider.id, provider]));
}
