import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { proposalSection, readProposal } from './proposal.js';

const now = Date.parse('2026-12-07T02:00:00Z');

test('a proposed window of 40 minutes ahead and servers from text or a file make the pack its section (issue 33)', async () => {
  const { proposal, problems } = readProposal(
    { window: '2026-12-10T14:00+08:00/2026-12-10T14:40+08:00', servers: 'api-1 10.0.0.1 8C16G; api-2 10.0.0.2 8C16G' },
    now,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(proposalSection(proposal, 'zh')?.lines, [
    '建议压测时间：2026-12-10T14:00+08:00 至 2026-12-10T14:40+08:00，共 40 分钟',
    '生产服务器（2 台）：',
    '  api-1 10.0.0.1 8C16G',
    '  api-2 10.0.0.2 8C16G',
  ]);
  const file = join(await mkdtemp(join(tmpdir(), 'lptf-servers-')), 'servers.txt');
  await writeFile(file, '# production\napi-1 8C16G\n\napi-2 8C16G\n');
  assert.deepEqual(readProposal({ servers: file }, now).proposal.servers, ['api-1 8C16G', 'api-2 8C16G']);
  assert.equal(proposalSection({}, 'zh'), undefined);
  assert.deepEqual(proposalSection(proposal, 'en')?.lines?.slice(0, 2), [
    'Proposed window: 2026-12-10T14:00+08:00 to 2026-12-10T14:40+08:00, 40 minutes',
    'Production servers (2):',
  ]);
});

test('a window in the past, shorter than 30 minutes, without an offset or not a window, and bad servers, are each named', () => {
  const messages = (flags: { window?: string; servers?: string }): string[] =>
    readProposal(flags, now).problems.map((p) => `${p.where}: ${p.message}`);
  assert.deepEqual(messages({ window: '2026-12-01T14:00+08:00/2026-12-01T15:00+08:00' }), [
    '--window: it starts in the past (2026-12-01T14:00+08:00)',
  ]);
  assert.deepEqual(messages({ window: '2026-12-10T14:00Z/2026-12-10T14:20Z' }), [
    "--window: it lasts 20 min: WeChat's test takes 30 min, give at least that",
  ]);
  assert.deepEqual(messages({ window: '2026-12-10T14:00/2026-12-10T15:00' }), [
    '--window: give each time its offset (+08:00, or Z): WeChat reads it in its own zone',
  ]);
  assert.match(messages({ window: 'tomorrow' })[0] ?? '', /^--window: "tomorrow" is not <start>\/<end>/);
  assert.deepEqual(messages({ servers: ' ; ' }), ['--servers: names no server']);
  assert.deepEqual(messages({ servers: `a\u0001b` }), ['--servers:1: a control character']);
  assert.match(
    messages({ servers: Array.from({ length: 51 }, (_, i) => `s${i}`).join(';') })[0] ?? '',
    /51 servers: at most 50/,
  );
});
