/** Placement when one folder is mounted into several services: the service that runs the side's program wins. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import { buildComposeInfo } from '../../server/src/core/compose/placement';

const W = path.resolve('/w');
const at = (...p: string[]) => path.join(W, ...p);

// NapCat-Docker's compose/koishi.yml mounts ./napcat and ./koishi into both containers.
const SHARED = `services:
  napcat:
    image: mlikiowa/napcat-docker:latest
    volumes: ["./napcat:/app/napcat", "./koishi:/koishi"]
  koishi:
    image: koishijs/koishi:latest
    volumes: ["./napcat/config:/app/napcat/config", "./koishi:/koishi"]
  bot:
    build: ./bot
    volumes: ["./:/workspace"]
`;

describe('placement by program', () => {
  const host = new MemoryFileHost({
    [at('compose.yaml')]: SHARED,
    [at('napcat', 'config', 'onebot11_1.json')]: '{}',
    [at('koishi', 'koishi.yml')]: 'plugins: {}\n',
    [at('bot', 'bot.py')]: 'import nonebot\n',
    [at('other', 'readme.txt')]: '',
  });
  const info = buildComposeInfo([W], [at('napcat', 'config'), at('koishi'), at('bot'), at('other')], host)!;
  const cases: [string, string | undefined, string][] = [
    // folder, service, why
    [at('napcat', 'config'), 'napcat', 'mounted by both; the napcat image runs NapCat (the koishi mount is more specific)'],
    [at('koishi'), 'koishi', 'mounted by both at the same depth; the koishi image runs Koishi'],
    [at('bot'), 'bot', 'no service names NoneBot: the most specific (the build context) wins'],
    [at('other'), 'bot', 'no program: the only mount that holds it'],
  ];
  for (const [dir, service, why] of cases)
    it(`${path.relative(W, dir)}: ${why}`, () => {
      assert.equal(info.placement.get(dir)?.service.name, service);
    });
});
