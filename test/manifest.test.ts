/** The extension manifest, its translations and the corrected Lagrange schema. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { RULES } from '../server/src/core/rules/index';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const schema = JSON.parse(fs.readFileSync('schemas/lagrange-appsettings.schema.json', 'utf8'));

describe('manifest', () => {
  it('the severity setting lists every rule code (npm run build syncs it)', () => {
    assert.deepEqual(Object.keys(pkg.contributes.configuration.properties['onebotDoctor.rules'].properties), RULES.map((r) => r.code).sort());
  });
  it('the client registers the bundled schema for the dead $schema URL of Lagrange\'s shipped file', () => {
    const client = fs.readFileSync('client/src/extension.ts', 'utf8');
    const shipped = fs.readFileSync('server/src/core/rules/token-mismatch.cases/silent-shipped-defaults/lagrange/appsettings.json', 'utf8');
    const url = /DEAD_SCHEMA_URL = '([^']+)'/.exec(client)![1];
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
  it('every client message has a Chinese translation', () => {
    const src = fs.readFileSync('client/src/extension.ts', 'utf8');
    const bundle = JSON.parse(fs.readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8'));
    const msgs = [...src.matchAll(/l10n\.t\(\s*'([^']+)'/g)].map((m) => m[1]);
    assert.ok(msgs.length >= 3);
    for (const m of msgs) assert.ok(bundle[m], m);
  });
  it('.vscodeignore is an allow-list', () => {
    const lines = fs.readFileSync('.vscodeignore', 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    assert.equal(lines[0], '**');
    assert.ok(lines.slice(1).every((l) => l.startsWith('!')));
  });
});

describe('corrected Lagrange schema', () => {
  // Configured as VS Code's JSON support is once the schema is registered: `json.schemas` maps the dead URL to the
  // corrected schema, and jsonValidation associates files without `$schema`.
  const deadUrl = /DEAD_SCHEMA_URL = '([^']+)'/.exec(fs.readFileSync('client/src/extension.ts', 'utf8'))![1];
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
    const text = fs.readFileSync('server/src/core/rules/token-mismatch.cases/silent-shipped-defaults/lagrange/appsettings.json', 'utf8');
    assert.deepEqual(await problems(text), []);
  });
  it('keys the code reads but the upstream schema lacks are known', async () => {
    const text = '{ "Implementations": [ { "Type": "HttpPost", "Host": "127.0.0.1", "Port": 8082, "Suffix": "/onebot/v11/http", "Secret": "x", "Enable": "false" }, { "Type": "ReverseWebSocket", "Host": "h", "Port": 1, "UseUniversalClient": false, "ApiSuffix": "/api", "EventSuffix": "/event", "IgnoreSslCertificate": true } ] }';
    assert.deepEqual(await problems(text), []);
  });
  it('a wrong Type and an out-of-range Port are flagged', async () => {
    const p = await problems('{ "Implementations": [ { "Type": "ReverseWebsocket", "Port": 70000 } ] }');
    assert.ok(p.length >= 2, p.join('; '));
  });
});
