/** The link map request over real stdio: its content, its refresh after an edit, the last probe verdict. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from './lspClient';
import * as ext from '../../server/src/protocol/lspExt';
import * as S from '../probe/servers';

/** examples/fixed with NoneBot's PORT and Lagrange's Port moved to a port the test server holds. */
function workspace(port: number): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-lsp-linkmap-'));
  fs.cpSync('examples/fixed', ws, { recursive: true });
  for (const [file, from, to] of [
    ['nonebot/.env.prod', 'PORT=8080', `PORT=${port}`],
    ['lagrange/appsettings.json', '"Port": 8080', `"Port": ${port}`],
  ]) {
    const p = path.join(ws, file);
    const text = fs.readFileSync(p, 'utf8');
    assert.ok(text.includes(from), `${from} in ${file}`);
    fs.writeFileSync(p, text.replace(from, to));
  }
  return ws;
}

for (const [locale, host, kind] of [
  ['en', 'Host', 'reverse WebSocket'],
  ['zh-cn', '主机', '反向 WebSocket'],
] as const) {
  describe(`onebotDoctor/linkMap over stdio (${locale})`, () => {
    let ws: string;
    let c: LspClient;
    let server: S.Running;
    let changed = 0;
    let waiters: (() => void)[] = [];
    /** Resolves at the next linkMapChanged notification. */
    const nextChange = () => new Promise<void>((r) => waiters.push(r));
    const appsettings = () => path.join(ws, 'lagrange/appsettings.json');

    before(async () => {
      server = await S.nonebotLike({ token: 'MyS3cretToken' });
      ws = workspace(server.port);
      c = new LspClient();
      c.conn.onNotification(ext.linkMapChanged, () => {
        changed++;
        const w = waiters;
        waiters = [];
        for (const r of w) r();
      });
      const first = nextChange();
      await c.start(ws, locale);
      await first;
    });
    after(async () => {
      await c.stop();
      await server.close();
      fs.rmSync(ws, { recursive: true, force: true });
    });

    it('lists both sides, the host, the link and its clean state after the first analysis', async () => {
      assert.ok(changed >= 1);
      const map = await c.conn.sendRequest(ext.linkMap, {});
      assert.deepEqual(
        map.places.map((p) => p.label),
        [host],
      );
      // [side, program, role, protocol]
      assert.deepEqual(
        map.endpoints.map((e) => [e.side, e.programName, e.role, e.protocol, e.enabled]),
        [
          ['impl', 'Lagrange', 'dials', 'ws-reverse', true],
          ['impl', 'Lagrange', 'listens', 'ws-forward', false],
          ['fw', 'NoneBot', 'listens', 'ws-reverse', true],
          ['fw', 'NoneBot', 'listens', 'http-post', true],
        ],
      );
      assert.equal(map.links.length, 1);
      const [l] = map.links;
      assert.deepEqual([l.kind, l.kindLabel, l.state, l.codes, l.fix, l.probeIndex], ['reverse-ws', kind, 'ok', [], undefined, 0]);
      assert.equal(l.from, map.endpoints[0].id);
      assert.equal(l.to, map.endpoints[2].id);
      assert.doesNotMatch(JSON.stringify(map), /MyS3cretToken/);
    });

    it('a folder filter that names no folder gives an empty map', async () => {
      const map = await c.conn.sendRequest(ext.linkMap, { folderUri: uri(path.join(ws, 'elsewhere')) });
      assert.deepEqual(map, { places: [], endpoints: [], links: [] });
    });

    it('an unsaved edit that breaks the Suffix: the map changes, the link carries ws-path and its certain fix', async () => {
      const text = fs.readFileSync(appsettings(), 'utf8');
      assert.ok(text.includes('"/onebot/v11/ws"'));
      const next = nextChange();
      c.open(appsettings(), text.replace('"/onebot/v11/ws"', '"/onebot/v11"'), 'json');
      await next;
      const map = await c.conn.sendRequest(ext.linkMap, {});
      const [l] = map.links;
      assert.equal(l.state, 'error');
      assert.ok(l.codes.includes('ws-path'), l.codes.join());
      assert.equal(l.fix?.code, 'ws-path');
      assert.equal(l.fix?.file, appsettings());
      assert.ok(l.findings.every((f) => f.message.length > 0));
      const restored = nextChange();
      c.change(appsettings(), text);
      await restored;
    });

    it('a probe of the link is remembered with its verdict and announced', async () => {
      const before = await c.conn.sendRequest(ext.linkMap, {});
      assert.equal(before.links[0].probe, undefined);
      const next = nextChange();
      const report = await c.conn.sendRequest(ext.probe, { targetIndex: before.links[0].probeIndex });
      await next;
      const after = await c.conn.sendRequest(ext.linkMap, {});
      assert.equal(after.links[0].probe?.verdict, report.verdict);
      assert.equal(after.links[0].probe?.ok, report.verdict === 'ok');
      assert.equal(report.verdict, 'ok');
    });
  });
}
