/**
 * `onebot-doctor check --fix` / `--fix-dry-run` on copies of the bundled examples, through the built binary: what is
 * written, what is reported, the exit status, and that no token is printed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const TOKENS = ['MyS3cretToken', 'Xk9fQm2pLr7sTv4w'];

function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const p = spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], {
    encoding: 'utf8',
    cwd,
    env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', ...env },
  });
  return { code: p.status, out: p.stdout, err: p.stderr };
}

/** A copy of examples/NAME in a fresh temporary folder; returns the folder that holds it as `ws`. */
function copyOf(name: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-fix-'));
  fs.cpSync(path.resolve('examples', name), path.join(root, 'ws'), { recursive: true });
  return root;
}

/** Every file under dir → its bytes, as text. */
function snapshot(dir: string, rel = '', out = new Map<string, string>()): Map<string, string> {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) snapshot(dir, r, out);
    else out.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
  }
  return out;
}

const codesOf = (json: string) => (JSON.parse(json) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code).sort();

describe('onebot-doctor check --fix', () => {
  // [example, files the fix edits, codes fixed, exit status after]
  const rows: [string, string[], string[], number][] = [
    ['broken', ['lagrange/appsettings.json', 'nonebot/.env.prod'], ['env-unknown-key', 'lagrange-enable-bool', 'lagrange-protocol', 'ws-path'], 0],
    ['napcat-nonebot', ['napcat/config/onebot11_123456.json'], ['ws-path'], 1],
  ];
  for (const [example, files, codes, exit] of rows) {
    it(`${example}: writes the certain fixes, reports what remains, and a second run finds nothing to fix`, () => {
      const root = copyOf(example);
      const before = snapshot(path.join(root, 'ws'));
      const plain = cli(['check', 'ws', '--format', 'json'], root);
      const fixed = cli(['check', 'ws', '--fix', '--format', 'json'], root);
      assert.equal(fixed.code, exit, fixed.err);
      const report = JSON.parse(fixed.out) as { fixed: { code: string; edited: string[] }[]; dryRun: boolean; diagnostics: { code: string }[] };
      assert.equal(report.dryRun, false);
      assert.deepEqual([...new Set(report.fixed.map((f) => f.code))].sort(), codes);
      const after = snapshot(path.join(root, 'ws'));
      const changed = [...after.keys()].filter((f) => after.get(f) !== before.get(f)).sort();
      assert.deepEqual(changed, files.map((f) => f.split('/').join(path.sep)).sort());
      assert.deepEqual([...new Set(report.fixed.flatMap((f) => f.edited))].sort(), files.sort());
      // What remains is what a plain check of the fixed files says.
      assert.deepEqual(codesOf(cli(['check', 'ws', '--format', 'json'], root).out), report.diagnostics.map((d) => d.code).sort());
      for (const c of codes) assert.ok(!report.diagnostics.some((d) => d.code === c) || codesOf(plain.out).filter((x) => x === c).length > 1, c);
      const again = cli(['check', 'ws', '--fix', '--format', 'json'], root);
      assert.deepEqual((JSON.parse(again.out) as { fixed: unknown[] }).fixed, []);
      assert.deepEqual(snapshot(path.join(root, 'ws')), after, 'a second --fix changes nothing');
      for (const t of TOKENS) assert.ok(!fixed.out.includes(t) && !fixed.err.includes(t), 'no token in the report');
    });
  }

  it('--fix-dry-run writes nothing and reports what --fix would leave', () => {
    const dry = copyOf('broken');
    const wet = copyOf('broken');
    const before = snapshot(path.join(dry, 'ws'));
    const d = cli(['check', 'ws', '--fix-dry-run', '--format', 'json'], dry);
    const w = cli(['check', 'ws', '--fix', '--format', 'json'], wet);
    assert.deepEqual(snapshot(path.join(dry, 'ws')), before, 'no file written');
    const dj = JSON.parse(d.out) as { dryRun: boolean; fixed: unknown[]; diagnostics: unknown[] };
    const wj = JSON.parse(w.out) as { dryRun: boolean; fixed: unknown[]; diagnostics: unknown[] };
    assert.equal(dj.dryRun, true);
    assert.deepEqual(dj.fixed, wj.fixed);
    assert.deepEqual(dj.diagnostics, wj.diagnostics);
    assert.equal(d.code, w.code);
  });

  // [name, args, lines the text output must hold]
  const text: [string, string[], RegExp[]][] = [
    [
      'text: one line per edited file',
      ['--fix'],
      [/^fixed .*ws-path.* in ws\/lagrange\/appsettings\.json$/m, /^fixed env-unknown-key in ws\/nonebot\/\.env\.prod$/m],
    ],
    ['text, dry run', ['--fix-dry-run'], [/^would fix .*ws-path.* in ws\/lagrange\/appsettings\.json$/m]],
    ['text, zh-CN', ['--fix', '--lang', 'zh-CN'], [/^已修复 ws\/nonebot\/\.env\.prod：env-unknown-key$/m]],
    ['github: plain lines beside the annotations', ['--fix', '--format', 'github'], [/^fixed env-unknown-key in ws\/nonebot\/\.env\.prod$/m]],
  ];
  for (const [name, args, lines] of text) {
    it(name, () => {
      const root = copyOf('broken');
      const r = cli(['check', 'ws', ...args], root);
      for (const l of lines) assert.match(r.out, l);
    });
  }

  it('--quiet --fix fixes the errors only', () => {
    const root = copyOf('broken');
    const r = cli(['check', 'ws', '--fix', '--quiet', '--format', 'json'], root);
    const j = JSON.parse(r.out) as { fixed: { code: string }[] };
    assert.ok(j.fixed.length > 0);
    assert.ok(!j.fixed.some((f) => f.code === 'env-unknown-key'), 'a warning is not fixed under --quiet');
    assert.match(fs.readFileSync(path.join(root, 'ws/nonebot/.env.prod'), 'utf8'), /ONE_BOT_ACCESS_TOKEN/);
  });

  it('a file named on the command line: its findings are fixed, on both sides of their link', () => {
    const root = copyOf('broken');
    const r = cli(['check', 'ws/nonebot/.env.prod', '--fix', '--format', 'json'], root);
    const j = JSON.parse(r.out) as { fixed: { code: string; file: string }[] };
    assert.ok(j.fixed.length > 0);
    assert.ok(
      j.fixed.every((f) => f.file === 'nonebot/.env.prod'),
      JSON.stringify(j.fixed),
    );
    assert.match(
      fs.readFileSync(path.join(root, 'ws/lagrange/appsettings.json'), 'utf8'),
      /"Suffix": "\/onebot\/v11"/,
      'the other file’s own findings are left',
    );
  });

  it('--fix and --fix-dry-run together: a usage error (exit 2)', () => {
    const r = cli(['check', 'ws', '--fix', '--fix-dry-run'], copyOf('broken'));
    assert.equal(r.code, 2);
    assert.match(r.err, /--fix and --fix-dry-run/);
  });
});
