import type { Rule } from './types';
import { t } from '../l10n';
import { fix, replaceJsonValue } from './lib/edits';
import { implLabel } from './lib/sides';

export const rule: Rule = {
  code: 'lagrange-suffix-slash',
  defaultSeverity: 'error',
  scope: 'lagrange',
  title: t('Suffix does not start with "/"', 'Suffix 没有以 "/" 开头'),
  doc: {
    checks: 'A ReverseWebSocket or HttpPost `Suffix` (and `ApiSuffix`/`EventSuffix`) that is not empty starts with `/`.',
    why: 'Lagrange builds the URL as `$"{Host}:{Port}{Suffix}"` with no normalisation: `onebot/v11/ws` gives `ws://127.0.0.1:8080onebot/v11/ws`, which is not a valid URL. Lagrange logs "Invalid configuration was detected" once, the service exits and never retries.',
    sources: ['docs/facts/lagrange.md#url-composition (`Svc/ReverseWSService.cs` L108-130), docs/facts/lagrange.md#httppost'],
    example: '"Suffix": "onebot/v11/ws"',
    fix: 'Prefix `/` (the preferred quick fix).',
  },
  checkLagrange(cfg, ctx) {
    for (const impl of cfg.implementations) {
      if (!impl.enabled || (impl.type !== 'ReverseWebSocket' && impl.type !== 'HttpPost')) continue;
      const keys = impl.type === 'ReverseWebSocket' ? ['suffix', 'apisuffix', 'eventsuffix'] : ['suffix'];
      for (const k of keys) {
        const node = impl.fields[k];
        const v = node?.value ?? '';
        if (!node || v === '' || v.startsWith('/')) continue;
        const label = implLabel(impl);
        ctx.report({
          file: node.file,
          range: node.valueRange,
          message: t(
            `${node.key} "${v}" does not start with "/": Lagrange builds "…:${impl.port ?? 0}${v}", an invalid URL, and ${label.en} stops for good ("Invalid configuration was detected"). Write "/${v}".`,
            `${node.key} "${v}" 没有以 "/" 开头：Lagrange 会拼出无效的 URL "…:${impl.port ?? 0}${v}"，${label.zh} 将永久停止（"Invalid configuration was detected"）。请写成 "/${v}"。`,
          ),
          fixes: [fix(t(`Write "/${v}"`, `改为 "/${v}"`), [replaceJsonValue(node, JSON.stringify(`/${v}`))], true)],
        });
      }
    }
  },
};
