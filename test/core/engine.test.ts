import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FileHost, WorkspaceModel } from '../../server/src/core/model';
import { runRules, parseDirective } from '../../server/src/core/rules/engine';
import type { Rule } from '../../server/src/core/rules/types';

const model: WorkspaceModel = { roots: [], implementations: [], lagrange: [], nonebot: [], koishi: [], links: [] };
const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 3 } });

function fakeRule(code: string, lines: number[], opts: Partial<Rule> = {}): Rule {
  return {
    code,
    defaultSeverity: 'warning',
    scope: 'nonebot',
    title: { en: code, zh: code },
    doc: { checks: '', why: '', sources: [], example: '', fix: '' },
    check(ctx) {
      for (const l of lines) ctx.report({ file: '/ws/.env', range: at(l), message: { en: `${code}@${l}`, zh: `${code}@${l}` } });
    },
    ...opts,
  };
}

const envText = ['A=1', '# onebot-doctor-disable-next-line alpha', 'B=2', '#onebot-doctor-disable-next-line', 'C=3', 'D=4'].join('\n');
const host: FileHost = { readFile: (p) => (p === '/ws/.env' ? envText : undefined), readDir: () => [] };

describe('rule engine', () => {
  it('applies default severities and sorts by position', () => {
    const r = runRules(model, { rules: [fakeRule('beta', [5, 0]), fakeRule('alpha', [0], { defaultSeverity: 'error' })] });
    assert.deepEqual(
      r.findings.map((f) => `${f.code}:${f.severity}:${f.range.start.line}`),
      ['alpha:error:0', 'beta:warning:0', 'beta:warning:5'],
    );
  });

  const severityRows: [Record<string, string>, string[]][] = [
    [{ alpha: 'off' }, ['beta:warning']],
    [{ alpha: 'hint' }, ['alpha:hint', 'beta:warning']],
    [{ old: 'error' }, ['alpha:warning', 'beta:error']],
    [{ alpha: 'loud' }, ['alpha:warning', 'beta:warning']],
    [{ unknown: 'off' }, ['alpha:warning', 'beta:warning']],
  ];
  for (const [sev, want] of severityRows) {
    it(`severities ${JSON.stringify(sev)}`, () => {
      const r = runRules(model, {
        rules: [fakeRule('alpha', [0]), fakeRule('beta', [0], { aliases: ['old'] })],
        severities: sev as never,
      });
      assert.deepEqual(
        r.findings.map((f) => `${f.code}:${f.severity}`),
        want,
      );
    });
  }

  it('honours disable-next-line comments, by code and for all codes', () => {
    const r = runRules(model, { rules: [fakeRule('alpha', [0, 2, 4, 5]), fakeRule('beta', [2])], host });
    assert.deepEqual(
      r.findings.map((f) => `${f.code}@${f.range.start.line}`),
      ['alpha@0', 'beta@2', 'alpha@5'],
    );
  });

  it('isolates a failing rule: logged as a failure, the others still report', () => {
    const r = runRules(model, {
      rules: [
        fakeRule('good', [0]),
        fakeRule('bad', [], {
          check: () => {
            throw new Error('boom');
          },
        }),
      ],
    });
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ['good'],
    );
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0].code, 'bad');
    assert.match(r.failures[0].error, /boom/);
  });

  const directiveRows: [string, string[] | undefined][] = [
    ['// onebot-doctor-disable-next-line token-mismatch', ['token-mismatch']],
    ['  # onebot-doctor-disable-next-line a, b c', ['a', 'b', 'c']],
    ['# onebot-doctor-disable-next-line', []],
    ['# onebot-doctor-disable-next-line ws-path -- path is proxied', ['ws-path']],
    ['A=1 # onebot-doctor-disable-next-line', undefined],
    ['# onebot-doctor-disable-next-lines x', undefined],
  ];
  for (const [line, want] of directiveRows) it(`directive ${JSON.stringify(line)}`, () => assert.deepEqual(parseDirective(line), want));
});
