import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  openWidgetRequest,
  verifyHandshake,
  type WidgetCredentials,
  type WidgetWire,
  widgetReplyBody,
} from '../../src/widget/protocol/index.js';
import { REPLY_FAULTS } from './reply-faults.js';

/**
 * A loopback widget backend with known behaviour, in its own process. Each case (the event's
 * Query) says what to do: `{"d": ms}` answer after d ms, `{"code": n}` with err_code n,
 * `{"forge": true}` with a wrongly signed reply, `{"break": "query"}` with one field of the reply
 * wrong (see `REPLY_FAULTS`). It answers the GET handshake too.
 */
process.once('message', (msg: { token: string; key: string; appId: string; ghId: string; wire: WidgetWire }) => {
  const creds: WidgetCredentials = {
    token: msg.token,
    key: Buffer.from(msg.key, 'base64'),
    appId: msg.appId,
    ghId: msg.ghId,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = new URL(req.url ?? '/', 'http://t').searchParams;
      if (req.method === 'GET') {
        const echo = verifyHandshake(params, creds);
        res.writeHead(echo === undefined ? 403 : 200).end(echo ?? 'bad signature');
        return;
      }
      let event: Record<string, unknown>;
      try {
        event = openWidgetRequest(params, Buffer.concat(chunks).toString(), creds, msg.wire);
      } catch {
        res.writeHead(400).end('bad request');
        return;
      }
      const spec = JSON.parse(String(event['Query'])) as { d?: number; code?: number; forge?: boolean; break?: string };
      setTimeout(() => {
        const body = widgetReplyBody(event, { err_code: spec.code ?? 0, err_msg: 'test' }, creds, msg.wire, {
          forge: spec.forge === true,
          ...(spec.break ? { tamper: REPLY_FAULTS[spec.break]?.tamper } : {}),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      }, spec.d ?? 2);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(0));
});
