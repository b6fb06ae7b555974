/**
 * The live loop in a real VS Code: "OneBot: Test Connection" against a running NoneBot stand-in (FastAPI + uvicorn
 * from Debian, test/probe/fixtures/nonebot_like_app.py: Debian packages no nonebot2) and a real Koishi 4.18 with
 * koishi-plugin-adapter-onebot 6 (test/probe/koishi-child.cjs, reading the workspace's koishi.yml), each on a free
 * loopback port. The workspace (written here, into the empty folder VS Code opened) has one mistake per pair that the
 * probe names: NapCat sends another token than NoneBot checks; go-cqhttp dials NoneBot's path on Koishi. For each:
 * the verdict in the report view, "Apply the fix" through the command its button runs (onebotDoctor.applyReportFix),
 * the program to restart named in the report and after the fix, "Test again" offered, then onebotDoctor.testAgain
 * (what that button runs) reaching ok. Servers are stopped by PID at the end. Each wait is for an event.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, codeOf, EXTENSION_ID, finish, log, ours, test, until, untilState } from './index';

interface ProbeResult {
  verdict: string;
  text: string;
  target: { label: string; as?: string; framework?: string };
  action?: { file: string; ruleCode?: string };
}
interface TargetInfo {
  index: number;
  label: string;
  url: string;
}
interface FixOutcome {
  applied: boolean;
  fix?: string;
  restart?: string;
  message: string;
  buttons: string[];
}

const NB_TOKEN = 'live-e2e-nonebot-token';
const WRONG_TOKEN = 'napcat-typo-token';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Proc {
  child: ChildProcess;
  exited: Promise<void>;
  output: () => string;
}

/** Spawns a server and resolves once its output matches `ready` (rejects if it exits first). */
function startServer(cmd: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<Proc & { match: RegExpExecArray }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${path.basename(args[0] ?? cmd)} did not start:\n${out}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, exited, output: () => out, match: m });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(args[0] ?? cmd)} exited (${code ?? signal}) before it was ready:\n${out}`));
    });
    child.once('error', reject);
  });
}

async function stop(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  process.kill(p.child.pid!, 'SIGTERM');
  await p.exited;
}

function write(root: string, rel: string, text: string): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** The report view's text (the one `onebot-report:` document), once it holds `want`. */
function reportText(want: RegExp): Promise<string> {
  const read = () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'onebot-report')?.getText();
  return new Promise((resolve, reject) => {
    const check = () => {
      const t = read();
      if (t !== undefined && want.test(latest(t))) {
        sub.dispose();
        clearTimeout(timer);
        resolve(t);
      }
    };
    const sub = vscode.workspace.onDidChangeTextDocument(check);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the report view never showed ${want}: ${read()?.slice(0, 600)}`));
    }, 60_000);
    check();
  });
}

/** The part of the report view about the latest run. */
const latest = (text: string) => text.split(/^== .* ==$/m)[1] ?? text;

export async function run(): Promise<void> {
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const repo = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const results: string[] = [];
  let nonebot: Proc | undefined;
  let koishi: Proc | undefined;
  let koishi2: Proc | undefined;
  let k2Port = 0;
  const startKoishi2 = async () => {
    const k = await startServer(process.execPath, [path.join(repo, 'test/probe/koishi-child.cjs'), files.koishi2], /^\{"port":(\d+),"bots":\[([^\]]*)\]/m, {
      KOISHI_PORT: String(k2Port),
      KOISHI_ENV: '',
    });
    assert.equal(Number(k.match[1]), k2Port);
    koishi2 = k;
    return k.match[2];
  };
  const files: Record<string, string> = {};
  try {
    await test(
      'a NoneBot stand-in (uvicorn) and a real Koishi start on free loopback ports; the workspace points at them',
      async () => {
        const [nbPort, kPort] = [await freePort(), await freePort()];
        files.napcat = write(
          root,
          'napcat-nonebot/napcat/config/onebot11_123456.json',
          `{\n  network: {\n    websocketClients: [\n      {\n        name: 'nonebot',\n        enable: true,\n        url: 'ws://127.0.0.1:${nbPort}/onebot/v11/ws',\n        messagePostFormat: 'array',\n        token: '${WRONG_TOKEN}',\n        heartInterval: 30000,\n        reconnectInterval: 30000,\n      },\n    ],\n  },\n}\n`,
        );
        files.env = write(
          root,
          'napcat-nonebot/nonebot/.env',
          `DRIVER=~fastapi+~websockets\nHOST=127.0.0.1\nPORT=${nbPort}\nONEBOT_ACCESS_TOKEN=${NB_TOKEN}\n`,
        );
        files.bot = write(
          root,
          'napcat-nonebot/nonebot/bot.py',
          'import nonebot\nfrom nonebot.adapters.onebot.v11 import Adapter as ONEBOT_V11Adapter\n\nnonebot.init()\nnonebot.get_driver().register_adapter(ONEBOT_V11Adapter)\n\nif __name__ == "__main__":\n    nonebot.run()\n',
        );
        files.gocq = write(
          root,
          'gocqhttp-koishi/gocqhttp/config.yml',
          `account:\n  uin: 20001\n  password: ''\n\ndefault-middlewares: &default\n  access-token: ''\n\nservers:\n  - ws-reverse:\n      universal: ws://127.0.0.1:${kPort}/onebot/v11/ws\n      reconnect-interval: 3000\n      middlewares:\n        <<: *default\n`,
        );
        files.koishi = write(
          root,
          'gocqhttp-koishi/koishi/koishi.yml',
          `plugins:\n  server:x9k2m4:\n    host: 127.0.0.1\n    port: ${kPort}\n  http:w3x2y1: {}\n  adapter-onebot:h0i9j8:\n    selfId: '20001'\n`,
        );
        k2Port = await freePort();
        files.napcat2 = write(
          root,
          'napcat-koishi/napcat/config/onebot11_20005.json',
          `{\n  network: {\n    websocketClients: [\n      { name: 'koishi', enable: true, url: 'ws://127.0.0.1:${k2Port}/onebot', token: '', heartInterval: 30000 },\n    ],\n  },\n}\n`,
        );
        files.koishi2 = write(
          root,
          'napcat-koishi/koishi/koishi.yml',
          `plugins:\n  server:a1b2c3:\n    host: 127.0.0.1\n    port: ${k2Port}\n  http:d4e5f6: {}\n  adapter-onebot:g7h8i9:\n    selfId: '20006'\n`,
        );
        await startKoishi2();
        nonebot = await startServer(
          '/usr/bin/python3',
          [path.join(repo, 'test/probe/fixtures/nonebot_like_app.py'), String(nbPort), NB_TOKEN, 'v11'],
          /Uvicorn running on/,
        );
        const k = await startServer(process.execPath, [path.join(repo, 'test/probe/koishi-child.cjs'), files.koishi], /^\{"port":(\d+)/m, {
          KOISHI_PORT: String(kPort),
          KOISHI_ENV: '',
        });
        koishi = k;
        assert.equal(Number(k.match[1]), kPort, 'Koishi listens on the port koishi.yml names');
        log(`NoneBot stand-in pid ${nonebot.child.pid} on ${nbPort}, Koishi pid ${k.child.pid} on ${kPort}`);
        const a = await api();
        await a.rescan();
        await untilState((s) => s.serverRunning || undefined, 'the server started', 120_000);
        await until(
          () =>
            ours(vscode.Uri.file(files.napcat)).some((d) => codeOf(d) === 'token-mismatch') &&
            ours(vscode.Uri.file(files.gocq)).some((d) => codeOf(d) === 'ws-path') &&
            ours(vscode.Uri.file(files.koishi2)).some((d) => codeOf(d) === 'selfid-mismatch'),
          'token-mismatch on NapCat, ws-path on go-cqhttp, selfid-mismatch on the second koishi.yml',
          120_000,
        );
      },
      results,
    );

    const loop = (
      name: string,
      file: () => string,
      pick: (t: TargetInfo) => boolean,
      extra: Record<string, unknown>,
      first: { verdict: string; shows: RegExp; rule: string; restart: string; program: RegExp },
      okVerdict: string,
      restartProgram?: () => Promise<void>,
    ) =>
      test(
        name,
        async () => {
          const targets = await ((await api()) as unknown as { probeTargets(): Promise<TargetInfo[]> }).probeTargets();
          const target = targets.find(pick);
          assert.ok(target, `a target among ${JSON.stringify(targets)}`);
          const report = await vscode.commands.executeCommand<ProbeResult>('onebotDoctor.testConnection', {
            targetIndex: target.index,
            timeoutMs: 30_000,
            ...extra,
          });
          assert.equal(report.verdict, first.verdict, report.text);
          assert.equal(report.action?.ruleCode, first.rule, JSON.stringify(report.action));
          const view = latest(await reportText(new RegExp(`Verdict: ${first.verdict}\\b`)));
          assert.match(view, first.shows);
          assert.match(view, first.program, 'the report says which program to restart');
          // What the report's "Apply the fix" button runs.
          const outcome = await vscode.commands.executeCommand<FixOutcome>('onebotDoctor.applyReportFix');
          assert.ok(outcome.applied, outcome.message);
          assert.equal(outcome.restart, first.restart);
          assert.match(outcome.message, new RegExp(`Restart ${first.restart}`));
          assert.deepEqual(outcome.buttons, ['Test again'], '"Test again" is offered');
          assert.ok(!vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file())?.isDirty, 'the fix is saved (the programs read the disk)');
          await until(() => !ours(vscode.Uri.file(file())).some((d) => codeOf(d) === first.rule), `${first.rule} gone after the fix`);
          // The fix is in a file the running program read at start: restart it, as the report says.
          if (restartProgram) await restartProgram();
          // What the "Test again" button runs: the same target, read again from the fixed file.
          const again = await vscode.commands.executeCommand<ProbeResult>('onebotDoctor.testAgain');
          assert.equal(
            again.verdict,
            okVerdict,
            `${again.text}\n${restartProgram ? `restarted Koishi: exit ${koishi2?.child.exitCode} ${koishi2?.child.signalCode}\n${koishi2?.output()}` : ''}`,
          );
          const after = latest(await reportText(new RegExp(`Verdict: ${okVerdict}\\b`)));
          if (okVerdict === 'ok') assert.doesNotMatch(after, /restart \S+ so that it reads/, 'no restart line after ok');
          log(`${name}: ${first.verdict} → fix "${outcome.fix}" → ${again.verdict}`);
        },
        results,
      );

    await loop(
      'NapCat → NoneBot: forbidden-token, apply the fix, NapCat to restart, test again → ok',
      () => files.napcat,
      (t) => t.label.startsWith('NapCat') && t.label.includes('NoneBot'),
      {},
      {
        verdict: 'forbidden-token',
        shows: /NoneBot refuses the token/,
        rule: 'token-mismatch',
        restart: 'NapCat',
        program: /restart NapCat so that it reads the changed file/,
      },
      'ok',
    );
    await loop(
      'go-cqhttp → Koishi: forbidden-path, apply the fix, go-cqhttp to restart, test again → ok-auth-disabled (Koishi never checks the token)',
      () => files.gocq,
      (t) => t.label.startsWith('go-cqhttp') && t.label.includes('Koishi'),
      { useAccountUin: true },
      {
        verdict: 'forbidden-path',
        shows: /Koishi has no OneBot route at \/onebot\/v11\/ws/,
        rule: 'ws-path',
        restart: 'go-cqhttp',
        program: /restart go-cqhttp so that it reads the changed file/,
      },
      'ok-auth-disabled',
    );
    await loop(
      'NapCat → Koishi: forbidden-self-id, apply the fix in koishi.yml, Koishi restarted (stopped by PID, started from the file), test again → ok-auth-disabled',
      () => files.koishi2,
      (t) => t.label.startsWith('NapCat') && t.label.includes('Koishi'),
      { useAccountUin: true },
      {
        verdict: 'forbidden-self-id',
        shows: /no OneBot bot in koishi\.yml has selfId 20005/,
        rule: 'selfid-mismatch',
        restart: 'Koishi',
        program: /restart Koishi so that it reads the changed file/,
      },
      'ok-auth-disabled',
      async () => {
        const before = koishi2!.child.pid!;
        await stop(koishi2);
        assert.throws(() => process.kill(before, 0), /ESRCH/);
        assert.equal(await startKoishi2(), '"20005"', 'the restarted Koishi reads the fixed selfId');
      },
    );
  } finally {
    const pids = [nonebot?.child.pid, koishi?.child.pid, koishi2?.child.pid];
    await Promise.all([stop(nonebot), stop(koishi), stop(koishi2)]);
    for (const pid of pids) if (pid) assert.throws(() => process.kill(pid, 0), /ESRCH/, `server pid ${pid} is gone`);
    log(`servers stopped (pids ${pids.join(', ')})`);
  }
  finish(results);
}
