import { connect, type Socket } from 'node:net';
import { timeoutFailure, type Deadline } from './deadline.js';
import { guardErrors, socketFailure, type ProbeFailure } from './failure.js';

/** Opens a TCP connection to exactly this address: an IP, so no lookup happens between check and connect. */
function connectTo(address: string, port: number, deadline: Deadline, connectMs: number): Promise<Socket> {
  const budget = deadline.budget(connectMs);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    const fail = (failure: ProbeFailure) => {
      clearTimeout(timer);
      socket.destroy();
      reject(failure);
    };
    const timer = setTimeout(() => fail(timeoutFailure('connect', `TCP connection to ${address}`, budget)), budget.ms);
    socket.once('error', (error) => fail(socketFailure(error, 'connect')));
    socket.once('connect', () => {
      clearTimeout(timer);
      guardErrors(socket);
      resolve(socket);
    });
  });
}

/** Tries the checked addresses in order until one accepts; the last failure when none does. */
export async function connectPinned(
  addresses: readonly string[],
  port: number,
  deadline: Deadline,
  connectMs: number,
): Promise<{ socket: Socket; address: string }> {
  let last: unknown;
  for (const address of addresses) {
    try {
      return { socket: await connectTo(address, port, deadline, connectMs), address };
    } catch (failure) {
      last = failure;
      if (deadline.remaining() === 0) break;
    }
  }
  throw last;
}
