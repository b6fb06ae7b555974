/**
 * Adapter registration (docs/facts/nonebot.md#adapter-registration) as tables: bot.py forms resolved through imports, pyproject.toml
 * `[tool.nonebot]` forms, and which file decides (bot.py when present, as `python bot.py` and `nb run` both run it).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readAdapters, readBotPyAdapters, onebotVersion } from '../../server/src/core/nonebot/adapters';
import { MemoryFileHost } from '../../server/src/core/memoryHost';

const DIR = path.resolve('/nb');
function host(files: Record<string, string>): MemoryFileHost {
  return new MemoryFileHost(Object.fromEntries(Object.entries(files).map(([k, v]) => [path.join(DIR, k), v])));
}

const V11 = 'nonebot.adapters.onebot.v11';
const V12 = 'nonebot.adapters.onebot.v12';

describe('bot.py: register_adapter resolved through imports', () => {
  const rows: [name: string, text: string, modules: string[], resolved: boolean][] = [
    ['nb-cli template (aliased import)', `from ${V11} import Adapter as ONEBOT_V11Adapter\ndriver.register_adapter(ONEBOT_V11Adapter)`, [V11], true],
    ['plain import of the class', `from ${V11} import Adapter\nnonebot.get_driver().register_adapter(Adapter)`, [V11], true],
    ['module alias', `import ${V11} as v11\ndriver.register_adapter(v11.Adapter)`, [V11], true],
    [
      'from package import module',
      `from nonebot.adapters.onebot import v11, v12\ndriver.register_adapter(v11.Adapter)\ndriver.register_adapter(v12.Adapter)`,
      [V11, V12],
      true,
    ],
    ['from package import module as alias', 'from nonebot.adapters.onebot import v11 as ob11\ndriver.register_adapter(ob11.Adapter)', [V11], true],
    ['full dotted path', `import ${V11}\ndriver.register_adapter(${V11}.Adapter)`, [V11], true],
    ['class from the adapter submodule', `from ${V11}.adapter import Adapter\ndriver.register_adapter(Adapter)`, [V11], true],
    ['parenthesised import list', `from ${V11} import (\n    Bot,\n    Adapter as OB11,\n)\ndriver.register_adapter(OB11)`, [V11], true],
    ['star import', `from ${V11} import *\ndriver.register_adapter(Adapter)`, [V11], true],
    ['keyword argument', `from ${V11} import Adapter\ndriver.register_adapter(adapter=Adapter)`, [V11], true],
    ['call over several lines', `from ${V11} import Adapter\ndriver.register_adapter(\n    Adapter,\n)`, [V11], true],
    ['commented-out registration', `from ${V11} import Adapter\n# driver.register_adapter(Adapter)`, [], true],
    ['commented-out import and registration', `# from ${V11} import Adapter\n# driver.register_adapter(Adapter)\n`, [], true],
    ['registration inside a string', `from ${V11} import Adapter\nx = "driver.register_adapter(Adapter)"`, [], true],
    ['registration inside a docstring', `"""\ndriver.register_adapter(Adapter)\n"""\nfrom ${V11} import Adapter`, [], true],
    ['only V12 registered', `from ${V12} import Adapter as V12\ndriver.register_adapter(V12)`, [V12], true],
    [
      'another adapter',
      'from nonebot.adapters.console import Adapter as ConsoleAdapter\ndriver.register_adapter(ConsoleAdapter)',
      ['nonebot.adapters.console'],
      true,
    ],
    [
      'no registration at all (load_from_toml registers nothing)',
      'import nonebot\nnonebot.init()\nnonebot.load_from_toml("pyproject.toml")\nnonebot.run()',
      [],
      true,
    ],
    ['dynamic registration cannot be read', 'for a in adapters:\n    driver.register_adapter(a)', [], false],
    ['an unknown name cannot be read', 'driver.register_adapter(make_adapter())', [], false],
    ['under `if False:` on one line: never runs', `from ${V11} import Adapter as V11\nif False: driver.register_adapter(V11)`, [], true],
    [
      'under `if 0:` as a block: never runs, its else does',
      `from ${V11} import Adapter as V11\nfrom ${V12} import Adapter as V12\nif 0:\n    driver.register_adapter(V11)\n    x = 1\nelse:\n    driver.register_adapter(V12)`,
      [V12],
      true,
    ],
    [
      'under `while False:`, then live code at the outer level',
      `from ${V11} import Adapter as V11\nwhile False:\n    driver.register_adapter(V11)\ndriver.register_adapter(V11)`,
      [V11],
      true,
    ],
    ['a live `if` on one line', `from ${V11} import Adapter as V11\nif __name__ == "__main__": driver.register_adapter(V11); nonebot.run()`, [V11], true],
    ['two statements joined by ;', `from ${V11} import Adapter as V11; driver.register_adapter(V11)`, [V11], true],
    ['backslash continuation in an import', `from ${V11} \\\n    import Adapter as V11\ndriver.register_adapter(V11)`, [V11], true],
    [
      'raw and prefixed strings hide calls',
      `from ${V11} import Adapter\nx = rb'driver.register_adapter(Adapter)'\ny = f"{driver.register_adapter(Adapter)}"`,
      [],
      true,
    ],
    ['an escaped quote does not end a string', `from ${V11} import Adapter\nx = "a\\" driver.register_adapter(Adapter)"`, [], true],
    ['an unclosed call registers nothing (Python stops with a SyntaxError)', `from ${V11} import Adapter\ndriver.register_adapter(${' '.repeat(50)}`, [], true],
  ];
  for (const [name, text, modules, resolved] of rows) {
    it(name, () => {
      const r = readBotPyAdapters(path.join(DIR, 'bot.py'), text);
      assert.deepEqual(
        r.list.map((a) => a.module),
        modules,
      );
      assert.equal(r.resolved, resolved);
      for (const a of r.list) assert.equal(a.via, 'bot.py');
    });
  }
  it('the range covers the registered expression', () => {
    const r = readBotPyAdapters('/nb/bot.py', `from ${V11} import Adapter as A\ndriver.register_adapter( A )`);
    assert.deepEqual(r.list[0].range, { start: { line: 1, character: 25 }, end: { line: 1, character: 26 } });
    assert.equal(r.list[0].onebot, 'v11');
  });
  const versions: [string, 'v11' | 'v12' | undefined][] = [
    [V11, 'v11'],
    [V12, 'v12'],
    [`${V11}.adapter`, 'v11'],
    ['nonebot.adapters.onebot', undefined],
    ['nonebot.adapters.qq', undefined],
  ];
  for (const [m, v] of versions) it(`onebotVersion(${m})`, () => assert.equal(onebotVersion(m), v));
});

describe('pyproject.toml [tool.nonebot] (no bot.py: nb run registers these)', () => {
  const rows: [name: string, toml: string, modules: string[], known: boolean, ranges?: string[]][] = [
    [
      'new table form',
      `[tool.nonebot]\nplugin_dirs = []\n[tool.nonebot.adapters]\nnonebot-adapter-onebot = [{ name = "OneBot V11", module_name = "${V11}" }]\n"@local" = []\n`,
      [V11],
      true,
      ['4:65-4:92'],
    ],
    ['legacy list form', `[tool.nonebot]\nadapters = [{ name = "OneBot V11", module_name = "${V11}" }]\nplugins = []\n`, [V11], true, ['2:51-2:78']],
    [
      'legacy list over several lines, two adapters',
      `[tool.nonebot]\nadapters = [\n  { name = "OneBot V11", module_name = "${V11}" },\n  { name = "OneBot V12", module_name = '${V12}' },\n]\n`,
      [V11, V12],
      true,
      ['3:41-3:68', '4:41-4:68'],
    ],
    [
      'table form with two packages',
      `[tool.nonebot.adapters]\nnonebot-adapter-onebot = [\n  { name = "OneBot V11", module_name = "${V11}" },\n]\nnonebot-adapter-console = [{ name = "Console", module_name = "nonebot.adapters.console" }]\n`,
      [V11, 'nonebot.adapters.console'],
      true,
    ],
    ['[tool.nonebot] without adapters', '[tool.nonebot]\nplugins = []\n', [], true],
    ['no [tool.nonebot]: unknown', '[project]\nname = "bot"\ndependencies = ["nonebot2"]\n', [], false],
    ['invalid TOML: unknown, one problem', '[tool.nonebot]\nadapters = [{ name = "x", module_name = }]\n', [], false],
  ];
  for (const [name, toml, modules, known, ranges] of rows) {
    it(name, () => {
      const r = readAdapters(DIR, host({ 'pyproject.toml': toml }));
      assert.equal(r.known, known);
      assert.deepEqual(
        r.list.map((a) => a.module),
        modules,
      );
      for (const a of r.list) assert.equal(a.via, 'pyproject');
      if (ranges) {
        assert.deepEqual(
          r.list.map((a) => `${a.range.start.line + 1}:${a.range.start.character + 1}-${a.range.end.line + 1}:${a.range.end.character + 1}`),
          ranges,
        );
      }
      assert.equal(r.problems.length, name.startsWith('invalid') ? 1 : 0);
    });
  }
});

describe('which file decides', () => {
  const toml = `[tool.nonebot]\nadapters = [{ name = "OneBot V11", module_name = "${V11}" }]\n`;
  const rows: [name: string, files: Record<string, string>, known: boolean, modules: string[], sources: string[]][] = [
    ['bot.py alone', { 'bot.py': `from ${V11} import Adapter\ndriver.register_adapter(Adapter)` }, true, [V11], ['bot.py']],
    ['pyproject alone', { 'pyproject.toml': toml }, true, [V11], ['pyproject.toml']],
    [
      'bot.py decides over pyproject (load_from_toml loads plugins only)',
      { 'bot.py': 'import nonebot\nnonebot.init()\nnonebot.load_from_toml("pyproject.toml")\n', 'pyproject.toml': toml },
      true,
      [],
      ['bot.py'],
    ],
    [
      'bot.py that cannot be read statically: unknown, pyproject not used',
      { 'bot.py': 'for a in ADAPTERS:\n    driver.register_adapter(a)\n', 'pyproject.toml': toml },
      false,
      [],
      ['bot.py'],
    ],
    ['neither file: unknown', {}, false, [], []],
  ];
  for (const [name, files, known, modules, sources] of rows) {
    it(name, () => {
      const r = readAdapters(DIR, host(files));
      assert.equal(r.known, known);
      assert.deepEqual(
        r.list.map((a) => a.module),
        modules,
      );
      assert.deepEqual(
        r.sources.map((s) => path.basename(s)),
        sources,
      );
    });
  }
});
