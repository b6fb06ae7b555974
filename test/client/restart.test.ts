/**
 * Which program a report tells the user to restart after a fix (client/src/restart.ts): the file the fix edits decides,
 * else the side of the link the probe spoke to.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { programToRestart } from '../../client/src/restart';
import type { ProbeReport } from '../../server/src/core/probe/types';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const target = (kind: ProbeReport['target']['kind'], extra: Partial<ProbeReport['target']> = {}): ProbeReport['target'] => ({
  kind,
  url: 'ws://127.0.0.1:8080/onebot/v11/ws',
  token: '',
  selfId: '',
  label: 'x',
  ...extra,
});

const CASES: [string, string | undefined, ProbeReport['target'], string | undefined][] = [
  ['NoneBot .env', '/p/bot/.env', target('reverse-ws'), 'NoneBot'],
  ['NoneBot .env.prod', '/p/bot/.env.prod', target('reverse-ws'), 'NoneBot'],
  ['NoneBot bot.py', '/p/bot/bot.py', target('reverse-ws'), 'NoneBot'],
  ['NoneBot pyproject.toml', '/p/bot/pyproject.toml', target('reverse-ws'), 'NoneBot'],
  ['Koishi koishi.yml', '/p/k/koishi.yml', target('reverse-ws'), 'Koishi'],
  ['Lagrange appsettings.json', '/p/lagrange/appsettings.json', target('reverse-ws'), 'Lagrange.OneBot'],
  ['NapCat onebot11_<uin>.json', '/p/napcat/config/onebot11_12345.json', target('reverse-ws'), 'NapCat'],
  ['go-cqhttp config.yml', '/p/gocq/config.yml', target('reverse-ws'), 'go-cqhttp'],
  ['LLOneBot config_<uin>.json', '/p/llob/config_12345.json', target('reverse-ws'), 'LLOneBot'],
  ['config_<uin>.json spoken as NapCat', '/p/x/config_12345.json', target('reverse-ws', { as: 'napcat' }), 'NapCat'],
  ['another file, reverse WS to Koishi', '/p/x/other.json', target('reverse-ws', { framework: 'koishi' }), 'Koishi'],
  ['another file, forward WS to NapCat', '/p/x/other.json', target('forward-ws', { as: 'napcat' }), 'NapCat'],
  ['another file, nothing known', '/p/x/other.json', target('url'), undefined],
  ['no config line', undefined, target('url'), undefined],
];

describe('programToRestart', () => {
  for (const [name, file, t, want] of CASES) {
    it(name, () => assert.equal(programToRestart({ action: file ? { file, range } : undefined, target: t }), want));
  }
});
