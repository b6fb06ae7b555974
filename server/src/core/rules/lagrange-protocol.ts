import type { Rule } from './types';
import { t } from '../l10n';
import { didYouMean } from '../text/similar';
import { fix, replaceJsonValue } from './lib/edits';

const PROTOCOLS = ['Linux', 'Windows', 'MacOs'];

export const rule: Rule = {
  code: 'lagrange-protocol',
  defaultSeverity: 'warning',
  scope: 'lagrange',
  title: t('Account.Protocol other than Linux, Windows or MacOs becomes Linux', 'Account.Protocol 不是 Linux、Windows 或 MacOs 时会被当作 Linux'),
  doc: {
    checks: '`Account.Protocol` is exactly `Linux`, `Windows` or `MacOs`.',
    why: 'Lagrange switches on the exact strings "Windows" and "MacOs"; anything else — `windows`, `macOS`, `Mac` — silently logs in with the Linux protocol, whose sign server and device may differ from what you prepared.',
    sources: ['docs/facts/lagrange.md#loading-and-binding (Account:Protocol switch)'],
    example: '"Account": { "Protocol": "windows" }',
    fix: 'Use the exact spelling (the quick fix corrects it).',
  },
  checkLagrange(cfg, ctx) {
    const node = cfg.protocol;
    if (node?.kind !== 'string' || PROTOCOLS.includes(node.value ?? '')) return;
    const v = node.value ?? '';
    const guess =
      PROTOCOLS.find((p) => p.toLowerCase() === v.toLowerCase().replace(/^macos$/, 'macos')) ??
      didYouMean(v, PROTOCOLS) ??
      (/^mac/i.test(v) ? 'MacOs' : /^win/i.test(v) ? 'Windows' : undefined);
    ctx.report({
      file: node.file,
      range: node.valueRange,
      message: t(
        `Protocol "${v}" is not exactly Linux, Windows or MacOs: Lagrange silently uses Linux.${guess && guess !== 'Linux' ? ` Did you mean "${guess}"?` : ''}`,
        `Protocol "${v}" 不是 Linux、Windows 或 MacOs：Lagrange 会静默使用 Linux。${guess && guess !== 'Linux' ? `是否应为 "${guess}"？` : ''}`,
      ),
      fixes: guess ? [fix(t(`Write "${guess}"`, `改为 "${guess}"`), [replaceJsonValue(node, JSON.stringify(guess))], true)] : [],
    });
  },
};
