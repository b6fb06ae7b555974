import type { Rule } from './types';
import { t } from '../l10n';

export const rule: Rule = {
  code: 'env-syntax',
  defaultSeverity: 'error',
  scope: 'nonebot',
  title: t('A line python-dotenv cannot parse', 'python-dotenv 无法解析的行'),
  doc: {
    checks: "Every `.env` / `.env.*` line parses with python-dotenv's grammar (and `pyproject.toml` parses as TOML). Also flags a byte order mark, which python-dotenv keeps as part of the first key, and binary files.",
    why: 'python-dotenv skips a statement it cannot parse with only a warning ("could not parse statement starting at line N"), so the setting silently keeps its default. A BOM turns the first key into "\\ufeffKEY", which NoneBot does not recognise.',
    sources: ['python-dotenv `src/dotenv/parser.py`, `main.py` (with_warn_for_invalid_lines)', 'nonebot-onebot.md §8.5'],
    example: '# .env\nONEBOT_ACCESS_TOKEN="abc"def',
    fix: 'Write `KEY=VALUE`; quote values that contain spaces, quotes or ` #`; save as UTF-8 without BOM.',
  },
  check(ctx) {
    for (const p of ctx.model.nonebot) {
      for (const prob of p.problems) ctx.report({ file: prob.file, range: prob.range, message: prob.message });
    }
  },
};
