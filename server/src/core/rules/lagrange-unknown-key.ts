import type { Rule } from './types';
import type { ConfigNode } from '../model';
import { t } from '../l10n';
import { didYouMean } from '../text/similar';
import { fix } from './lib/edits';
import { implLabel } from './lib/sides';
import { IMPLEMENTATION_FIELDS, LEGACY_IMPLEMENTATION_KEYS, TOP_LEVEL_KEYS } from '../lagrange/keys';

export const rule: Rule = {
  code: 'lagrange-unknown-key',
  defaultSeverity: 'warning',
  scope: 'lagrange',
  title: t('Key that Lagrange does not read', 'Lagrange 不读取的键'),
  doc: {
    checks:
      'Keys of an implementation entry, of the top level, and of `Account`, `Message`, `QrCode` and `ConfigPath` are ones Lagrange.OneBot binds (matched case-insensitively). `Logging` is free-form and not checked.',
    why: '`config.Bind(options)` ignores unknown keys silently: a misspelt `AcessToken` leaves the token unset, a `Suffix` on a ForwardWebSocket entry does nothing. Keys valid for another Type, and legacy keys read nowhere (`Timeout`, `EventEnabled`, `Account.Password`), are named as such.',
    sources: [
      'docs/facts/lagrange.md#loading-and-binding (top-level keys), docs/facts/lagrange.md#per-type-fields (`Opt/*.cs`), docs/facts/lagrange.md#default-configuration-file (legacy keys read nowhere)',
    ],
    example: '{ "Type": "ReverseWebSocket", "AcessToken": "s3cret" }',
    fix: 'Rename it to the suggested key, or remove it.',
  },
  check(ctx) {
    for (const cfg of ctx.model.lagrange) {
      const implPaths = new Map(cfg.implementations.map((i) => [i.node.path.toLowerCase(), i])); // by path: no scan per key
      for (const n of cfg.nodes) {
        if (!n.keyRange) continue;
        const parts = n.path.split(':');
        const parent = parts.slice(0, -1).join(':').toLowerCase();
        if (parts.length === 1) {
          if (Object.keys(TOP_LEVEL_KEYS).some((k) => k.toLowerCase() === n.key.toLowerCase())) continue;
          report(n, Object.keys(TOP_LEVEL_KEYS), t('top-level key', '顶层键'));
        } else if (parts.length === 2 && ['account', 'message', 'qrcode', 'configpath'].includes(parent)) {
          const section = Object.entries(TOP_LEVEL_KEYS).find(([k]) => k.toLowerCase() === parent)![1];
          const names = (section as readonly { name: string }[]).map((s) => s.name);
          if (names.some((x) => x.toLowerCase() === n.key.toLowerCase())) continue;
          report(n, names, t(`key of ${parts[0]}`, `${parts[0]} 中的键`));
        } else if (implPaths.has(parent)) {
          const impl = implPaths.get(parent)!;
          const lower = n.key.toLowerCase();
          const field = IMPLEMENTATION_FIELDS.find((f) => f.name.toLowerCase() === lower);
          const label = implLabel(impl);
          if (field) {
            if (!impl.type || field.types.includes(impl.type)) continue;
            ctx.report({
              file: n.file,
              range: n.keyRange,
              message: t(
                `${field.name} is read only for ${field.types.join(', ')}: ${label.en} ignores it.`,
                `${field.name} 只对 ${field.types.join('、')} 生效：${label.zh} 会忽略它。`,
              ),
              tags: ['unnecessary'],
            });
            continue;
          }
          const legacy = LEGACY_IMPLEMENTATION_KEYS[lower];
          if (legacy) {
            ctx.report({ file: n.file, range: n.keyRange, message: legacy, tags: ['unnecessary'] });
            continue;
          }
          const names = IMPLEMENTATION_FIELDS.filter((f) => !impl.type || f.types.includes(impl.type)).map((f) => f.name);
          report(n, names.length ? names : IMPLEMENTATION_FIELDS.map((f) => f.name), t(`key of ${label.en}`, `${label.zh} 中的键`));
        }
      }
    }

    function report(n: ConfigNode, candidates: string[], what: { en: string; zh: string }) {
      const guess = didYouMean(n.key, candidates);
      ctx.report({
        file: n.file,
        range: n.keyRange!,
        message: t(
          `Lagrange does not read the ${what.en} "${n.key}": it is ignored silently.${guess ? ` Did you mean "${guess}"?` : ''}`,
          `Lagrange 不读取${what.zh} "${n.key}"：它会被静默忽略。${guess ? `是否应为 "${guess}"？` : ''}`,
        ),
        fixes: guess
          ? [fix(t(`Rename to "${guess}"`, `重命名为 "${guess}"`), [{ file: n.file, range: n.keyRange!, newText: JSON.stringify(guess) }], true)]
          : [],
      });
    }
  },
};
