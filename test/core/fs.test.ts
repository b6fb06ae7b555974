/**
 * The real file system, hostile: FIFOs, devices, /proc entries, folders named like files, symbolic-link loops, a
 * sparse multi-gigabyte file, an unreadable file, a symlinked project folder and a file swapped for a FIFO between
 * discovery and read. None may block, crash or be read whole; each is reported on itself or skipped for a reason,
 * and the linked pair beside them keeps its findings. The CLI runs in a child process with a timeout, so a read
 * that blocks fails the test instead of hanging it.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PAIR } from '../fuzz/hostile';
import { analyze, discover, nodeFileHost } from '../../server/src/core/analyze';
import { readBounded, MAX_CONFIG_BYTES } from '../../server/src/core/fs';

const isRoot = process.getuid?.() === 0;
const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

function writePair(root: string, nonebotDir = 'nonebot'): void {
  for (const [rel, text] of Object.entries(PAIR)) {
    const file = path.join(root, rel.replace(/^nonebot\//, `${nonebotDir}/`));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

interface JsonReport {
  diagnostics: { file: string; code: string; severity: string; message: string }[];
}

function check(root: string): { code: number | null; report: JsonReport; err: string } {
  const p = spawnSync(process.execPath, ['dist/cli.js', 'check', root, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
  assert.notEqual(p.signal, 'SIGTERM', 'the check finished (nothing blocked)');
  return { code: p.status, report: JSON.parse(p.stdout || '{"diagnostics":[]}') as JsonReport, err: p.stderr };
}

describe('hostile entries on the real file system', () => {
  let root = '';
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-fs-'));
    writePair(root);
    const nb = path.join(root, 'nonebot');
    if (hasMkfifo) spawnSync('mkfifo', [path.join(nb, '.env.fifo')]);
    fs.symlinkSync('/dev/zero', path.join(nb, '.env.dev'));
    if (fs.existsSync('/proc/self/pagemap')) fs.symlinkSync('/proc/self/pagemap', path.join(nb, '.env.local'));
    fs.mkdirSync(path.join(root, 'other', '.env'), { recursive: true }); // a folder named like a file
    fs.writeFileSync(path.join(root, 'other', '.env', 'note.txt'), 'x');
    fs.symlinkSync('.', path.join(root, 'loop')); // a folder that contains itself
    fs.symlinkSync('.env.self', path.join(nb, '.env.self')); // a link to itself
    const big = path.join(root, 'big', 'appsettings.json');
    fs.mkdirSync(path.dirname(big));
    const fd = fs.openSync(big, 'w');
    fs.ftruncateSync(fd, 3 * 1024 ** 3); // sparse: 3 GB that take no disk
    fs.closeSync(fd);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the run ends, exits 1, keeps the pair and reports each hostile file once', () => {
    const r = check(root);
    assert.equal(r.code, 1, r.err);
    const by = (code: string) =>
      r.report.diagnostics
        .filter((d) => d.code === code)
        .map((d) => d.file)
        .sort();
    assert.deepEqual(by('token-mismatch'), ['lagrange/appsettings.json', 'nonebot/.env']);
    const unreadable = by('file-unreadable');
    const want = [
      'big/appsettings.json',
      'nonebot/.env.dev',
      'nonebot/.env.self',
      ...(hasMkfifo ? ['nonebot/.env.fifo'] : []),
      ...(fs.existsSync('/proc/self/pagemap') ? ['nonebot/.env.local'] : []),
    ].sort();
    assert.deepEqual(unreadable, want);
    for (const d of r.report.diagnostics.filter((x) => x.code === 'file-unreadable')) assert.equal(d.severity, 'error');
  });

  const rows: [name: string, file: () => string, kind: string][] = [
    ['a sparse 3 GB file is refused by its size, unread', () => path.join(root, 'big', 'appsettings.json'), 'too-large'],
    ['a character device is not a regular file', () => path.join(root, 'nonebot', '.env.dev'), 'not-regular'],
    ['a link to itself cannot be read (ELOOP)', () => path.join(root, 'nonebot', '.env.self'), 'unreadable'],
    ['a folder named .env is not read as a file', () => path.join(root, 'other', '.env'), 'not-regular'],
  ];
  if (hasMkfifo) rows.push(['a FIFO without a writer does not block', () => path.join(root, 'nonebot', '.env.fifo'), 'not-regular']);
  if (fs.existsSync('/proc/self/pagemap'))
    rows.push(['/proc/self/pagemap (size 0, endless) stops at the cap', () => path.join(root, 'nonebot', '.env.local'), 'too-large']);
  for (const [name, file, kind] of rows) {
    it(name, () => {
      const r = readBounded(file());
      assert.ok(r && 'issue' in r, 'refused');
      assert.equal(r.issue.kind, kind);
    });
  }

  it('a regular file at the cap is read whole; one byte more is refused', () => {
    const f = path.join(root, 'cap.txt');
    fs.writeFileSync(f, 'a'.repeat(1000));
    assert.deepEqual(readBounded(f, 1000), { text: 'a'.repeat(1000) });
    assert.equal((readBounded(f, 999) as { issue: { kind: string } }).issue.kind, 'too-large');
    assert.ok(MAX_CONFIG_BYTES >= 1024 * 1024);
  });
});

describe('symbolic links and races', () => {
  it('a project folder that is a symbolic link is followed', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-link-'));
    try {
      const ws = path.join(root, 'ws');
      writePair(ws);
      fs.mkdirSync(path.join(root, 'real'));
      fs.renameSync(path.join(ws, 'nonebot'), path.join(root, 'real', 'nonebot'));
      fs.symlinkSync('../real/nonebot', path.join(ws, 'nonebot'));
      const r = analyze([ws], nodeFileHost);
      assert.equal(r.model.nonebot.length, 1);
      assert.equal(r.findings.filter((f) => f.code === 'token-mismatch').length, 2);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('a folder reachable through a link loop is walked once; a link to / is not followed', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-loop-'));
    try {
      writePair(root);
      fs.symlinkSync('..', path.join(root, 'nonebot', 'up'));
      fs.symlinkSync('/', path.join(root, 'all')); // up to a folder that contains the root: not followed
      const d = discover([root], nodeFileHost);
      assert.equal(d.lagrangeFiles.length, 1);
      assert.equal(d.nonebotDirs.length, 1);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('a .env swapped for a FIFO between discovery and read is reported, not read', { skip: !hasMkfifo && 'mkfifo is not installed' }, () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-race-'));
    try {
      writePair(root);
      fs.writeFileSync(path.join(root, 'nonebot', '.env.prod'), 'PORT=8080\n');
      const discovery = discover([root], nodeFileHost);
      const swapped = path.join(root, 'nonebot', '.env.prod');
      fs.unlinkSync(swapped);
      spawnSync('mkfifo', [swapped]);
      const r = analyze([root], nodeFileHost, { discovery });
      const f = r.findings.filter((x) => x.code === 'file-unreadable');
      assert.deepEqual(
        f.map((x) => x.file),
        [swapped],
      );
      assert.equal(r.findings.filter((x) => x.code === 'token-mismatch').length, 2);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('an unreadable file (mode 000) is reported and check exits 1', { skip: isRoot && 'root reads any file: the mode cannot make it unreadable' }, () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'obd-perm-'));
    try {
      writePair(root);
      const f = path.join(root, 'nonebot', '.env.prod');
      fs.writeFileSync(f, 'PORT=8080\n');
      fs.chmodSync(f, 0);
      const r = analyze([root], nodeFileHost);
      assert.deepEqual(
        r.findings.filter((x) => x.code === 'file-unreadable').map((x) => x.file),
        [f],
      );
      assert.match(r.findings.find((x) => x.code === 'file-unreadable')!.message.en, /EACCES/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
