import type { Rule } from './types';
import { LAGRANGE_TYPES } from '../model';
import { t } from '../l10n';
import { didYouMean } from '../text/similar';
import { fix, replaceJsonValue, addJsonField } from './lib/edits';
import { implAnchor, implLabel } from './lib/sides';

function guessType(text: string): string | undefined {
  const squashed = text.replace(/[\s_-]/g, '');
  const exactIgnoringCase = LAGRANGE_TYPES.find((x) => x.toLowerCase() === squashed.toLowerCase());
  if (exactIgnoringCase) return exactIgnoringCase;
  const aliases: Record<string, string> = {
    reversews: 'ReverseWebSocket',
    forwardws: 'ForwardWebSocket',
    ws: 'ForwardWebSocket',
    wsreverse: 'ReverseWebSocket',
    httppost: 'HttpPost',
    http: 'Http',
  };
  return aliases[squashed.toLowerCase()] ?? didYouMean(squashed, LAGRANGE_TYPES);
}

export const rule: Rule = {
  code: 'lagrange-unknown-type',
  defaultSeverity: 'error',
  scope: 'lagrange',
  title: t('Implementation Type is not one of the four Lagrange knows; the entry is skipped', '连接条目的 Type 不是 Lagrange 支持的四种之一；该条目会被跳过'),
  doc: {
    checks:
      'Each entry of `Implementations` (or the legacy `Implementation`) resolves, as `config["Type"] ?? section.Key`, to exactly `ReverseWebSocket`, `ForwardWebSocket`, `HttpPost` or `Http` — matched case-sensitively.',
    why: 'Any other value, a different letter case (`ReverseWebsocket`), or a missing `Type` in the array form makes the factory return null: the entry is skipped with no log line, so nothing connects and nothing says why.',
    sources: [
      'docs/facts/lagrange.md#implementations-dispatch (`Core/Network/LagrangeWebSvcCollection.cs` L21-48, `Svc/DefaultLagrangeWebServiceFactory.cs` L11-36)',
    ],
    example: '{ "Type": "ReverseWebsocket", "Host": "127.0.0.1", "Port": 8080 }',
    fix: 'Use one of the four names exactly; the quick fix corrects the spelling.',
  },
  checkLagrange(cfg, ctx) {
    for (const impl of cfg.implementations) {
      if (impl.type || !impl.enabled) continue;
      const typeNode = impl.fields.type;
      const text = impl.typeText ?? '';
      const guess = text ? guessType(text) : undefined;
      const label = implLabel(impl);
      if (typeNode) {
        ctx.report({
          file: typeNode.file,
          range: typeNode.valueRange,
          message: t(
            `Type "${text}" is not one of ReverseWebSocket, ForwardWebSocket, HttpPost, Http (case-sensitive): Lagrange silently skips ${label.en}.${guess ? ` Did you mean "${guess}"?` : ''}`,
            `Type "${text}" 不是 ReverseWebSocket、ForwardWebSocket、HttpPost、Http 之一（区分大小写）：Lagrange 会静默跳过 ${label.zh}。${guess ? `是否应为 "${guess}"？` : ''}`,
          ),
          fixes: guess ? [fix(t(`Change Type to "${guess}"`, `将 Type 改为 "${guess}"`), [replaceJsonValue(typeNode, JSON.stringify(guess))], true)] : [],
        });
      } else {
        const a = implAnchor(impl);
        const add = addJsonField(impl, 'Type', '"ReverseWebSocket"', ctx.text);
        ctx.report({
          file: a.file,
          range: a.range,
          message: t(
            `${label.en} has no "Type" and its key "${impl.sectionKey}" is not a type name: Lagrange silently skips it. Add "Type": "ReverseWebSocket" (or ForwardWebSocket, HttpPost, Http).`,
            `${label.zh} 没有 "Type"，其键名 "${impl.sectionKey}" 也不是类型名：Lagrange 会静默跳过它。请添加 "Type": "ReverseWebSocket"（或 ForwardWebSocket、HttpPost、Http）。`,
          ),
          fixes: add ? [fix(t('Add "Type": "ReverseWebSocket"', '添加 "Type": "ReverseWebSocket"'), [add])] : [],
        });
      }
    }
  },
};
