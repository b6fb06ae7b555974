/**
 * The language server's incremental analysis: after every edit of a sequence it equals a fresh `analyze` of the same
 * files, while re-parsing only what the edit changed and re-running only the rules that read what changed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, discover } from '../../server/src/core/analyze';
import { ParseCache } from '../../server/src/core/cache';
import { MemoryFileHost } from '../../server/src/core/memoryHost';
import { RULES } from '../../server/src/core/rules';
import type { SeverityOverride } from '../../server/src/core/rules/engine';
import { IncrementalAnalysis } from '../../server/src/lsp/incremental';
import { WorkspaceFiles } from '../../server/src/lsp/host';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

const root = path.resolve('/ws');
const lag = path.join(root, 'lagrange/appsettings.json');
const overlay = path.join(root, 'lagrange/appsettings.Production.json');
const env = path.join(root, 'nonebot/.env');
const prod = path.join(root, 'nonebot/.env.prod');
const dev = path.join(root, 'nonebot/.env.dev');
const example = (rel: string) => fs.readFileSync(path.join('examples/broken', rel), 'utf8');

/** The rules that read only the Lagrange side: an edit of a .env never re-runs them. */
const LAGRANGE_ONLY = RULES.filter((r) => r.scope === 'lagrange').length;

interface Row {
  name: string;
  edit: (h: MemoryFileHost) => void;
  severities?: Record<string, SeverityOverride>;
  /** Parses and reader results made again (cache misses). */
  misses: number;
  /** At least this many rules' findings reused. */
  reusedAtLeast: number;
}

const rows: Row[] = [
  { name: 'first analysis: everything is read', edit: () => undefined, misses: 7, reusedAtLeast: 0 },
  { name: 'nothing changed: nothing is parsed again', edit: () => undefined, misses: 0, reusedAtLeast: LAGRANGE_ONLY },
  {
    name: 'a token typed in .env.prod: that file and its project',
    edit: (h) => h.set(prod, example('nonebot/.env.prod').replace('MyS3cretToken', 'other')),
    misses: 2,
    reusedAtLeast: LAGRANGE_ONLY,
  },
  {
    name: 'the access-token key renamed',
    edit: (h) => h.set(prod, example('nonebot/.env.prod').replace('ONE_BOT_ACCESS_TOKEN', 'ONEBOT_ACCESS_TOKEN')),
    misses: 2,
    reusedAtLeast: LAGRANGE_ONLY,
  },
  {
    name: 'appsettings.json edited: that file and its config',
    edit: (h) => h.set(lag, example('lagrange/appsettings.json').replace('"Suffix": "/onebot/v11"', '"Suffix": "/onebot/v11/ws"')),
    misses: 2,
    reusedAtLeast: 1,
  },
  {
    name: 'a disable comment in appsettings.json',
    edit: (h) =>
      h.set(
        lag,
        h
          .readFile(lag)!
          .replace('            "Host": "0.0.0.0",', '            // onebot-doctor-disable-next-line lagrange-exposed\n            "Host": "0.0.0.0",'),
      ),
    misses: 2,
    reusedAtLeast: 1,
  },
  {
    name: 'an overlay appears beside appsettings.json',
    edit: (h) => h.set(overlay, '{ "Implementations": [ { "Type": "ReverseWebSocket", "Port": 9090 } ] }'),
    misses: 2,
    reusedAtLeast: 1,
  },
  { name: 'the overlay is deleted', edit: (h) => h.delete(overlay), misses: 1, reusedAtLeast: 1 },
  {
    name: '.env.dev deleted: the project is read again, its other files are not parsed again',
    edit: (h) => h.delete(dev),
    misses: 1,
    reusedAtLeast: LAGRANGE_ONLY,
  },
  { name: 'ENVIRONMENT switched in .env', edit: (h) => h.set(env, 'ENVIRONMENT=dev\nDRIVER=~fastapi\n'), misses: 2, reusedAtLeast: LAGRANGE_ONLY },
  {
    name: 'a setting changes: every rule runs again, nothing is parsed',
    edit: () => undefined,
    severities: { 'lagrange-protocol': 'off', 'ws-path': 'hint' },
    misses: 0,
    reusedAtLeast: 0,
  },
  { name: 'binary appsettings.json', edit: (h) => h.set(lag, '{"Implementations": [\u0000\u0001'), misses: 2, reusedAtLeast: 0 },
];

describe('incremental analysis equals a fresh analysis after every edit', () => {
  const h = new MemoryFileHost();
  for (const rel of ['lagrange/appsettings.json', 'nonebot/.env', 'nonebot/.env.dev', 'nonebot/.env.prod', 'nonebot/bot.py', 'nonebot/pyproject.toml'])
    h.set(path.join(root, rel), example(rel));
  const cache = new ParseCache();
  const inc = new IncrementalAnalysis(cache);
  let severities: Record<string, SeverityOverride> | undefined;
  for (const row of rows) {
    it(row.name, () => {
      row.edit(h);
      if (row.severities) severities = row.severities;
      const misses = cache.misses;
      const discovery = discover([root], h);
      const got = inc.analyze([root], h, { discovery, severities });
      const want = analyze([root], h, { severities });
      assert.deepEqual(got.findings, want.findings);
      assert.deepEqual(got.failures, want.failures);
      assert.deepEqual(got.model, want.model);
      assert.equal(cache.misses - misses, row.misses, 'parses and reads made again');
      assert.ok(inc.reused >= row.reusedAtLeast, `reused ${inc.reused}, ran ${inc.ran}`);
      assert.equal(inc.reused + inc.ran, RULES.length);
    });
  }
});

describe("the server's disk cache: a file or folder is read again when it changes", () => {
  it('table: what each read returns after each change', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onebot-files-'));
    const file = path.join(dir, '.env');
    const docs = new TextDocuments(TextDocument);
    const files = new WorkspaceFiles(docs);
    try {
      const rows: { name: string; act: () => void; text: string | undefined; entries: string[] | undefined; sameAnalysis?: boolean }[] = [
        { name: 'missing', act: () => undefined, text: undefined, entries: [] },
        {
          name: 'created (the watcher reports it)',
          act: () => {
            fs.writeFileSync(file, 'A=1\n');
            files.forget(file);
          },
          text: 'A=1\n',
          entries: ['.env'],
        },
        // A longer text: a new size, whatever the clock's resolution.
        { name: 'rewritten', act: () => fs.writeFileSync(file, 'A=22\n'), text: 'A=22\n', entries: ['.env'] },
        {
          name: 'a watcher reports a same-size rewrite',
          act: () => {
            fs.writeFileSync(file, 'A=33\n');
            files.forget(file);
          },
          text: 'A=33\n',
          entries: ['.env'],
        },
        // Within one analysis a file keeps the text it was first read with (one state of the folder per analysis).
        { name: 'rewritten during an analysis', act: () => fs.writeFileSync(file, 'A=4444\n'), text: 'A=33\n', entries: ['.env'], sameAnalysis: true },
        { name: 'the next analysis', act: () => undefined, text: 'A=4444\n', entries: ['.env'] },
        {
          name: 'deleted (the watcher reports it)',
          act: () => {
            fs.rmSync(file);
            files.forget(file);
          },
          text: undefined,
          entries: [],
        },
      ];
      for (const r of rows) {
        r.act();
        if (!r.sameAnalysis) files.newRound();
        assert.equal(files.readFile(file), r.text, r.name);
        assert.deepEqual(
          files.readDir(dir)?.map((e) => e.name),
          r.entries,
          r.name,
        );
      }
      assert.equal(files.readDir(path.join(dir, 'nowhere')), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
