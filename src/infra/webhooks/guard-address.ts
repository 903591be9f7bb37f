import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (injected in tests). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

/** Why an address is refused, in the words the API answers with. */
export type BlockedRange =
  | 'loopback'
  | 'privado'
  | 'link_local'
  | 'cgnat'
  | 'metadados'
  | 'nao_roteavel'
  | 'multicast'
  | 'reservado';

// Cloud instance metadata endpoints (AWS, GCP, Azure, ...: 169.254.169.254; AWS over IPv6).
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);

const RANGES: Array<[BlockedRange, string, number, 'ipv4' | 'ipv6']> = [
  ['nao_roteavel', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['privado', '10.0.0.0', 8, 'ipv4'],
  ['privado', '172.16.0.0', 12, 'ipv4'],
  ['privado', '192.168.0.0', 16, 'ipv4'],
  ['cgnat', '100.64.0.0', 10, 'ipv4'],
  ['link_local', '169.254.0.0', 16, 'ipv4'],
  ['reservado', '192.0.0.0', 24, 'ipv4'],
  ['reservado', '198.18.0.0', 15, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  // Class E and the broadcast address.
  ['reservado', '240.0.0.0', 4, 'ipv4'],
  ['nao_roteavel', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['privado', 'fc00::', 7, 'ipv6'],
  ['link_local', 'fe80::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
];

// One list per reason; a BlockList also matches IPv4-mapped IPv6 (::ffff:a.b.c.d) to IPv4 rules.
const LISTS = new Map<BlockedRange, BlockList>();
for (const [range, network, prefix, family] of RANGES) {
  let list = LISTS.get(range);
  if (!list) LISTS.set(range, (list = new BlockList()));
  list.addSubnet(network, prefix, family);
}

/** The range an IP address falls in when it must not be called; null for a public address. */
export function blockedRange(address: string): BlockedRange | null {
  const family = isIP(address);
  if (family === 0) return 'reservado';
  const lower = address.toLowerCase();
  if (METADATA.has(lower)) return 'metadados';
  if (family === 6) {
    // NAT64 (64:ff9b::/96) and the deprecated IPv4-compatible form (::/96) carry an IPv4
    // address in their last 32 bits, which is what a packet finally reaches.
    const embedded = embeddedIpv4(lower);
    if (embedded) return blockedRange(embedded);
  }
  for (const [range, list] of LISTS) {
    if (list.check(address, family === 4 ? 'ipv4' : 'ipv6')) return range;
  }
  return null;
}

function embeddedIpv4(address: string): string | null {
  const groups = expandIpv6(address);
  if (!groups) return null;
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => !g);
  const compatible = groups.slice(0, 6).every((g) => g === 0) && (groups[6] !== 0 || groups[7] > 1);
  if (!nat64 && !compatible) return null;
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad included). */
function expandIpv6(address: string): number[] | null {
  let text = address.split('%')[0];
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const bytes = quad[1].split('.').map(Number);
    const tail = `${((bytes[0] << 8) | bytes[1]).toString(16)}:${((bytes[2] << 8) | bytes[3]).toString(16)}`;
    text = text.slice(0, -quad[1].length) + tail;
  }
  const [head, rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (rest === undefined ? left.length !== 8 : missing < 0) return null;
  const groups = [...left, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...right];
  return groups.map((group) => parseInt(group, 16));
}

/** The host is refused: it is, or resolves to, an address in a blocked range. */
export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly range: BlockedRange,
  ) {
    super(
      hostname === address
        ? `${address} e um endereco ${range}`
        : `${hostname} resolve para ${address}, endereco ${range}`,
    );
  }
}

/** The host name did not resolve. */
export class UnresolvedHostError extends Error {
  override name = 'UnresolvedHostError';
}

/**
 * The address to connect to for `url`. With `allowPrivate` false every address the host resolves
 * to must be public (one private answer is enough to refuse: DNS may rotate to it); the caller
 * connects to the returned address only, so a second lookup cannot answer differently.
 */
export async function resolveTarget(
  url: URL,
  options: { allowPrivate: boolean; resolve?: Resolver },
): Promise<ResolvedAddress> {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(hostname);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(hostname);
    } catch (error) {
      throw new UnresolvedHostError(`${hostname} nao resolve: ${(error as Error).message}`);
    }
    if (addresses.length === 0) throw new UnresolvedHostError(`${hostname} nao resolve`);
  }
  if (!options.allowPrivate) {
    for (const { address } of addresses) {
      const range = blockedRange(address);
      if (range) throw new BlockedAddressError(hostname, address, range);
    }
  }
  return addresses[0];
}
