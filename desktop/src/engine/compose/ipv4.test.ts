import { describe, expect, it } from 'vitest';
import { ipv4InBlock, parseIpv4, parseIpv4Cidr } from './ipv4.js';

describe('ipv4', () => {
  it('parses dotted quads and refuses anything else', () => {
    expect(parseIpv4('10.0.0.1')).toBe(0x0a000001);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['10.0.0', '10.0.0.256', 'fe80::1', 'host', '1.2.3.4/32'])
      expect(parseIpv4(bad)).toBeUndefined();
  });

  it('parses CIDR blocks with zero host bits only', () => {
    expect(parseIpv4Cidr('172.30.250.0/29')).toEqual({ base: parseIpv4('172.30.250.0'), prefix: 29 });
    for (const bad of ['172.30.250.1/29', '172.30.250.0', '172.30.250.0/33', 'x/8'])
      expect(parseIpv4Cidr(bad)).toBeUndefined();
  });

  it('tells whether an address lies in a block', () => {
    const block = parseIpv4Cidr('172.30.250.0/29')!;
    expect(ipv4InBlock(parseIpv4('172.30.250.6')!, block)).toBe(true);
    expect(ipv4InBlock(parseIpv4('172.30.250.8')!, block)).toBe(false);
    expect(ipv4InBlock(parseIpv4('8.8.8.8')!, parseIpv4Cidr('0.0.0.0/0')!)).toBe(true);
  });
});
