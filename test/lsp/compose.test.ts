/**
 * Docker Compose over real stdio: hovers that say where each side runs and what an address means from there (on a
 * URL, a NoneBot setting, a compose service, a ports / networks / volumes entry), in both languages, and navigation
 * between a service name used as a URL's host and that service's definition.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Hover, Location } from 'vscode-languageserver';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { LspClient, uri } from './lspClient';

const CASES = path.resolve('server/src/core/rules');
const KOISHI = path.join(CASES, 'compose-port-unpublished.cases/silent-napcat-docker-koishi-template');
const HOSTSIDE = path.join(CASES, 'compose-port-unpublished.cases/fires-nonebot-no-ports');
const LOOPBACK = path.join(CASES, 'compose-loopback.cases/fires-napcat-dials-loopback');
const NBCLI = path.join(CASES, 'compose-port-unpublished.cases/silent-nb-cli-template-with-napcat-service');
const ONEBOT11 = 'napcat/config/onebot11_123456.json';

/** The position one character into the first occurrence of `needle` (after `after`, when given). */
function at(file: string, needle: string, after = ''): { line: number; character: number } {
  const text = fs.readFileSync(file, 'utf8');
  const i = text.indexOf(needle, after ? text.indexOf(after) : 0);
  assert.ok(i >= 0, `${needle} not in ${file}`);
  return new LineIndex(text).position(i + 1);
}

/** "file: text at the range", relative to the case folder. */
function shown(root: string, locs: Location[] | null): string[] {
  return (locs ?? [])
    .map((l) => {
      const file = decodeURIComponent(new URL(l.uri).pathname);
      const text = fs.readFileSync(file, 'utf8');
      const idx = new LineIndex(text);
      return `${path.relative(root, file)}: ${text.slice(idx.offset(l.range.start), idx.offset(l.range.end))}`;
    })
    .sort();
}

for (const locale of ['en', 'zh-cn'] as const) {
  describe(`compose over stdio (${locale})`, () => {
    let c: LspClient;
    before(async () => {
      c = new LspClient();
      await c.start([KOISHI, HOSTSIDE, LOOPBACK, NBCLI], locale);
      await c.until(() => (c.status?.links ?? 0) >= 4, 'the four folders linked');
    });
    after(() => c.stop());

    const hover = async (root: string, rel: string, needle: string, after?: string) => {
      const file = path.join(root, rel);
      const h = await c.conn.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uri(file) }, position: at(file, needle, after) });
      return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    };

    // [folder, file, at, (after), what the hover says in English, in Chinese]
    const rows: [string, string, string, string, RegExp[], RegExp[]][] = [
      [
        LOOPBACK,
        ONEBOT11,
        'ws://127',
        '',
        [
          /NapCat runs in service `napcat`/,
          /Inside service `napcat`, `127\.0\.0\.1` is the napcat container itself\./,
          /NoneBot runs in service `nonebot`.*reachable as `nonebot:8080`/,
        ],
        [/NapCat 运行在服务 `napcat` 中/, /在服务 `napcat` 内，`127\.0\.0\.1` 是 napcat 容器自身。/, /可通过 `nonebot:8080` 到达/],
      ],
      [
        KOISHI,
        ONEBOT11,
        'ws://koishi',
        '',
        [/Inside service `napcat`, `koishi` is service `koishi`/, /Koishi runs in service `koishi`.*reachable as `koishi:5140` \(network koishi_network\)/],
        [/在服务 `napcat` 内，`koishi` 是服务 `koishi`/, /可通过 `koishi:5140` 到达（网络 koishi_network）/],
      ],
      [
        HOSTSIDE,
        'bot/.env',
        'PORT',
        '',
        [/NapCat runs on the host/, /On the host, `127\.0\.0\.1` is the host itself\./, /publishes none for port 8080/],
        [/NapCat 运行在宿主机上/, /没有为端口 8080 发布任何端口/],
      ],
      [
        KOISHI,
        'compose.yaml',
        'koishi:\n',
        '',
        [/\*\*service `koishi`\*\*/, /Runs Koishi \(`koishi`\)/, /published 5140→5140/],
        [/\*\*服务 `koishi`\*\*/, /运行 Koishi（`koishi`）/],
      ],
      [
        KOISHI,
        'compose.yaml',
        '6099:6099',
        '',
        [/Host port 6099 → container port 6099/, /No side of a link .* listens on 6099/],
        [/宿主机端口 6099 → 容器端口 6099/],
      ],
      [KOISHI, 'compose.yaml', '5140:5140', '', [/Inside the container Koishi listens on 5140/], [/容器内 Koishi 监听 5140/]],
      [
        KOISHI,
        'compose.yaml',
        'koishi_network',
        '',
        [/network `koishi_network`\*\* of service `napcat`/, /Runs NapCat/, /Also joined by `koishi` \(Koishi\)/],
        [/同样加入该网络的有 `koishi`（Koishi）/],
      ],
      [
        KOISHI,
        'compose.yaml',
        './napcat:/app/napcat',
        '',
        [/bind mount\*\* `napcat` → `\/app\/napcat` in service `napcat`/, /NapCat \(`napcat\/config`\) are what runs in this container/],
        [/绑定挂载/],
      ],
      [
        NBCLI,
        'bot/docker-compose.yml',
        '*config-port',
        'ports:',
        [/Publishes container port 8080 on a host port Docker picks at random/, /NoneBot listens on 8080/],
        [/随机选择的宿主机端口/],
      ],
    ];
    for (const [root, rel, needle, afterText, en, zh] of rows)
      it(`hover in ${path.basename(root)}/${rel} at ${JSON.stringify(needle)}`, async () => {
        const text = await hover(root, rel, needle, afterText);
        for (const re of locale === 'en' ? en : zh) assert.match(text, re);
      });

    it('Go to Definition: a service name in a URL → the service; the service → the URLs that name it', async () => {
      const def = (root: string, rel: string, needle: string) =>
        c.conn.sendRequest<Location[] | null>('textDocument/definition', {
          textDocument: { uri: uri(path.join(root, rel)) },
          position: at(path.join(root, rel), needle),
        });
      assert.ok(shown(KOISHI, await def(KOISHI, ONEBOT11, 'ws://koishi')).includes('compose.yaml: koishi'));
      assert.deepEqual(shown(KOISHI, await def(KOISHI, 'compose.yaml', 'koishi:\n')), [`${ONEBOT11}: "ws://koishi:5140/onebot"`]);
      assert.ok(!shown(LOOPBACK, await def(LOOPBACK, ONEBOT11, 'ws://127')).some((s) => s.startsWith('compose.yaml')), '127.0.0.1 names no service');
    });

    it('editing the compose buffer re-checks the link: publishing the port clears compose-port-unpublished', async () => {
      const napcatFile = path.join(HOSTSIDE, ONEBOT11);
      const composeFile = path.join(HOSTSIDE, 'compose.yaml');
      await c.until(() => c.codes(napcatFile).includes('compose-port-unpublished'), 'the finding on the NapCat URL');
      const text = fs.readFileSync(composeFile, 'utf8');
      c.open(composeFile, text, 'yaml');
      c.change(composeFile, `${text}    ports: ["8080:8080"]\n`);
      await c.until(() => !c.codes(napcatFile).includes('compose-port-unpublished'), 'the finding gone');
      c.change(composeFile, text);
      await c.until(() => c.codes(napcatFile).includes('compose-port-unpublished'), 'the finding back with the text on disk');
      c.close(composeFile);
    });

    it('Find References on a service lists the service and the URLs', async () => {
      const file = path.join(NBCLI, 'bot/docker-compose.yml');
      const refs = await c.conn.sendRequest<Location[] | null>('textDocument/references', {
        textDocument: { uri: uri(file) },
        position: at(file, 'nonebot:'),
        context: { includeDeclaration: true },
      });
      assert.deepEqual(shown(NBCLI, refs), ['bot/docker-compose.yml: nonebot', `${ONEBOT11}: 'ws://nonebot:8080/onebot/v11/ws'`]);
    });
  });
}
