import type { Rule } from './types';
import { t } from '../l10n';
import { fix, replaceJsonValue } from './lib/edits';
import { implLabel } from './lib/sides';

export const rule: Rule = {
  code: 'lagrange-enable-bool',
  defaultSeverity: 'warning',
  scope: 'lagrange',
  title: t('"Enable": false does not disable the entry', '"Enable": false 不会禁用该条目'),
  doc: {
    checks:
      'An implementation has `"Enable"` set to something other than the string `"false"` that looks like an attempt to disable it (JSON `false`, `"False"`, `"no"`, `0`).',
    why: 'Lagrange skips an entry only when `section["Enable"] == "false"`, an ordinal string comparison. .NET stores JSON `false` as the string "False", which is not equal: the entry stays enabled.',
    sources: ['docs/facts/lagrange.md#enable-quirk (`LagrangeWebSvcCollection.cs`)', 'Docker.md in Lagrange.Core (`Implementations__1__Enable=false`)'],
    example: '{ "Type": "ForwardWebSocket", "Enable": false, "Port": 8081 }',
    fix: 'Write the string: `"Enable": "false"` (the preferred quick fix).',
  },
  checkLagrange(cfg, ctx) {
    for (const impl of cfg.implementations) {
      const node = impl.fields.enable;
      if (!node || node.value === 'false') continue;
      const v = (node.value ?? '').trim().toLowerCase();
      if (!['false', '0', 'no', 'off', 'disabled', 'disable'].includes(v)) continue;
      const label = implLabel(impl);
      ctx.report({
        file: node.file,
        range: node.valueRange,
        message: t(
          `Lagrange reads this as "${node.value}", and only the exact string "false" disables an entry: ${label.en} stays enabled. Write "Enable": "false".`,
          `Lagrange 会把它读作 "${node.value}"，而只有字符串 "false" 才能禁用条目：${label.zh} 仍然启用。请写成 "Enable": "false"。`,
        ),
        fixes: [fix(t('Write "Enable": "false"', '改为 "Enable": "false"'), [replaceJsonValue(node, '"false"')], true)],
      });
    }
  },
};
