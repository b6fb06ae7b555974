import type { Rule } from './types';
import { t } from '../l10n';
import { fix } from './lib/edits';
import { IMPL_NAMES } from '../impl';

export const rule: Rule = {
  code: 'impl-unknown-key',
  defaultSeverity: 'warning',
  scope: 'implementation',
  title: t('A key the implementation ignores', '实现端会忽略的键'),
  doc: {
    checks:
      "A key in NapCat's, go-cqhttp's or LLOneBot's config that the program does not read: a misspelling, a key at the wrong level (a mis-indented YAML key), a `servers:` entry go-cqhttp does not know. A suggestion is given when one key is close. (Lagrange: `lagrange-unknown-key`.)",
    why: "None of these programs warns about keys it does not read: the value is dropped and the default applies (NapCat's TypeBox schema strips unknown properties, go-cqhttp's YAML decoder ignores unknown fields and unknown server names). A token written under the wrong key leaves auth off; a mis-indented `access-token` is not the server's.",
    sources: [
      'NapNeko/NapCatQQ `packages/napcat-onebot/config/config.ts` (schema; `Value.Parse` fills defaults and drops unknown keys)',
      'Mrs4s/go-cqhttp `modules/config/config.go` (servers decoded by name; other names ignored)',
      'LLOneBot/LuckyLilliaBot `src/common/types.ts`',
    ],
    example: '# config.yml (go-cqhttp)\nservers:\n  - ws-revers:\n      universal: ws://127.0.0.1:8080/onebot/v11/ws',
    fix: 'Rename the key to the one the program reads (the quick fix, when one is close), or move it to the right level.',
  },
  checkImpl(cfg, ctx) {
    const name = IMPL_NAMES[cfg.implementation];
    for (const u of cfg.unknownKeys) {
      const at = u.node.keyRange ?? u.node.valueRange;
      const text = ctx.text(u.node.file);
      let written = '';
      if (text !== undefined && u.node.keyRange) {
        const lines = text.split(/\r\n|\r|\n/);
        const line = lines[at.start.line] ?? '';
        written = at.start.line === at.end.line ? line.slice(at.start.character, at.end.character) : '';
      }
      const quote = /^["']/.test(written) ? written[0] : '';
      const why = u.reason ?? t('', '');
      ctx.report({
        file: u.node.file,
        range: at,
        message: t(
          `${name} does not read "${u.key}": it is ignored silently${why.en ? ` (${why.en})` : ''}.${u.suggestion ? ` Did you mean "${u.suggestion}"?` : ''}`,
          `${name} 不读取 "${u.key}"：它会被静默忽略${why.zh ? `（${why.zh}）` : ''}。${u.suggestion ? `是否应为 "${u.suggestion}"？` : ''}`,
        ),
        fixes:
          u.suggestion && u.node.keyRange && written !== ''
            ? [
                fix(
                  t(`Rename to "${u.suggestion}"`, `重命名为 "${u.suggestion}"`),
                  [{ file: u.node.file, range: at, newText: `${quote}${u.suggestion}${quote}` }],
                  true,
                ),
              ]
            : [],
        tags: ['unnecessary'],
      });
    }
  },
};
