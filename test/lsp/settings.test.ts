/**
 * The language server over stdio on NapCat, go-cqhttp, LLOneBot and Koishi files: hovers on keys outside the
 * connection entries (what the key does, whether it matters to the link) and value completion (closed value sets,
 * URLs and paths from the linked framework, tokens from the other side with a masked label).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver';
import { CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { LspClient, uri } from './lspClient';

const NAPCAT_TOKEN = 'Xk3pQ9vLm2Rt7sWa';
const LL_TOKEN = 'll-secret-token-5678';
const KOISHI_TOKEN = 'koishi-tok-31415';

const LLONEBOT = {
  webui: { enable: true, host: '127.0.0.1', port: 3080 },
  satori: { enable: false, host: '127.0.0.1', port: 5600, token: '' },
  ob11: {
    enable: true,
    connect: [
      {
        type: 'ws-reverse',
        enable: true,
        url: 'ws://127.0.0.1:8080/onebot/v11/ws',
        heartInterval: 60000,
        token: LL_TOKEN,
        reportSelfMessage: false,
        reportOfflineMessage: false,
        messageFormat: 'array',
        debug: false,
      },
    ],
  },
  enableLocalFile2Url: false,
  log: true,
  musicSignUrl: 'https://llob.linyuchen.net/sign/music',
  msgCacheExpire: 120,
  ffmpeg: '',
};

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-settings-'));
  fs.cpSync(path.join('examples', 'napcat-nonebot'), path.join(dir, 'nap'), { recursive: true });
  fs.cpSync(path.join('examples', 'gocqhttp-koishi'), path.join(dir, 'gocq'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'll/llonebot/data'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'll/llonebot/data/config_123456.json'), `${JSON.stringify(LLONEBOT, null, 2)}\n`);
  fs.mkdirSync(path.join(dir, 'll/nonebot'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'll/nonebot/.env'), `DRIVER=~fastapi+~websockets\nPORT=8080\nONEBOT_ACCESS_TOKEN=${LL_TOKEN}\n`);
  fs.copyFileSync(path.join('examples/napcat-nonebot/nonebot/bot.py'), path.join(dir, 'll/nonebot/bot.py'));
  // Koishi with a token, for the hover that must not show it.
  const k = path.join(dir, 'gocq/koishi/koishi.yml');
  fs.writeFileSync(
    k,
    fs.readFileSync(k, 'utf8').replace("      selfId: '1233456'\n", `      selfId: '1233456'\n      token: ${KOISHI_TOKEN}\n      responseTimeout: 60000\n`),
  );
  return dir;
}

describe('hovers on keys outside connection entries (stdio)', () => {
  let ws: string;
  let c: LspClient;
  let napcat: string;
  let gocq: string;
  let koishi: string;
  let ll: string;
  before(async () => {
    ws = workspace();
    napcat = path.join(ws, 'nap/napcat/config/onebot11_123456.json');
    gocq = path.join(ws, 'gocq/gocqhttp/config.yml');
    koishi = path.join(ws, 'gocq/koishi/koishi.yml');
    ll = path.join(ws, 'll/llonebot/data/config_123456.json');
    c = new LspClient();
    await c.start(ws);
    await c.until(() => c.codes(napcat).includes('ws-path') && c.codes(koishi).includes('selfid-mismatch'), 'the first analysis');
  });
  after(async () => {
    await c.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  const hover = async (client: LspClient, file: string, needle: string, offset = 0): Promise<string> => {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes(needle));
    assert.ok(line >= 0, needle);
    const h = (await client.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: uri(file) },
      position: { line, character: lines[line].indexOf(needle) + offset },
    })) as Hover | null;
    return h ? (h.contents as MarkupContent).value : '';
  };

  it('say what the key does, its default and values, and whether it affects the link', async () => {
    const rows: { name: string; file: () => string; needle: string; offset?: number; want: RegExp[]; not?: string[] }[] = [
      {
        name: 'NapCat musicSignUrl',
        file: () => napcat,
        needle: 'musicSignUrl',
        want: [/\*\*musicSignUrl\*\* · `string` · default `""`/, /music-card signing/, /does not change how NapCat connects/],
      },
      {
        name: 'NapCat enableLocalFile2Url',
        file: () => napcat,
        needle: 'enableLocalFile2Url',
        want: [/default `false`/, /Values: `true`, `false`/, /does not change how NapCat connects/],
      },
      { name: 'NapCat parseMultMsg value', file: () => napcat, needle: 'parseMultMsg: false', offset: 15, want: [/forwarded \(merged\) messages/] },
      {
        name: 'NapCat network array key',
        file: () => napcat,
        needle: 'websocketClients',
        want: [/Reverse WebSocket: NapCat dials `url`/, /Only entries with `enable: true` start/],
      },
      { name: 'go-cqhttp account.uin', file: () => gocq, needle: 'uin:', want: [/\*\*account\.uin\*\*/, /X-Self-ID/, /selfId/] },
      {
        name: 'go-cqhttp message.post-format',
        file: () => gocq,
        needle: 'post-format',
        want: [/default `string`/, /Values: `string`, `array`/, /does not change how go-cqhttp connects/],
      },
      { name: 'go-cqhttp output.log-level', file: () => gocq, needle: 'log-level', want: [/`trace`, `debug`, `info`, `warn`, `error`/] },
      { name: 'go-cqhttp database', file: () => gocq, needle: 'database:', want: [/recall, reply and `get_msg`/] },
      { name: 'go-cqhttp default-middlewares access-token', file: () => gocq, needle: 'access-token', want: [/<<: \*default/, /Authorization: Token/] },
      { name: 'LLOneBot log', file: () => ll, needle: '"log"', want: [/\*\*log\*\* · `boolean` · default `true`/, /does not change how LLOneBot connects/] },
      { name: 'LLOneBot webui port', file: () => ll, needle: '"port": 3080', want: [/web console/, /its own port/] },
      { name: 'LLOneBot msgCacheExpire', file: () => ll, needle: 'msgCacheExpire', want: [/default `120`/] },
      {
        name: 'Koishi responseTimeout',
        file: () => koishi,
        needle: 'responseTimeout',
        want: [/default `60000`/, /does not change whether Koishi and the OneBot implementation connect/],
      },
      { name: 'Koishi token key: no value', file: () => koishi, needle: 'token:', want: [/never checks it/], not: [KOISHI_TOKEN] },
      { name: 'Koishi adapter plugin key', file: () => koishi, needle: 'adapter-onebot:h0i9j8', want: [/Koishi's OneBot adapter/, /`~`/] },
      { name: 'Koishi maxPort', file: () => koishi, needle: 'maxPort', want: [/tries the next ports/] },
    ];
    for (const r of rows) {
      const value = await hover(c, r.file(), r.needle, r.offset);
      for (const w of r.want) assert.match(value, w, `${r.name}: ${value}`);
      for (const s of [...(r.not ?? []), NAPCAT_TOKEN, LL_TOKEN, KOISHI_TOKEN]) assert.ok(!value.includes(s), `${r.name}: a token is shown`);
    }
  });

  it('LLOneBot ob11.enable says it switches every connection', async () => {
    const lines = fs.readFileSync(ll, 'utf8').split('\n');
    const ob11 = lines.findIndex((l) => l.includes('"ob11"'));
    const line = lines.findIndex((l, i) => i > ob11 && l.includes('"enable"'));
    const h = (await c.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: uri(ll) },
      position: { line, character: lines[line].indexOf('enable') },
    })) as Hover | null;
    assert.match(h ? (h.contents as MarkupContent).value : '', /no `connect\[\]` entry starts/);
  });

  it('a comment gets no hover', async () => {
    assert.equal(await hover(c, gocq, '# seconds; -1', 3), '');
  });

  it('hovers follow the server language (zh-cn)', async () => {
    const zh = new LspClient();
    try {
      await zh.start(ws, 'zh-cn');
      await zh.until(() => zh.codes(napcat).includes('ws-path'), 'the first analysis');
      assert.match(await hover(zh, napcat, 'musicSignUrl'), /音乐卡片签名服务/);
      assert.match(await hover(zh, napcat, 'musicSignUrl'), /不影响 NapCat 与机器人框架之间的连接/);
      assert.match(await hover(zh, gocq, 'post-format'), /可选值：`string`、`array`/);
    } finally {
      await zh.stop();
    }
  });

  it('an unsaved buffer is read for the key under the cursor', async () => {
    const saved = fs.readFileSync(napcat, 'utf8');
    const text = saved.replace("  musicSignUrl: '',\n", "  musicSignUrl: '',\n  imageDownloadProxy: '',\n");
    c.open(napcat, text, 'jsonc');
    const line = text.split('\n').findIndex((l) => l.includes('imageDownloadProxy'));
    const h = (await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uri(napcat) }, position: { line, character: 4 } })) as Hover | null;
    assert.match(h ? (h.contents as MarkupContent).value : '', /Proxy NapCat uses to download images/);
    c.close(napcat);
  });

  it("value completion over stdio: closed sets, the framework's URL, a masked token from the other side", async () => {
    const ask = async (file: string, find: string, replace: string, languageId: string) => {
      const saved = fs.readFileSync(file, 'utf8');
      assert.ok(saved.includes(find), find);
      const marked = saved.replace(find, replace);
      const at = marked.indexOf('‸');
      const text = marked.replace('‸', '');
      c.open(file, text, languageId);
      const before = text.slice(0, at).split('\n');
      const items = (await c.conn.sendRequest(CompletionRequest.type, {
        textDocument: { uri: uri(file) },
        position: { line: before.length - 1, character: before[before.length - 1].length },
      })) as CompletionItem[];
      c.close(file);
      return items;
    };
    const rows: { name: string; file: () => string; find: string; replace: string; lang: string; want: Record<string, string> }[] = [
      {
        name: 'NapCat messagePostFormat',
        file: () => napcat,
        find: "messagePostFormat: 'array',",
        replace: 'messagePostFormat: ‸',
        lang: 'jsonc',
        want: { array: "'array'", string: "'string'" },
      },
      {
        name: 'go-cqhttp universal',
        file: () => gocq,
        find: 'universal: ws://127.0.0.1:5140/onebot/v11/ws',
        replace: 'universal: ‸',
        lang: 'yaml',
        want: { 'ws://127.0.0.1:5140/onebot': 'ws://127.0.0.1:5140/onebot' },
      },
      {
        name: 'Koishi protocol',
        file: () => koishi,
        find: 'responseTimeout: 60000',
        replace: 'protocol: ‸',
        lang: 'yaml',
        want: { 'ws-reverse': 'ws-reverse', ws: 'ws', http: 'http' },
      },
      {
        name: "LLOneBot token: NoneBot's, masked",
        file: () => ll,
        find: `"token": "${LL_TOKEN}"`,
        replace: '"token": ‸',
        lang: 'json',
        want: { 'll… (20 chars)': `"${LL_TOKEN}"` },
      },
    ];
    for (const r of rows) {
      const items = await ask(r.file(), r.find, r.replace, r.lang);
      for (const [label, insert] of Object.entries(r.want)) {
        const item = items.find((i) => i.label === label);
        assert.ok(item, `${r.name}: ${label} in ${items.map((i) => i.label).join(', ')}`);
        assert.equal(item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : undefined, insert, `${r.name}: ${label}`);
      }
      for (const i of items)
        for (const tok of [NAPCAT_TOKEN, LL_TOKEN, KOISHI_TOKEN])
          assert.ok(!`${i.label} ${i.detail ?? ''} ${i.filterText ?? ''}`.includes(tok), `${r.name}: a token in a label`);
    }
  });
});
