/** The language server over real stdio: what an editor sees while the user types. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, CompletionItem, Hover, TextDocumentEdit } from 'vscode-languageserver';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import * as ext from '../../server/src/protocol/lspExt';
import { LspClient, applyWorkspaceEdit, uri } from './lspClient';

const TOKEN = 'MyS3cretToken';

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-lsp-'));
  fs.cpSync('examples/broken', dir, { recursive: true });
  return dir;
}

describe('language server over stdio', () => {
  let ws: string;
  let c: LspClient;
  let lag: string;
  let envProd: string;
  before(async () => {
    ws = workspace();
    lag = path.join(ws, 'lagrange/appsettings.json');
    envProd = path.join(ws, 'nonebot/.env.prod');
    c = new LspClient();
    await c.start(ws);
  });
  after(async () => {
    await c.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('publishes diagnostics for both sides at start, closed files included', async () => {
    await c.until(() => c.codes(lag).includes('ws-path') && c.codes(envProd).includes('env-unknown-key'), 'initial diagnostics');
    assert.deepEqual(c.codes(lag), ['lagrange-enable-bool', 'lagrange-exposed', 'lagrange-protocol', 'token-unused', 'ws-path']);
    const d = c.diagnostics.get(uri(lag))!.find((x) => x.code === 'ws-path')!;
    assert.equal(d.source, 'onebot-doctor');
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, { start: { line: 31, character: 22 }, end: { line: 31, character: 35 } });
    // VS Code opens file links at #L<line>: the line of the rule's heading in the shipped rules page.
    const line = Number(/docs\/rules\.md#L(\d+)$/.exec(d.codeDescription!.href)?.[1]);
    assert.equal(fs.readFileSync('docs/rules.md', 'utf8').split('\n')[line - 1], '### ws-path');
    assert.equal(d.relatedInformation![0].location.uri, uri(path.join(ws, 'nonebot/bot.py')));
    const unused = c.diagnostics.get(uri(lag))!.find((x) => x.code === 'token-unused')!;
    assert.ok(
      unused.relatedInformation!.some((r) => r.location.uri === uri(envProd)),
      'points at the other file',
    );
    for (const list of c.diagnostics.values()) for (const x of list) assert.ok(!x.message.includes(TOKEN), 'tokens are masked');
  });

  it('an unsaved edit in .env.prod updates appsettings.json at once', async () => {
    const text = fs.readFileSync(envProd, 'utf8').replace('ONE_BOT_ACCESS_TOKEN', 'ONEBOT_ACCESS_TOKEN');
    c.open(envProd, fs.readFileSync(envProd, 'utf8'));
    c.change(envProd, text);
    await c.until(() => !c.codes(lag).includes('token-unused') && !c.codes(envProd).includes('env-unknown-key'), 'token-unused and env-unknown-key to go');
    c.change(envProd, text.replace('ONEBOT_ACCESS_TOKEN=MyS3cretToken', 'ONEBOT_ACCESS_TOKEN=other-token'));
    await c.until(() => c.codes(lag).includes('token-mismatch'), 'token-mismatch');
    const d = c.diagnostics.get(uri(lag))!.find((x) => x.code === 'token-mismatch')!;
    assert.ok(d.message.includes('My… (13 chars)') && d.message.includes('… (11 chars)'), d.message);
  });

  it('quick fixes: each applied gives the expected text; titles never show a token', async () => {
    const lagText = fs.readFileSync(lag, 'utf8');
    c.open(lag, lagText);
    const rows: { code: string; title: RegExp; expect: RegExp }[] = [
      { code: 'ws-path', title: /Set Suffix to "\/onebot\/v11\/ws"/, expect: /"Suffix": "\/onebot\/v11\/ws",/ },
      { code: 'lagrange-enable-bool', title: /Write "Enable": "false"/, expect: /"Enable": "false",/ },
      { code: 'lagrange-protocol', title: /Write "Linux"/, expect: /"Protocol": "Linux",/ },
      { code: 'token-mismatch', title: /Use NoneBot's token in appsettings\.json/, expect: /"AccessToken": "other-token"/ },
      {
        code: 'lagrange-exposed',
        title: /Disable lagrange-exposed for this line/,
        expect: /\/\/ onebot-doctor-disable-next-line lagrange-exposed\n\s+"Host": "0\.0\.0\.0"/,
      },
    ];
    await c.until(() => c.codes(lag).includes('token-mismatch'), 'diagnostics');
    for (const row of rows) {
      const d = c.diagnostics.get(uri(lag))!.find((x) => x.code === row.code)!;
      assert.ok(d, row.code);
      const actions = (await c.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri: uri(lag) },
        range: d.range,
        context: { diagnostics: [d] },
      })) as CodeAction[];
      for (const a of actions) assert.ok(!a.title.includes(TOKEN) && !a.title.includes('other-token'), a.title);
      assert.ok(
        actions.some((a) => a.title.startsWith('Show documentation')),
        'show documentation',
      );
      const action = actions.find((a) => row.title.test(a.title));
      assert.ok(action, `${row.code}: ${actions.map((a) => a.title).join(' | ')}`);
      // Versioned: the edit names the version of appsettings.json the finding was computed on (the open buffer's).
      assert.deepEqual(
        (action.edit!.documentChanges as TextDocumentEdit[]).map((e) => e.textDocument),
        [{ uri: uri(lag), version: 1 }],
      );
      const applied = applyWorkspaceEdit(action.edit!, (u) => ({ text: lagText, version: u === uri(lag) ? c.version(lag)! : null }));
      assert.ok(applied !== 'refused', `${row.code}: ${JSON.stringify(action.edit)}`);
      assert.match(applied.get(uri(lag))!, row.expect);
    }
  });

  it('the disable comment is honoured', async () => {
    const lagText = fs
      .readFileSync(lag, 'utf8')
      .replace('            "Host": "0.0.0.0",', '            // onebot-doctor-disable-next-line lagrange-exposed\n            "Host": "0.0.0.0",');
    c.change(lag, lagText);
    await c.until(() => !c.codes(lag).includes('lagrange-exposed'), 'lagrange-exposed to go');
    assert.ok(c.codes(lag).includes('lagrange-enable-bool'));
  });

  it('hover: the URL Lagrange dials and what NoneBot listens on; where a NoneBot value comes from', async () => {
    const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: uri(lag) }, position: { line: 31, character: 25 } })) as Hover;
    const text = (h.contents as { value: string }).value;
    assert.match(text, /Lagrange dials `ws:\/\/127\.0\.0\.1:8080\/onebot\/v11`/);
    assert.match(text, /NoneBot \(nonebot\) listens on `127\.0\.0\.1:8080`/);
    const h2 = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: uri(envProd) }, position: { line: 2, character: 1 } })) as Hover;
    assert.match((h2.contents as { value: string }).value, /Effective value: `8080` \(from \.env\.prod line 3\)/);
    const h3 = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: uri(envProd) }, position: { line: 8, character: 3 } })) as Hover;
    assert.ok(!(h3.contents as { value: string }).value.includes('other-token'), 'token masked in hover');
  });

  it('completion: NoneBot keys and DRIVER values; Lagrange keys and Types', async () => {
    const env = path.join(ws, 'nonebot/.env');
    c.open(env, 'DRIVER=\n\n');
    const values = (await c.conn.sendRequest('textDocument/completion', {
      textDocument: { uri: uri(env) },
      position: { line: 0, character: 7 },
    })) as CompletionItem[];
    assert.ok(values.some((i) => i.label === '~fastapi+~httpx+~websockets'));
    const keys = (await c.conn.sendRequest('textDocument/completion', {
      textDocument: { uri: uri(env) },
      position: { line: 1, character: 0 },
    })) as CompletionItem[];
    assert.ok(keys.some((i) => i.label === 'ONEBOT_ACCESS_TOKEN'));
    assert.ok(
      keys.some((i) => i.label === 'ONEBOT_V11_ACCESS_TOKEN'),
      'the V11 alias beside the key',
    );
    const lagText = fs.readFileSync(lag, 'utf8').replace('"Type": "ReverseWebSocket",', '"Type": "ReverseWebSocket",\n            "",');
    c.change(lag, lagText);
    const line = lagText.split('\n').findIndex((l) => l.trim() === '"",');
    const items = (await c.conn.sendRequest('textDocument/completion', {
      textDocument: { uri: uri(lag) },
      position: { line, character: 13 },
    })) as CompletionItem[];
    assert.ok(
      items.some((i) => i.label === 'ReconnectInterval' || i.label === 'UseUniversalClient'),
      items.map((i) => i.label).join(','),
    );
    assert.ok(!items.some((i) => i.label === 'Secret'), 'keys of another Type are not offered');
  });

  it('a setting change re-lints at once: a rule turned off disappears', async () => {
    c.settings = { ...c.settings, rules: { 'lagrange-protocol': 'off', 'lagrange-enable-bool': 'error' } };
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await c.until(() => !c.codes(lag).includes('lagrange-protocol'), 'lagrange-protocol off');
    assert.equal(c.diagnostics.get(uri(lag))!.find((d) => d.code === 'lagrange-enable-bool')!.severity, 1);
  });

  it('a file deleted on disk clears its diagnostics', async () => {
    c.close(envProd);
    fs.rmSync(envProd);
    void c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(envProd), type: 3 }] });
    await c.until(() => (c.diagnostics.get(uri(envProd)) ?? []).length === 0, 'cleared');
  });
});

describe('language server: bad input', () => {
  it('a binary appsettings.json, a 5 MB .env: one clear diagnostic, and the server keeps answering', async () => {
    const ws = workspace();
    const c = new LspClient();
    // The 5 MB buffer's analysis takes minutes (in the NoneBot reader and env-unknown-key): analyses run only on
    // `relint` here, so the buffer is held and answered on, and shutdown drops its pending lint.
    c.settings = { ...c.settings, debounceMs: 3_600_000 };
    try {
      await c.start(ws);
      await c.until(() => c.statusCount >= 1, 'first analysis');
      const lag = path.join(ws, 'lagrange/appsettings.json');
      c.open(lag, fs.readFileSync(lag, 'utf8'));
      c.change(lag, '{"Implementations": [\u0000\u0001\u0002');
      await c.conn.sendRequest(ext.relint);
      await c.until(() => c.codes(lag).join() === 'json-syntax', 'one clear diagnostic');
      assert.match(c.diagnostics.get(uri(lag))![0].message, /not text/);
      const env = path.join(ws, 'nonebot/.env');
      c.open(env, 'DRIVER=~fastapi\n');
      await c.conn.sendRequest(ext.relint); // the open's own lint, done before the buffer grows
      c.change(env, `ENVIRONMENT=prod\n${'PLUGIN_SETTING_X=value # comment\n'.repeat(160_000)}`);
      const h = await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uri(env) }, position: { line: 0, character: 2 } });
      assert.ok(h, 'answers hover');
    } finally {
      await c.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});

describe('language server: a workspace folder below a folder named like a skipped one', () => {
  it('/…/dist/bot is linted: only the part below the workspace folder decides what is skipped', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-skip-'));
    const ws = path.join(parent, 'dist', 'bot');
    fs.mkdirSync(ws, { recursive: true });
    fs.cpSync('examples/broken', ws, { recursive: true });
    const c = new LspClient();
    try {
      await c.start(ws);
      const prod = path.join(ws, 'nonebot/.env.prod');
      await c.until(() => c.codes(prod).includes('env-unknown-key'), 'diagnostics');
      const text = fs.readFileSync(prod, 'utf8');
      c.open(prod, text);
      c.change(prod, text.replace('ONE_BOT_ACCESS_TOKEN', 'ONEBOT_ACCESS_TOKEN'));
      await c.until(() => !c.codes(prod).includes('env-unknown-key'), 'an edit re-lints');
    } finally {
      await c.stop();
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('language server: Simplified Chinese', () => {
  it('onebotDoctor.language (initializationOptions.locale) wins over the display language', async () => {
    const ws = workspace();
    const c = new LspClient();
    try {
      await c.start(ws, 'en', { locale: 'zh-cn' });
      const lag = path.join(ws, 'lagrange/appsettings.json');
      await c.until(() => c.codes(lag).includes('ws-path'), 'diagnostics');
      assert.match(c.diagnostics.get(uri(lag))!.find((x) => x.code === 'ws-path')!.message, /缺少末尾斜杠/);
    } finally {
      await c.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('messages follow the client locale', async () => {
    const ws = workspace();
    const c = new LspClient();
    try {
      await c.start(ws, 'zh-cn');
      const lag = path.join(ws, 'lagrange/appsettings.json');
      await c.until(() => c.codes(lag).includes('ws-path'), 'diagnostics');
      const d = c.diagnostics.get(uri(lag))!.find((x) => x.code === 'ws-path')!;
      assert.match(d.message, /缺少末尾斜杠/);
    } finally {
      await c.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});
