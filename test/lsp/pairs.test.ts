/** The language server over stdio on the NapCat + NoneBot and go-cqhttp + Koishi examples: diagnostics, hovers, unsaved buffers. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver';
import { CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { LspClient, uri } from './lspClient';

const NAPCAT_TOKEN = 'Xk3pQ9vLm2Rt7sWa';
const NONEBOT_TOKEN = 'bot-token-2024';

function copy(example: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-pairs-'));
  fs.cpSync(path.join('examples', example), dir, { recursive: true });
  return dir;
}

describe('language server on the NapCat + NoneBot and go-cqhttp + Koishi pairs', () => {
  let napWs: string;
  let gocqWs: string;
  let c: LspClient;
  let napcat: string;
  let envProd: string;
  let gocq: string;
  let koishi: string;
  before(async () => {
    napWs = copy('napcat-nonebot');
    gocqWs = copy('gocqhttp-koishi');
    napcat = path.join(napWs, 'napcat/config/onebot11_123456.json');
    envProd = path.join(napWs, 'nonebot/.env.prod');
    gocq = path.join(gocqWs, 'gocqhttp/config.yml');
    koishi = path.join(gocqWs, 'koishi/koishi.yml');
    c = new LspClient();
    await c.start([napWs, gocqWs]);
  });
  after(async () => {
    await c.stop();
    fs.rmSync(napWs, { recursive: true, force: true });
    fs.rmSync(gocqWs, { recursive: true, force: true });
  });

  it('publishes diagnostics on both files of each pair, closed files included', async () => {
    await c.until(
      () =>
        c.codes(napcat).includes('ws-path') &&
        c.codes(envProd).includes('token-mismatch') &&
        c.codes(gocq).includes('ws-path') &&
        c.codes(koishi).includes('selfid-mismatch'),
      'diagnostics for both pairs',
    );
    const rows: [string, string[]][] = [
      [napcat, ['token-mismatch', 'ws-path']],
      [envProd, ['token-mismatch']],
      [gocq, ['selfid-mismatch', 'ws-path']],
      [koishi, ['selfid-mismatch']],
    ];
    for (const [file, codes] of rows) assert.deepEqual(c.codes(file), codes, path.basename(file));
    for (const list of c.diagnostics.values())
      for (const d of list) assert.ok(!d.message.includes(NAPCAT_TOKEN) && !d.message.includes(NONEBOT_TOKEN), 'tokens are masked');
  });

  const hover = async (file: string, line: number, character: number): Promise<string> => {
    const h = (await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uri(file) }, position: { line, character } })) as Hover | null;
    return h ? (h.contents as MarkupContent).value : '';
  };

  it('hovers: the key, what the URL dials and what the other side listens on', async () => {
    const text = (f: string) => fs.readFileSync(f, 'utf8').split('\n');
    const at = (f: string, needle: string, offset = 0) => {
      const line = text(f).findIndex((l) => l.includes(needle));
      assert.ok(line >= 0, needle);
      return [line, text(f)[line].indexOf(needle) + offset] as const;
    };
    const rows: { name: string; file: () => string; needle: string; offset?: number; want: RegExp[]; not?: string[] }[] = [
      {
        name: 'NapCat url value',
        file: () => napcat,
        needle: "url: 'ws://",
        offset: 8,
        want: [
          /\*\*url\*\*/,
          /NapCat dials `ws:\/\/127\.0\.0\.1:8080\/onebot\/v11`/,
          /NoneBot listens on `127\.0\.0\.1:8080`, path \/onebot\/v11\/ws/,
          /default `ws:\/\/localhost:8082`/,
        ],
        not: [NAPCAT_TOKEN, NONEBOT_TOKEN],
      },
      {
        name: 'NapCat token key',
        file: () => napcat,
        needle: 'token:',
        want: [/\*\*token\*\*/, /Authorization: Bearer/, /Value: Xk… \(16 chars\)/],
        not: [NAPCAT_TOKEN],
      },
      { name: 'NapCat enable key', file: () => napcat, needle: 'enable:', want: [/default `false`/] },
      {
        name: 'go-cqhttp universal value',
        file: () => gocq,
        needle: 'universal: ws',
        offset: 14,
        want: [
          /ws-reverse\.universal/,
          /go-cqhttp dials `ws:\/\/127\.0\.0\.1:5140\/onebot\/v11\/ws`/,
          /It sends no token/,
          /Koishi listens on `127\.0\.0\.1:5140`, path \/onebot; it checks X-Self-ID against selfId, never the token \(selfId 1233456\)/,
        ],
      },
      { name: 'go-cqhttp reconnect-interval key', file: () => gocq, needle: 'reconnect-interval', want: [/`int`/, /Milliseconds/] },
      {
        name: 'Koishi selfId value',
        file: () => koishi,
        needle: "selfId: '",
        offset: 9,
        want: [/\*\*selfId\*\*/, /go-cqhttp's servers\[0\]\.ws-reverse dials `ws:\/\/127\.0\.0\.1:5140\/onebot\/v11\/ws`/],
      },
      {
        name: 'Koishi server port',
        file: () => koishi,
        needle: 'port: 5140',
        offset: 7,
        want: [/Koishi listens on `127\.0\.0\.1:5140`/, /go-cqhttp's servers\[0\]\.ws-reverse dials/],
      },
    ];
    for (const r of rows) {
      const [line, ch] = at(r.file(), r.needle, r.offset);
      const value = await hover(r.file(), line, ch);
      for (const w of r.want) assert.match(value, w, `${r.name}: ${value}`);
      for (const s of r.not ?? []) assert.ok(!value.includes(s), `${r.name}: token shown`);
    }
  });

  it('hovers in Chinese follow the server language', async () => {
    const zh = new LspClient();
    try {
      await zh.start(napWs, 'zh-cn');
      await zh.until(() => zh.codes(napcat).includes('ws-path'), 'the first analysis');
      const line = fs
        .readFileSync(napcat, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes("url: 'ws://"));
      const h = (await zh.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uri(napcat) }, position: { line, character: 16 } })) as Hover | null;
      const value = h ? (h.contents as MarkupContent).value : '';
      assert.match(value, /NapCat 会连接 `ws:\/\/127\.0\.0\.1:8080\/onebot\/v11`/);
      assert.match(value, /NoneBot 监听 `127\.0\.0\.1:8080`/);
    } finally {
      await zh.stop();
    }
  });

  it('an unsaved edit of the NapCat URL (adding /ws) clears ws-path; reverting brings it back', async () => {
    const saved = fs.readFileSync(napcat, 'utf8');
    c.open(napcat, saved, 'jsonc');
    c.change(napcat, saved.replace("'ws://127.0.0.1:8080/onebot/v11'", "'ws://127.0.0.1:8080/onebot/v11/ws'"));
    await c.until(() => !c.codes(napcat).includes('ws-path') && c.codes(napcat).includes('token-mismatch'), 'ws-path to go');
    assert.equal(fs.readFileSync(napcat, 'utf8'), saved, 'the file on disk is untouched');
    c.change(napcat, saved);
    await c.until(() => c.codes(napcat).includes('ws-path'), 'ws-path back');
  });

  it('completion in an open go-cqhttp buffer offers the keys of its ws-reverse block, not NoneBot keys', async () => {
    const saved = fs.readFileSync(gocq, 'utf8');
    const text = saved.replace('      reconnect-interval: 3000\n', '      reconnect-interval: 3000\n      \n');
    c.open(gocq, text, 'yaml');
    const line = text.split('\n').findIndex((l) => l.includes('reconnect-interval: 3000')) + 1;
    const items = (await c.conn.sendRequest(CompletionRequest.type, {
      textDocument: { uri: uri(gocq) },
      position: { line, character: 6 },
    })) as CompletionItem[];
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('disabled') && !labels.includes('universal') && !labels.includes('DRIVER'), labels.join(', '));
    c.close(gocq);
  });
});
