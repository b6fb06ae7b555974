import type { Rule } from './types';
import { t } from '../l10n';

export const rule: Rule = {
  code: 'file-unreadable',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('A configuration file that could not be read or analysed', '无法读取或分析的配置文件'),
  doc: {
    checks:
      'Every file the analysis finds (`appsettings*.json`, `.env*`, `bot.py`, `pyproject.toml`) was read and analysed. Reported on the file when it cannot be read (permissions), is larger than 8 MB (an open buffer too), is not a regular file (a named pipe, a device, `/proc` entries behind a symbolic link), nests deeper than .NET reads, or when the language server ran out of its time budget before reaching it.',
    why: 'A file that is skipped silently hides every problem in it, and the program that uses it usually fails on it too: .NET stops at startup on JSON nested more than 64 levels (`JsonDocumentOptions` default `MaxDepth`), NoneBot cannot load a `.env` it cannot open. Each such file costs only itself: every other file and link is still checked, and `onebot-doctor check` exits 1.',
    sources: [
      'dotnet/runtime `src/libraries/System.Text.Json/src/System/Text/Json/Document/JsonDocumentOptions.cs` (`DefaultMaxDepth = 64`)',
      'dotnet/runtime `src/libraries/Microsoft.Extensions.Configuration.Json/src/JsonConfigurationFileParser.cs` (no MaxDepth set)',
    ],
    example: '# nonebot/.env.local is a symbolic link to /proc/self/pagemap, or has mode 000',
    fix: 'Make the file readable and regular, keep it small and shallow, or exclude it (`onebotDoctor.exclude`, `--exclude`).',
  },
  check(ctx) {
    for (const p of ctx.model.fileProblems ?? []) ctx.report({ file: p.file, range: p.range, message: p.message });
  },
};
