import type { Rule } from './types';
import { t } from '../l10n';
import { related } from './lib/edits';

export const rule: Rule = {
  code: 'lagrange-duplicate-key',
  defaultSeverity: 'error',
  scope: 'lagrange',
  title: t('Two keys differ only in letter case', '两个键只有大小写不同'),
  doc: {
    checks: 'No JSON object of the Lagrange config holds the same key twice, compared ignoring case (`"Port"` and `"port"`).',
    why: ".NET configuration keys are case-insensitive; the JSON provider throws `FormatException: A duplicate key '…' was found` while loading, and Lagrange does not start.",
    sources: ['docs/facts/lagrange.md#loading-and-binding (keys case-insensitive, `StringComparer.OrdinalIgnoreCase`; duplicate → FormatException at startup)'],
    example: '{ "Type": "ReverseWebSocket", "Port": 8080, "port": 8081 }',
    fix: 'Keep one of them.',
  },
  checkLagrange(cfg, ctx) {
    for (const [first, second] of cfg.duplicateKeys) {
      ctx.report({
        file: second.file,
        range: second.keyRange ?? second.valueRange,
        message: t(
          `"${second.key}" repeats "${first.key}" (keys are case-insensitive): .NET stops loading the file with "A duplicate key '${second.path}' was found" and Lagrange does not start.`,
          `"${second.key}" 与 "${first.key}" 重复（键不区分大小写）：.NET 加载文件时会报错 "A duplicate key '${second.path}' was found"，Lagrange 无法启动。`,
        ),
        related: [related(first.file, first.keyRange ?? first.valueRange, t('first occurrence', '第一次出现'))],
      });
    }
  },
};
