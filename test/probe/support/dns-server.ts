import { createSocket, type Socket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import type { Resolve } from '../../../src/probe/types.js';

/** How the fake DNS server answers for one name. */
export type DnsBehaviour = { addresses: string[] } | { nameServers: string[] } | { rcode: 'SERVFAIL' | 'NXDOMAIN' | 'REFUSED' } | 'silent';

const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;
const TYPE_A = 1;
const TYPE_NS = 2;
const HEADER_BYTES = 12;

/** The query's name (lower case) and where its question section ends. */
function readQuestion(query: Buffer): { name: string; end: number; type: number } | undefined {
  const labels: string[] = [];
  let at = HEADER_BYTES;
  while (at < query.length && query[at] !== 0) {
    const length = query[at] as number;
    labels.push(query.subarray(at + 1, at + 1 + length).toString('ascii'));
    at += 1 + length;
  }
  if (at + 5 > query.length) return undefined;
  return { name: labels.join('.').toLowerCase(), end: at + 5, type: query.readUInt16BE(at + 1) };
}

/** A domain name in DNS wire format: length-prefixed labels, then a zero. */
function wireName(name: string): Buffer {
  const labels = name.split('.').filter(Boolean);
  return Buffer.concat([...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])), Buffer.from([0])]);
}

/** One answer record for the question's name (a pointer to it). */
function record(type: number, data: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt16BE(1, 4); // IN
  head.writeUInt32BE(60, 6);
  head.writeUInt16BE(data.length, 10);
  return Buffer.concat([head, data]);
}

function answer(query: Buffer, behaviour: Exclude<DnsBehaviour, 'silent'>): Buffer | undefined {
  const question = readQuestion(query);
  if (!question) return undefined;
  const records = [
    ...('addresses' in behaviour && question.type === TYPE_A ? behaviour.addresses.map((address) => record(TYPE_A, Buffer.from(address.split('.').map(Number)))) : []),
    ...('nameServers' in behaviour && question.type === TYPE_NS ? behaviour.nameServers.map((server) => record(TYPE_NS, wireName(server))) : []),
  ];
  const rcode = 'rcode' in behaviour ? RCODES[behaviour.rcode] : RCODES.NOERROR;
  const header = Buffer.alloc(HEADER_BYTES);
  query.copy(header, 0, 0, 2);
  // A response (QR), authoritative, recursion desired as asked and available, with the rcode.
  header.writeUInt16BE(0x8000 | 0x0400 | ((query.readUInt16BE(2) & 0x0100) as number) | 0x0080 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  return Buffer.concat([header, query.subarray(HEADER_BYTES, question.end), ...records]);
}

/**
 * A DNS server on 127.0.0.1 that answers from a table: addresses, name servers (the root zone is
 * the name ""), an error code, or silence. Any other name does not exist. It lets the probe's
 * lookups meet real resolver behaviour offline.
 */
export class FakeDnsServer {
  private constructor(private readonly socket: Socket, readonly port: number) {}

  static start(names: Record<string, DnsBehaviour>): Promise<FakeDnsServer> {
    const socket = createSocket('udp4');
    socket.on('message', (query, peer) => {
      const question = readQuestion(query);
      const behaviour = question ? (names[question.name] ?? { rcode: 'NXDOMAIN' }) : 'silent';
      if (behaviour === 'silent') return;
      const response = answer(query, behaviour);
      if (response) socket.send(response, peer.port, peer.address);
    });
    return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(new FakeDnsServer(socket, socket.address().port))));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** The probe's Resolve backed by Node's own DNS client (c-ares), asking only the given server. */
export function resolverAt(server: string, timeoutMs: number): Resolve {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([server]);
  return async (host) => (await resolver.resolve4(host)).map((address) => ({ address, family: 4 as const }));
}
