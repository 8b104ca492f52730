import { describe, expect, it } from 'vitest';
import { checkAddress } from '../../src/probe/address-policy.js';
import { checkInput } from '../../src/probe/url-policy.js';

const allowed = (address: string, allowPrivate = false) => checkAddress(address, allowPrivate).allowed;

describe('the address policy', () => {
  it('lets public unicast addresses through, including public IPv4 in IPv6 forms', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4001:82b::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '2001:0:4136:e378:8000:63bf:f7f7:f7f7']) {
      expect({ address, allowed: allowed(address) }).toEqual({ address, allowed: true });
    }
  });

  it('refuses the edges of each forbidden range and allows the addresses just outside', () => {
    const cases: [string, boolean][] = [
      ['9.255.255.255', true], ['10.0.0.0', false], ['10.255.255.255', false], ['11.0.0.0', true],
      ['100.63.255.255', true], ['100.64.0.0', false], ['100.127.255.255', false], ['100.128.0.0', true],
      ['172.15.255.255', true], ['172.16.0.0', false], ['172.31.255.255', false], ['172.32.0.0', true],
      ['198.17.255.255', true], ['198.18.0.0', false], ['198.19.255.255', false], ['198.20.0.0', true],
      ['223.255.255.255', true], ['224.0.0.0', false], ['255.255.255.255', false],
      ['1fff:ffff::1', false], ['2000::1', true], ['3fff:ffff::1', true], ['4000::1', false],
    ];
    for (const [address, expected] of cases) expect({ address, allowed: allowed(address) }).toEqual({ address, allowed: expected });
  });

  it('opens only loopback and private ranges with allowPrivate', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.0.10', '::1', 'fd12::1', '::ffff:192.168.1.1']) {
      expect({ address, allowed: allowed(address, true) }).toEqual({ address, allowed: true });
    }
    for (const address of ['169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', 'fe80::1', 'ff02::1', '::', '2001:db8::1', '::ffff:169.254.169.254']) {
      expect({ address, allowed: allowed(address, true) }).toEqual({ address, allowed: false });
    }
  });

  it('names the range it refused, and refuses what is not an IP address', () => {
    expect(checkAddress('::ffff:10.0.0.1', false)).toEqual({ allowed: false, reason: '::ffff:10.0.0.1 is an IPv4-mapped form of 10.0.0.1, a private address' });
    expect(checkAddress('127.1', false)).toEqual({ allowed: false, reason: '"127.1" is not an IP address' });
  });
});

describe('the URL policy', () => {
  const ports = { allowedPorts: [80, 443, 8080, 8443], allowPrivate: false };

  it('takes a URL without a scheme as https, and keeps host and port apart', () => {
    expect(checkInput('example.com/shop?x=1', ports)).toMatchObject({ ok: true, target: { host: 'example.com', port: 443, secure: true, isAddress: false } });
    expect(checkInput('localhost:8080', ports)).toMatchObject({ ok: true, target: { host: 'localhost', port: 8080, secure: true } });
    expect(checkInput('http://[::1]:8443/', ports)).toMatchObject({ ok: true, target: { host: '::1', port: 8443, secure: false, isAddress: true } });
  });

  it('normalises odd IPv4 spellings so the address policy sees the real address', () => {
    for (const spelling of ['2130706433', '0x7f.1', '0177.0.0.1', '127.1', '0x7F000001']) {
      expect(checkInput(`http://${spelling}/`, ports)).toMatchObject({ ok: true, target: { host: '127.0.0.1', isAddress: true } });
    }
  });
});
