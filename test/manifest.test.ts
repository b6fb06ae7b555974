/** The extension manifest, its translations and the corrected Lagrange schema. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { RULES } from '../server/src/core/rules/index';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const schema = JSON.parse(fs.readFileSync('schemas/lagrange-appsettings.schema.json', 'utf8'));

describe('manifest', () => {
  it('generated files are current, and checking them writes nothing (npm run generate writes them)', () => {
    for (const script of ['scripts/sync-manifest.mjs', 'scripts/gen-rule-index.mjs']) {
      const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${script}: ${r.stderr}`);
    }
    const scripts: Record<string, string> = pkg.scripts;
    for (const name of ['build', 'compile-tests', 'typecheck', 'test'])
      assert.ok(!/sync-manifest|gen-rule-index|generate/.test(scripts[name]), `${name} must not generate: ${scripts[name]}`);
  });
  it('the severity setting lists every rule code (npm run generate syncs it)', () => {
    assert.deepEqual(Object.keys(pkg.contributes.configuration.properties['onebotDoctor.rules'].properties), RULES.map((r) => r.code).sort());
  });
  it("the client registers the bundled schema for the dead $schema URL of Lagrange's shipped file", () => {
    const shipped = fs.readFileSync('test/fixtures/lagrange-default/appsettings.json', 'utf8');
    const url = /DEAD_SCHEMA_URL = '([^']+)'/.exec(fs.readFileSync('client/src/schema.ts', 'utf8'))![1];
    assert.ok(shipped.includes(`"$schema": "${url}"`));
    assert.ok(pkg.contributes.commands.some((c: { command: string }) => c.command === 'onebotDoctor.useCorrectedSchema'));
    assert.ok(fs.readFileSync('.vscodeignore', 'utf8').includes('!schemas/lagrange-appsettings.schema.json'));
  });
  it('every %key% has an English and a Simplified Chinese text', () => {
    const keys = [...JSON.stringify(pkg).matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 5);
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const nls = JSON.parse(fs.readFileSync(file, 'utf8'));
      for (const k of keys) assert.ok(nls[k], `${file}: ${k}`);
    }
  });
  it('every client message has a Chinese translation, and every translation is used', () => {
    const bundle: Record<string, string> = JSON.parse(fs.readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8'));
    const msgs = new Set<string>();
    for (const f of fs.readdirSync('client/src')) {
      const src = fs.readFileSync(path.join('client/src', f), 'utf8');
      // msg('…', …) and plural(n, '…', '…')
      for (const m of src.matchAll(
        /\b(?:msg|plural)\(\s*(?:[\w.]+,\s*)?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")(?:\s*,\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"))?/g,
      )) {
        for (const q of [m[1], m[2]]) if (q) msgs.add(new Function(`return ${q}`)() as string);
      }
      assert.ok(!/vscode\.l10n\.t\(/.test(src) || f === 'l10n.ts', `${f}: use msg() so that onebotDoctor.language applies`);
    }
    assert.ok(msgs.size >= 30, String(msgs.size));
    for (const m of msgs) assert.ok(bundle[m], `no translation: ${m}`);
    for (const k of Object.keys(bundle)) assert.ok(msgs.has(k), `unused translation: ${k}`);
  });
  it('texts read right: plurals, one check mark, the settings title in both languages', () => {
    const bundle: Record<string, string> = JSON.parse(fs.readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8'));
    for (const [en, zh] of Object.entries(bundle)) {
      assert.ok(!/\(s\)/.test(en), `plural: ${en}`);
      assert.ok(!(en.includes('$(check)') && en.includes('✓')) && !(zh.includes('$(check)') && zh.includes('✓')), `doubled check mark: ${en}`);
      assert.equal((en.match(/\{\d\}/g) ?? []).sort().join(), (zh.match(/\{\d\}/g) ?? []).sort().join(), `placeholders: ${en}`);
    }
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json'])
      assert.equal(JSON.parse(fs.readFileSync(file, 'utf8'))['configuration.title'], 'OneBot Link Doctor');
  });
  it('workspace trust and virtual workspaces are declared; the restricted commands are named', () => {
    assert.equal(pkg.capabilities.virtualWorkspaces.supported, false);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const text: string = JSON.parse(fs.readFileSync(file, 'utf8'))[/^%(.+)%$/.exec(pkg.capabilities.untrustedWorkspaces.description)![1]];
      const nls = JSON.parse(fs.readFileSync(file, 'utf8'));
      for (const cmd of ['command.testConnection', 'command.captureHandshake']) assert.ok(text.includes(nls[cmd]), `${file} names ${cmd}`);
    }
  });
  it('activation: the config files of every implementation and framework, nothing that matches any file', () => {
    const events: string[] = pkg.activationEvents;
    const table: [string, string][] = [
      ['Lagrange', 'workspaceContains:**/appsettings.json'],
      ['NapCat', 'workspaceContains:**/config/onebot11*.json'],
      ['NapCat', 'workspaceContains:**/onebot11.json'],
      ['go-cqhttp', 'workspaceContains:**/config.yml'],
      ['LLOneBot', 'workspaceContains:**/LLOneBot/config_*.json'],
      ['NoneBot', 'workspaceContains:**/.env'],
      ['NoneBot', 'workspaceContains:**/bot.py'],
      ['NoneBot', 'workspaceContains:**/pyproject.toml'],
      ['Koishi', 'workspaceContains:**/koishi.yml'],
      ['compose', 'workspaceContains:**/{docker-compose,compose}.{yml,yaml}'],
    ];
    for (const [who, e] of table) assert.ok(events.includes(e), `${who}: ${e}`);
    for (const e of events) assert.ok(!/^\*$|onStartupFinished|\*\*\/\*(?:\.\w+)?$/.test(e), `too broad: ${e}`);
    // Plain paths are checked with one stat each; VS Code gives up a glob search after 7 s (a large or busy tree)
    // without activating, so the usual layouts are also listed as plain paths.
    for (const e of ['workspaceContains:appsettings.json', 'workspaceContains:lagrange/appsettings.json', 'workspaceContains:.env'])
      assert.ok(events.includes(e), e);
  });
  it('Marketplace metadata: icon, repository, bugs, homepage, keywords, categories; the shipped files exist', () => {
    const repo = 'https://github.com/onebot-link-doctor/onebot-link-doctor';
    assert.equal(pkg.repository.url, repo);
    assert.equal(pkg.bugs.url, `${repo}/issues`);
    assert.ok(pkg.homepage.startsWith(repo));
    assert.ok(pkg.keywords.length >= 5 && pkg.categories.includes('Linters'));
    const icon = fs.readFileSync(pkg.icon);
    assert.equal(icon.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
    const allow = fs
      .readFileSync('.vscodeignore', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1));
    const shipped = (f: string) => allow.some((a) => a === f || (a.endsWith('/**') && f.startsWith(a.slice(0, -2))));
    for (const f of [pkg.icon, 'README.md', 'CHANGELOG.md', 'LICENSE']) assert.ok(fs.existsSync(f) && shipped(f), f);
    // Every picture the README shows ships in the package (relative links only: no network needed to read it).
    const readme = fs.readFileSync('README.md', 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(
      images.some((i) => /\.(?:gif|png)$/.test(i) && /anim|capture/.test(i)),
      'an animated capture',
    );
    for (const i of images) assert.ok(!/^https?:/.test(i) && fs.existsSync(i) && shipped(i), i);
    assert.ok(!/allow-missing-repository|skip-license/.test(pkg.scripts.package));
  });
  it('the walkthrough: four steps, pictures that ship, commands that exist', () => {
    const [w] = pkg.contributes.walkthroughs;
    assert.deepEqual(
      w.steps.map((s: { id: string }) => s.id),
      ['openConfigs', 'readFinding', 'applyFix', 'testConnection'],
    );
    const allow = fs.readFileSync('.vscodeignore', 'utf8');
    const commands = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const nls = JSON.parse(fs.readFileSync(file, 'utf8'));
      for (const s of w.steps) {
        assert.ok(fs.existsSync(s.media.image) && allow.includes(`!${path.dirname(s.media.image)}/**`), s.media.image);
        const text: string = nls[/^%(.+)%$/.exec(s.description)![1]];
        for (const m of text.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commands.has(m[1]) || m[1].startsWith('workbench.'), m[1]);
      }
    }
  });
  it('.vscodeignore is an allow-list', () => {
    const lines = fs
      .readFileSync('.vscodeignore', 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    assert.equal(lines[0], '**');
    assert.ok(lines.slice(1).every((l) => l.startsWith('!')));
  });
});

describe('corrected Lagrange schema', () => {
  // Configured as VS Code's JSON support is once the schema is registered: `json.schemas` maps the dead URL to the
  // corrected schema, and jsonValidation associates files without `$schema`.
  const deadUrl = /DEAD_SCHEMA_URL = '([^']+)'/.exec(fs.readFileSync('client/src/schema.ts', 'utf8'))![1];
  const ls = getLanguageService({});
  ls.configure({
    validate: true,
    allowComments: true,
    schemas: [
      { uri: deadUrl, schema },
      { uri: 'lagrange://schema', fileMatch: pkg.contributes.jsonValidation[0].fileMatch, schema },
    ],
  });
  async function problems(text: string) {
    const doc = TextDocument.create('file:///appsettings.json', 'jsonc', 1, text);
    return (await ls.doValidation(doc, ls.parseJSONDocument(doc), { comments: 'ignore', trailingCommas: 'ignore' })).map((d) => d.message);
  }
  it("Lagrange's shipped appsettings.json (with its dead $schema URL) validates, no 'Unable to load schema'", async () => {
    const text = fs.readFileSync('test/fixtures/lagrange-default/appsettings.json', 'utf8');
    assert.deepEqual(await problems(text), []);
  });
  it('keys the code reads but the upstream schema lacks are known', async () => {
    const text =
      '{ "Implementations": [ { "Type": "HttpPost", "Host": "127.0.0.1", "Port": 8082, "Suffix": "/onebot/v11/http", "Secret": "x", "Enable": "false" }, { "Type": "ReverseWebSocket", "Host": "h", "Port": 1, "UseUniversalClient": false, "ApiSuffix": "/api", "EventSuffix": "/event", "IgnoreSslCertificate": true } ] }';
    assert.deepEqual(await problems(text), []);
  });
  async function completions(text: string) {
    const offset = text.indexOf('|');
    const doc = TextDocument.create('file:///appsettings.json', 'jsonc', 1, text.replace('|', ''));
    const list = await ls.doComplete(doc, doc.positionAt(offset), ls.parseJSONDocument(doc));
    return (list?.items ?? []).map((i) => i.label.replace(/"/g, ''));
  }
  it("an ASP.NET Core appsettings.json is not Lagrange's: no problems, no Lagrange completions", async () => {
    const aspnet =
      '{\n  "Logging": { "LogLevel": { "Default": "Information" } },\n  "AllowedHosts": "*",\n  "ConnectionStrings": { "Default": "Server=.;" },\n  "Kestrel": { "Endpoints": { "Http": { "Url": "http://0.0.0.0:5000" } } },\n  |\n}';
    assert.deepEqual(await problems(aspnet.replace('|', '')), []);
    const items = await completions(aspnet);
    for (const k of ['Implementations', 'SignServerUrl', 'Account', 'QrCode']) assert.ok(!items.includes(k), `${k} offered: ${items.join(', ')}`);
  });
  it("Lagrange's config gets its completions (recognised by a top-level Lagrange key)", async () => {
    const items = await completions('{ "Account": { "Uin": 0 }, | }');
    for (const k of ['Implementations', 'SignServerUrl', 'QrCode']) assert.ok(items.includes(k), `${k} missing: ${items.join(', ')}`);
    const inEntry = await completions('{ "Implementations": [ { "Type": "ReverseWebSocket", | } ] }');
    for (const k of ['Suffix', 'AccessToken', 'Secret']) assert.ok(inEntry.includes(k), `${k} missing: ${inEntry.join(', ')}`);
  });
  it('the Suffix text agrees with the ws-path rule, and the Chinese schema differs only in its texts', () => {
    // A fresh copy: the language service resolves references inside the object it is given.
    const en = JSON.parse(fs.readFileSync('schemas/lagrange-appsettings.schema.json', 'utf8'));
    const suffix: string = en.definitions.implementation.properties.Suffix.description;
    assert.ok(suffix.includes('/onebot/v11/ws') && suffix.includes('/onebot/v11/http'));
    const zh = JSON.parse(fs.readFileSync('schemas/lagrange-appsettings.schema.zh-cn.json', 'utf8'));
    const shape = (o: unknown): unknown =>
      Array.isArray(o)
        ? o.map(shape)
        : o && typeof o === 'object'
          ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, k === 'description' || k === 'title' ? typeof v : shape(v)]))
          : o;
    assert.deepEqual(shape(zh), shape(en));
    assert.match(zh.definitions.implementation.properties.Suffix.description, /[\u4e00-\u9fff]/);
    const enNls = JSON.parse(fs.readFileSync('package.nls.json', 'utf8'));
    const zhNls = JSON.parse(fs.readFileSync('package.nls.zh-cn.json', 'utf8'));
    const key = /^%(.+)%$/.exec(pkg.contributes.jsonValidation[0].url)![1];
    assert.deepEqual([enNls[key], zhNls[key]], ['./schemas/lagrange-appsettings.schema.json', './schemas/lagrange-appsettings.schema.zh-cn.json']);
  });
  it('a wrong Type and an out-of-range Port are flagged', async () => {
    const p = await problems('{ "Implementations": [ { "Type": "ReverseWebsocket", "Port": 70000 } ] }');
    assert.ok(p.length >= 2, p.join('; '));
  });
});
