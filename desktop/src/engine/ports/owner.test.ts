import dgram from 'node:dgram';
import net from 'node:net';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/free-port.js';
import { findPortOwner, socketInodes } from './owner.js';

const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0 100 0 0 10 0
   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 222 1 0 20 4 30 10 -1
   2: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1 0 100 0 0 10 0
`;

describe('socketInodes', () => {
  it('finds the listening socket of a port, not its connections or other ports', () => {
    expect(socketInodes(TABLE, 8080, 'tcp')).toEqual(['111']);
    expect(socketInodes(TABLE, 80, 'tcp')).toEqual(['333']);
    expect(socketInodes(TABLE, 8081, 'tcp')).toEqual([]);
  });

  it('reads IPv6 addresses (the port after the last colon)', () => {
    const v6 = TABLE.replace('0100007F:1F90 00000000:0000 0A', '00000000000000000000000001000000:1F90 0 0A');
    expect(socketInodes(v6, 8080, 'tcp')).toEqual(['111']);
  });
});

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

describe('findPortOwner (this machine)', () => {
  const comm = async () => (await readFile(`/proc/${process.pid}/comm`, 'utf8')).trim();

  it.runIf(process.platform === 'linux')('names the process listening on a TCP port', async () => {
    const server = net.createServer();
    const port = await listen(server);
    try {
      expect(await findPortOwner(port, 'tcp')).toEqual({ pid: process.pid, command: await comm() });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.runIf(process.platform === 'linux')('and on a UDP port', async () => {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    try {
      expect(await findPortOwner(socket.address().port, 'udp')).toMatchObject({ pid: process.pid });
    } finally {
      socket.close();
    }
  });

  it('a free port, another system or no /proc: undefined, not an error', async () => {
    const port = await freePort();
    expect(await findPortOwner(port, 'tcp')).toBeUndefined();
    const server = net.createServer();
    const held = await listen(server);
    try {
      expect(await findPortOwner(held, 'tcp', { platform: 'darwin' })).toBeUndefined();
      expect(await findPortOwner(held, 'tcp', { procRoot: '/nonexistent' })).toBeUndefined();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
