import type { Rule } from './types';
import { t } from '../l10n';
import { maskUrlsIn } from '../text/secrets';

export const rule: Rule = {
  code: 'env-syntax',
  defaultSeverity: 'error',
  scope: 'nonebot',
  title: t('A .env line python-dotenv cannot parse (or reads differently by version)', 'python-dotenv 无法解析（或因版本不同而读法不同）的 .env 行'),
  doc: {
    checks:
      "Every `.env` / `.env.*` statement parses with python-dotenv's grammar, and reads the same on every python-dotenv release NoneBot accepts (>=0.21,<2): no byte order mark before the first key, no `KEY=  # comment`, no backslash right before a closing quote. Also flags files that are not UTF-8 text, and a `pyproject.toml` that is not valid TOML.",
    why: 'python-dotenv skips a statement it cannot parse with only a logged warning ("could not parse statement starting at line N"), so the setting silently keeps its default. Releases before 1.2.3 keep a BOM as part of the first key (`\\ufeffENVIRONMENT` is not ENVIRONMENT) and let `\\"` swallow a closing quote after a backslash; releases before 1.2.4 read `KEY=  # comment` as the value `# comment`. A file saved as GBK makes NoneBot stop at startup with UnicodeDecodeError.',
    sources: [
      'python-dotenv `src/dotenv/parser.py` (parse_binding, parse_value), `main.py` (with_warn_for_invalid_lines)',
      'python-dotenv CHANGELOG 1.2.3 (#640 BOM, #680 backslashes in quotes), 1.2.4 (#663 `KEY= # comment`)',
      'nonebot2 `nonebot/config.py` (dotenv_values(..., encoding="utf-8")); docs/facts/nonebot.md#env-file-loading',
    ],
    example: '# .env\nONEBOT_ACCESS_TOKEN="abc"def',
    fix: 'Write `KEY=VALUE`; quote values that contain spaces, quotes or ` #`; put comments on their own line after an empty value; save as UTF-8 without BOM.',
  },
  checkNoneBot(p, ctx) {
    // The readers quote the lines they cannot read: a URL in one (ONEBOT_WS_URLS=…?access_token=…) is masked.
    for (const prob of p.problems)
      ctx.report({ file: prob.file, range: prob.range, message: { en: maskUrlsIn(prob.message.en), zh: maskUrlsIn(prob.message.zh) } });
  },
};
