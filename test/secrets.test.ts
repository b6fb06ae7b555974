/**
 * Secrets audit: distinctive secrets planted in every place a config holds one (a token, a Host's userinfo, an
 * `access_token` query parameter, a token written after `KEY=  #`, a URL given to `probe --url`); no 4-character run
 * of any of them may appear on any surface: CLI text and JSON, probe reports and usage errors, LSP diagnostics,
 * related information, code action titles, hovers, probe targets, probe reports and the server log.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Hover } from 'vscode-languageserver';
import { LspClient, uri } from './lsp/lspClient';
import * as ext from '../server/src/protocol/lspExt';
import * as S from './probe/servers';
import { analyze, nodeFileHost } from '../server/src/core/analyze';
import { formatReport, redactReport, type ProbeReport } from '../server/src/core/probe';

/** Where each secret is planted. Mixed case and digits: no 4-character run of them is an English or product word. */
const PLANTED = {
  reverseToken: 'Zq9v-UNiq-t0K7', // ReverseWebSocket AccessToken
  userinfo: 'Kq8Zw-r4Tn-Jv2M', // ReverseWebSocket "Host": "ws://bot:…@127.0.0.1"
  forwardToken: 'Yh3Pd-m9Xc-Lb6W', // ForwardWebSocket AccessToken
  commentToken: 'Fn5Gt-w2Qs-Rk8D', // ONEBOT_ACCESS_TOKEN=  # … (older python-dotenv read it as the token)
  queryToken: 'Uz4Mb-c7Hv-Np1X', // ONEBOT_WS_URLS=["ws://…/?access_token=…"]
  signSecret: 'Wd6Jq-p3Ly-Ct9E', // ONEBOT_SECRET
  cliPassword: 'Gx2Nf-k8Rb-Vm5T', // probe --url 'ws://u:…@h/'
  cliQueryToken: 'Pj7Hs-e4Wz-Qa3K', // probe --url '…?access_token=…'
  cliToken: 'Bt1Yc-v6Md-Sx8F', // probe --token
  postUserinfo: 'Hc5Rv-j2Dn-Ew7G', // HttpPost "Host": "http://bot:…@127.0.0.1" with a wrong Suffix
  hostFormat: 'Mt8Ks-q1Fb-Xy4P', // ReverseWebSocket "Host": "bot:…@127.0.0.1/x" (no scheme, a path)
};
const SECRETS = Object.values(PLANTED);

/** Every 4-character run of a planted secret found in the text, with the secret it comes from. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const s of SECRETS) {
    for (let i = 0; i + 4 <= s.length; i++) {
      if (text.includes(s.slice(i, i + 4))) {
        found.push(`${s.slice(i, i + 4)} (of ${s})`);
        break;
      }
    }
  }
  return found;
}

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-secrets-'));
  fs.cpSync('examples/broken', dir, { recursive: true });
  const lag = path.join(dir, 'lagrange/appsettings.json');
  const text = fs
    .readFileSync(lag, 'utf8')
    .replace('"Host": "127.0.0.1"', `"Host": "ws://bot:${PLANTED.userinfo}@127.0.0.1"`)
    .replace('"MyS3cretToken"', `"${PLANTED.reverseToken}"`)
    .replace('"Enable": false', '"Enable": true')
    .replace('"AccessToken": ""', `"AccessToken": "${PLANTED.forwardToken}"`)
    .replace(
      /\n {4}\]\n\}\s*$/,
      `,\n        { "Type": "HttpPost", "Host": "http://bot:${PLANTED.postUserinfo}@127.0.0.1", "Port": 8080, "Suffix": "/wrong", "Secret": "${PLANTED.signSecret}" },\n` +
        `        { "Type": "ReverseWebSocket", "Host": "bot:${PLANTED.hostFormat}@127.0.0.1/x", "Port": 8080, "Suffix": "/onebot/v11/ws" }\n    ]\n}\n`,
    );
  assert.ok(
    [PLANTED.userinfo, PLANTED.reverseToken, PLANTED.forwardToken, PLANTED.postUserinfo, PLANTED.hostFormat].every((s) => text.includes(s)) &&
      text.includes('"Enable": true'),
    'all planted',
  );
  fs.writeFileSync(lag, text);
  fs.writeFileSync(
    path.join(dir, 'nonebot/.env'),
    `ENVIRONMENT=prod\nDRIVER=~fastapi+~websockets\nONEBOT_ACCESS_TOKEN=  # ${PLANTED.commentToken}\nONEBOT_WS_URLS=["ws://127.0.0.1:8081/?access_token=${PLANTED.queryToken}"]\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'nonebot/.env.prod'),
    `HOST=127.0.0.1\nPORT=8080\nONE_BOT_ACCESS_TOKEN=${PLANTED.reverseToken}\nONEBOT_SECRET=${PLANTED.signSecret}\n`,
  );
  return dir;
}

function cli(args: string[]): { out: string; status: number | null } {
  const p = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { out: p.stdout + p.stderr, status: p.status };
}

describe('secrets audit', () => {
  let ws: string;
  before(() => {
    ws = workspace();
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('the audit itself finds a planted secret', () => {
    assert.deepEqual(leaks(`x ${PLANTED.queryToken.slice(3, 7)} y`), [`${PLANTED.queryToken.slice(3, 7)} (of ${PLANTED.queryToken})`]);
    assert.deepEqual(leaks('ws://bo… (20 chars)@127.0.0.1 Zq… (14 chars) … (11 chars)'), []);
  });

  const runs: [string, () => string[], RegExp][] = [
    ['check (text)', () => ['check', ws], /ws-path .*dials ws:\/\/bo… \(\d+ chars\)@127\.0\.0\.1/],
    ['check --format json', () => ['check', '--format', 'json', ws], /"url": "ws:\/\/127\.0\.0\.1:8081\/\?access_token=Uz… \(15 chars\)"/],
    ['check --lang zh-CN', () => ['check', '--lang', 'zh-CN', ws], /env-syntax .*"# …（17 个字符）"/],
    ['probe', () => ['probe', '--timeout', '2000', ws], /Target: .*ws:\/\/bo… \(\d+ chars\)@127\.0\.0\.1:8080/],
    ['probe --format json', () => ['probe', '--format', 'json', '--timeout', '2000', ws], /"url": "ws:\/\/127\.0\.0\.1:8081\/\?access_token=Uz… \(15 chars\)"/],
    [
      'probe --url with userinfo and access_token, --token',
      () => [
        'probe',
        '--url',
        `ws://u:${PLANTED.cliPassword}@127.0.0.1:9/x?access_token=${PLANTED.cliQueryToken}`,
        '--token',
        PLANTED.cliToken,
        '--timeout',
        '1000',
      ],
      /Target: ws:\/\/u:… \(17 chars\)@127\.0\.0\.1:9\/x\?access_token=Pj… \(15 chars\)/,
    ],
    [
      'probe --url usage error',
      () => ['probe', '--url', `ftp://u:${PLANTED.cliPassword}@h/?access_token=${PLANTED.cliQueryToken}`],
      /--url must be a ws:\/\/, wss:\/\/, http:\/\/ or https:\/\/ URL, not ftp:\/\/u:… \(17 chars\)@h\//,
    ],
  ];
  for (const [name, args, shows] of runs) {
    it(`CLI ${name}`, () => {
      const { out } = cli(args());
      assert.match(out, shows, 'the output shows the masked form where the secret was');
      assert.deepEqual(leaks(out), []);
    });
  }

  it('CLI check: control characters from the workspace reach the terminal escaped', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-ctl-'));
    try {
      fs.cpSync('examples/broken/nonebot', path.join(dir, 'nonebot'), { recursive: true });
      // a folder name with a newline, a key with ESC (JSON's \u001b escape): both are quoted in the output lines
      const lag = path.join(dir, 'lag\nrange:1:1 error forged');
      fs.cpSync('examples/broken/lagrange', lag, { recursive: true });
      const file = path.join(lag, 'appsettings.json');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"ReconnectInterval"', '"Reconnect\\u001b[2JInterval"'));
      const { out } = cli(['check', dir]);
      assert.ok(!out.includes('\x1b'), 'no raw ESC');
      assert.match(out, /"Reconnect\\x1b\[2JInterval"/, 'the key, escaped');
      assert.match(out, /lag\\nrange:1:1 error forged\/appsettings\.json:\d+:\d+ /, 'the folder name, escaped');
      for (const line of out.split('\n')) assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(line), JSON.stringify(line));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // The rules' own messages, before the output layers' net (maskUrlsIn on every message): each rule should mask what
  // it quotes. A failure names the rule file that prints a URL or Host unmasked.
  it('rule messages (before the output net) show no secret', () => {
    const { findings } = analyze([ws], nodeFileHost);
    const texts = (f: (typeof findings)[number]) => [
      f.message.en,
      f.message.zh,
      ...f.related.flatMap((r) => [r.message.en, r.message.zh]),
      ...f.fixes.flatMap((x) => [x.title.en, x.title.zh]),
    ];
    assert.ok(findings.length > 5);
    const bad = findings.filter((f) => leaks(texts(f).join('\n')).length > 0).map((f) => `${f.code}: ${leaks(texts(f).join('\n')).join(', ')}`);
    assert.deepEqual([...new Set(bad)], []);
  });

  it('probe reports: redactReport masks the target, the texts and the captured headers', () => {
    const url = `ws://u:${PLANTED.cliPassword}@127.0.0.1:8080/onebot/v11/ws?access_token=${PLANTED.cliQueryToken}`;
    const report: ProbeReport = {
      verdict: 'forbidden-token',
      cause: { en: `${url} answered 403`, zh: `${url} 返回 403` },
      fix: { en: 'Make the tokens equal.', zh: '请让两边令牌相同。' },
      target: { url, token: PLANTED.cliToken, selfId: '1', label: url, kind: 'url' },
      stages: [{ name: 'upgrade', ms: 1, outcome: `failed: ${url}` }],
      attempts: [{ path: `/onebot/v11/ws?access_token=${PLANTED.cliQueryToken}`, selfId: '1', auth: 'configured', status: 403, ms: 1 }],
      notes: [{ en: url, zh: url }],
      captured: {
        method: 'GET',
        path: `/onebot/v11/ws?access_token=${PLANTED.cliQueryToken}`,
        headers: {
          authorization: `Bearer ${PLANTED.cliToken}`,
          'x-self-id': '10001',
          cookie: `s=${PLANTED.signSecret}`,
          'sec-websocket-protocol': PLANTED.forwardToken,
        },
        frames: [],
      },
      totalMs: 2,
    };
    const shown = redactReport(report);
    assert.deepEqual(redactReport(shown), shown, 'idempotent');
    assert.equal(shown.captured!.headers['x-self-id'], '10001');
    assert.equal(shown.captured!.headers.authorization, 'Bearer Bt… (15 chars)');
    assert.deepEqual(leaks(JSON.stringify(shown)), []);
    assert.deepEqual(leaks(formatReport(report, 'en') + formatReport(report, 'zh')), []);
  });

  it('language server: diagnostics, related information, hovers, code action titles, probe targets and reports, log', async () => {
    const c = new LspClient();
    const server = await S.nonebotLike({ token: 'wrong' });
    try {
      await c.start(ws);
      const lag = path.join(ws, 'lagrange/appsettings.json');
      const env = path.join(ws, 'nonebot/.env');
      const prod = path.join(ws, 'nonebot/.env.prod');
      await c.until(() => c.codes(lag).includes('ws-path') && c.codes(env).includes('env-syntax'), 'diagnostics');
      const seen: string[] = [];
      for (const [, ds] of c.diagnostics) for (const d of ds) seen.push(d.message, ...(d.relatedInformation ?? []).map((r) => r.message));
      const hovers: string[] = [];
      for (const file of [lag, env, prod]) {
        const text = fs.readFileSync(file, 'utf8').split('\n');
        for (let line = 0; line < text.length; line++) {
          for (const character of new Set([0, text[line].indexOf(':') + 3, text[line].indexOf('=') + 1, text[line].length - 2].filter((x) => x >= 0))) {
            const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line, character } })) as Hover | null;
            if (h) hovers.push((h.contents as { value: string }).value);
          }
        }
        for (const d of c.diagnostics.get(uri(file)) ?? []) {
          const actions = (await c.conn.sendRequest('textDocument/codeAction', {
            textDocument: { uri: uri(file) },
            range: d.range,
            context: { diagnostics: [d] },
          })) as CodeAction[];
          seen.push(...actions.map((a) => a.title));
        }
      }
      assert.ok(
        hovers.some((h) => /Lagrange dials `ws:\/\/bo… \(\d+ chars\)@127\.0\.0\.1:8080/.test(h)),
        'the dial hover shows the masked URL',
      );
      assert.ok(
        hovers.some((h) => /Effective value: `\["ws:\/\/127\.0\.0\.1:8081\/\?access_token=Uz… \(15 chars\)"\]`/.test(h)),
        'the ONEBOT_WS_URLS hover masks the token',
      );
      seen.push(...hovers);
      const targets = await c.conn.sendRequest(ext.probeTargets);
      seen.push(JSON.stringify(targets));
      const report = await c.conn.sendRequest(ext.probe, {
        url: `ws://u:${PLANTED.cliPassword}@127.0.0.1:${server.port}/onebot/v11/ws?access_token=${PLANTED.cliQueryToken}`,
        token: PLANTED.cliToken,
      });
      seen.push(JSON.stringify(report));
      const linked = await c.conn.sendRequest(ext.probe, { targetIndex: 0, timeoutMs: 2000 });
      seen.push(JSON.stringify(linked));
      seen.push(...c.logs);
      assert.ok(seen.length > 20);
      assert.deepEqual(leaks(seen.join('\n')), []);
    } finally {
      await c.stop();
      await server.close();
    }
  });
});
