import { createConnection, createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BarrierParty, BarrierTimeoutError, lateMessage } from './barrier.js';

const RETRY_MS = 500;
/** A hello line longer than this is not a party's. */
const MAX_LINE = 1024;

/**
 * A start barrier over TCP, for pods that share no volume: segment 0 listens on `port`, every
 * other segment connects to `host:port` (retrying until the deadline: segment 0's pod and its
 * DNS name may come later) and says who it is; when all have come, segment 0 answers each with
 * the start (now plus the lead) and takes the same.
 *
 * @example
 * ```ts
 * const startAtMs = await tcpBarrier('checkout-0.checkout', 7070, party)
 * ```
 */
export function tcpBarrier(host: string, port: number, party: BarrierParty): Promise<number> {
  return party.index === 0 ? lead(port, party) : follow(host, port, party);
}

function lead(port: number, party: BarrierParty): Promise<number> {
  const now = party.now ?? Date.now;
  if (party.parties === 1) return Promise.resolve(now() + party.leadMs);
  const waiting = new Map<number, Socket>();
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      socket.on('error', () => socket.destroy());
      firstLine(socket, (line) => {
        let hello: { id?: unknown; index?: unknown } = {};
        try {
          hello = JSON.parse(line) as typeof hello;
        } catch {
          // not a party
        }
        const index = hello.index;
        if (
          hello.id !== party.id ||
          !Number.isInteger(index) ||
          (index as number) <= 0 ||
          (index as number) >= party.parties
        )
          return void socket.destroy();
        waiting.get(index as number)?.destroy();
        waiting.set(index as number, socket);
        if (waiting.size < party.parties - 1) return;
        const startAtMs = now() + party.leadMs;
        for (const s of waiting.values()) s.end(`${JSON.stringify({ startAtMs })}\n`);
        clearTimeout(timer);
        server.close();
        resolve(startAtMs);
      });
    });
    const timer = setTimeout(() => {
      server.close();
      for (const s of waiting.values()) s.destroy();
      reject(new BarrierTimeoutError(lateMessage(party, [0, ...[...waiting.keys()].sort((a, b) => a - b)])));
    }, party.timeoutMs);
    server.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    server.listen(port);
  });
}

async function follow(host: string, port: number, party: BarrierParty): Promise<number> {
  const now = party.now ?? Date.now;
  const deadline = now() + party.timeoutMs;
  while (now() < deadline) {
    const answer = await ask(host, port, party, deadline - now());
    if (answer !== undefined) return answer;
    await sleep(RETRY_MS);
  }
  throw new BarrierTimeoutError(
    `segment ${party.index} could not reach segment 0 at ${host}:${port} within ${party.timeoutMs / 1000} s, or not every segment came`,
  );
}

/** One attempt: the start segment 0 answered, or undefined (refused, not yet resolvable, closed). */
function ask(host: string, port: number, party: BarrierParty, waitMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const timer = setTimeout(() => socket.destroy(), waitMs);
    let answer: number | undefined;
    socket.on('connect', () => socket.write(`${JSON.stringify({ id: party.id, index: party.index })}\n`));
    firstLine(socket, (line) => {
      try {
        const start = (JSON.parse(line) as { startAtMs?: unknown }).startAtMs;
        if (typeof start === 'number' && Number.isFinite(start)) answer = start;
      } catch {
        // not segment 0's answer
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

/** Calls `then` with the first line the socket sends; a socket that sends more than MAX_LINE without one is closed. */
function firstLine(socket: Socket, then: (line: string) => void): void {
  let buffered = '';
  const onData = (chunk: Buffer): void => {
    buffered += chunk.toString('utf8');
    const end = buffered.indexOf('\n');
    if (end >= 0) {
      socket.off('data', onData);
      then(buffered.slice(0, end));
    } else if (buffered.length > MAX_LINE) socket.destroy();
  };
  socket.on('data', onData);
}
