/**
 * Files a compose project reads beyond the usual names (an `env_file` called `bot.vars`, the build's Dockerfile) over
 * real stdio: the server asks the editor to watch exactly those files (and nothing in a folder without a compose
 * project), and a change on disk, announced as the editor's watcher would (`workspace/didChangeWatchedFiles`),
 * re-lints: the finding appears and disappears.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, type DidChangeWatchedFilesRegistrationOptions } from 'vscode-languageserver-protocol';
import { LspClient, uri } from './lspClient';
import { casesOnDisk } from '../ruleCases';

/** The compose case with its `environment` replaced by an env_file and a build Dockerfile that say nothing yet. */
function workspace(): { root: string; compose: string; plain: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-compose-watch-'));
  const compose = path.join(root, 'stack');
  fs.cpSync(path.join(casesOnDisk(), 'compose-host-bind.cases/fires-compose-environment'), compose, { recursive: true });
  const yaml = fs
    .readFileSync(path.join(compose, 'compose.yaml'), 'utf8')
    .replace(/ {4}environment:\n {6}HOST: 127\.0\.0\.1\n?$/, '    env_file:\n      - bot.vars\n');
  assert.match(yaml, /env_file/);
  fs.writeFileSync(path.join(compose, 'compose.yaml'), yaml);
  fs.writeFileSync(path.join(compose, 'bot.vars'), 'PORT=8080\n');
  fs.writeFileSync(path.join(compose, 'bot/Dockerfile'), 'FROM python:3.12-slim\n');
  // A second workspace folder without any compose file: nothing of it is watched.
  const plain = path.join(root, 'plain');
  fs.cpSync(path.resolve('test/fixtures/nonebot-default'), plain, { recursive: true });
  fs.writeFileSync(path.join(plain, 'bot.vars'), 'HOST=127.0.0.1\n');
  return { root, compose, plain };
}

describe('compose side files over stdio: watched and re-linted', () => {
  let c: LspClient;
  let ws: ReturnType<typeof workspace>;
  const fired = () => [...c.diagnostics.values()].flat().some((d) => d.code === 'compose-host-bind');
  const watched = () =>
    [...c.registrations.values()]
      .filter((r) => r.method === DidChangeWatchedFilesNotification.method)
      .flatMap((r) => (r.registerOptions as DidChangeWatchedFilesRegistrationOptions).watchers)
      .map((w) => {
        const g = w.globPattern;
        assert.ok(typeof g === 'object', 'a relative pattern (folder + name)');
        const base = typeof g.baseUri === 'string' ? g.baseUri : g.baseUri.uri;
        return path.relative(ws.root, path.join(decodeURIComponent(new URL(base).pathname), g.pattern));
      })
      .sort();

  before(async () => {
    ws = workspace();
    c = new LspClient();
    await c.start([ws.compose, ws.plain]);
    await c.until(() => (c.status?.links ?? 0) >= 1 && watched().length > 0, 'linked and watching');
  });
  after(async () => {
    await c.stop();
    fs.rmSync(ws.root, { recursive: true, force: true });
  });

  it("asks to watch the compose project's own files only", () => {
    assert.deepEqual(watched(), ['stack/.env', 'stack/bot.vars', 'stack/bot/Dockerfile', 'stack/compose.yaml']);
    assert.equal(fired(), false);
  });

  // [file, what is written to it on disk, compose-host-bind after the re-lint]
  const rows: [string, string, boolean][] = [
    ['bot.vars', 'PORT=8080\nHOST=127.0.0.1\n', true],
    ['bot.vars', 'PORT=8080\n', false],
    ['bot/Dockerfile', 'FROM python:3.12-slim\nENV HOST=127.0.0.1\n', true],
    ['bot/Dockerfile', 'FROM python:3.12-slim\n', false],
    ['bot.vars', 'HOST=127.0.0.1\n', true],
    ['bot.vars', 'HOST=0.0.0.0\n', false],
  ];
  for (const [rel, text, fires] of rows) {
    it(`${rel} ← ${JSON.stringify(text)}: ${fires ? 'fires' : 'silent'}`, async () => {
      const file = path.join(ws.compose, rel);
      const before = c.statusCount;
      fs.writeFileSync(file, text);
      void c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(file), type: 2 }] });
      await c.until(() => c.statusCount > before && fired() === fires, `compose-host-bind ${fires ? 'shown' : 'gone'}`);
    });
  }

  it('a file of the folder without compose project changes nothing', async () => {
    const file = path.join(ws.plain, 'bot.vars');
    const before = c.statusCount;
    fs.writeFileSync(file, 'HOST=127.0.0.2\n');
    void c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(file), type: 2 }] });
    // The relint request is answered after any re-lint the notification started: no new analysis, no finding.
    await c.conn.sendRequest('onebotDoctor/relint');
    assert.equal(c.statusCount, before + 1, 'only the relint asked for');
    assert.equal(fired(), false);
  });
});
