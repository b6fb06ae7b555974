import type { Rule } from './types';
import { t } from '../l10n';

export const rule: Rule = {
  code: 'json-syntax',
  defaultSeverity: 'error',
  scope: 'lagrange',
  title: t('appsettings.json is not valid JSON for .NET', 'appsettings.json 不是 .NET 可读取的 JSON'),
  doc: {
    checks:
      "The Lagrange config (and its `appsettings.{DOTNET_ENVIRONMENT}.json` overlay) parses as .NET's configuration parses it: JSON with comments and trailing commas allowed and a BOM tolerated. One diagnostic, at the first real error.",
    why: '.NET reads the file at startup and stops on the first syntax error, before anything connects. Comments (`//`, `/* */`) and trailing commas are fine (`CommentHandling.Skip`, `AllowTrailingCommas`), contrary to much advice.',
    sources: ['docs/facts/lagrange.md#loading-and-binding (dotnet/runtime `JsonConfigurationFileParser.cs`)'],
    example: '{\n    "Implementations": [\n        { "Type": "ReverseWebSocket" "Port": 8080 }\n    ]\n}',
    fix: 'Correct the JSON at the reported position.',
  },
  checkLagrange(cfg, ctx) {
    const seen = new Set<string>();
    for (const p of cfg.problems) {
      if (seen.has(p.file)) continue; // one clear message per file
      seen.add(p.file);
      ctx.report({ file: p.file, range: p.range, message: p.message });
    }
  },
};
