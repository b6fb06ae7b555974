/**
 * The language server with hostile buffers beside a linked pair: a JSON buffer nested 200 000 deep and a `.env`
 * buffer over the 8 MB cap each get one `file-unreadable` diagnostic, and the pair keeps its diagnostics (no empty
 * or stale folder).
 */
import { after, before, describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from './lspClient';
import { PAIR } from '../fuzz/hostile';

describe('language server with hostile buffers', () => {
  let ws: string;
  let c: LspClient;
  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-hostile-'));
    for (const [rel, text] of Object.entries(PAIR)) {
      fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
      fs.writeFileSync(path.join(ws, rel), text);
    }
    fs.mkdirSync(path.join(ws, 'deep'));
    fs.writeFileSync(path.join(ws, 'deep', 'appsettings.json'), '{}\n');
    c = new LspClient();
    c.settings = { ...c.settings, debounceMs: 5 };
    await c.start(ws);
    await c.until(() => c.statusCount >= 1, 'first analysis');
  });
  after(async () => {
    await c.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  const codes = (f: string) => (c.diagnostics.get(uri(path.join(ws, f))) ?? []).map((d) => String(d.code));
  const pairLinted = () => codes('lagrange/appsettings.json').includes('token-mismatch') && codes('nonebot/.env').includes('token-mismatch');

  it('a buffer nested 200 000 deep: one diagnostic on it, the pair still linted', async () => {
    c.open(path.join(ws, 'deep', 'appsettings.json'), `{"Implementations": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    await c.until(
      () => codes('deep/appsettings.json').join() === 'file-unreadable' && pairLinted(),
      'file-unreadable on the deep buffer, token-mismatch on the pair',
    );
  });

  it('a .env buffer over the size cap: one diagnostic on it, the pair still linted', async () => {
    const big = path.join(ws, 'nonebot', '.env.local');
    fs.writeFileSync(big, 'PORT=8080\n');
    c.open(big, `PORT=8080\n${'#'.repeat(9 * 1024 * 1024)}\n`);
    await c.until(
      () => codes('nonebot/.env.local').join() === 'file-unreadable' && pairLinted(),
      'file-unreadable on the large buffer, token-mismatch on the pair',
    );
  });
});
