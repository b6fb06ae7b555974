import type { Rule } from './types';
import { t } from '../l10n';
import { fix, replaceJsonValue } from './lib/edits';
import { fieldOrAnchor, implLabel } from './lib/sides';
import { isLoopbackHost } from '../link/urls';

export const rule: Rule = {
  code: 'lagrange-exposed',
  defaultSeverity: 'warning',
  scope: 'lagrange',
  title: t('A Lagrange server listens beyond this machine without a token', 'Lagrange 的服务端在本机以外监听且没有令牌'),
  doc: {
    checks: 'An enabled ForwardWebSocket or Http entry listens on `*`, `+`, `0.0.0.0` or a non-loopback host with no or an empty `AccessToken`.',
    why: 'With an empty token Lagrange accepts every client. Anyone who reaches the port can read all messages and send as the QQ account (ForwardWebSocket, Http API).',
    sources: ['docs/facts/lagrange.md#forward-websocket (auth: empty/null AccessToken → accept), docs/facts/lagrange.md#http-api-server'],
    example: '{ "Type": "ForwardWebSocket", "Host": "0.0.0.0", "Port": 8081, "AccessToken": "" }',
    fix: 'Set an `AccessToken` (and the same token in NoneBot), or listen on `127.0.0.1` only.',
  },
  checkLagrange(cfg, ctx) {
    for (const impl of cfg.implementations) {
      if (!impl.enabled || (impl.type !== 'ForwardWebSocket' && impl.type !== 'Http')) continue;
      if (impl.accessToken) continue;
      const host = impl.host.trim();
      if (host === '' || isLoopbackHost(host)) continue;
      const where = fieldOrAnchor(impl, 'Host');
      const label = implLabel(impl);
      ctx.report({
        file: where.file,
        range: where.range,
        message: t(
          `${label.en} listens on "${host}" with no AccessToken: anyone who can reach port ${impl.port ?? '?'} can read every message and act as this QQ account. Set an AccessToken or listen on 127.0.0.1.`,
          `${label.zh} 在 "${host}" 上监听且没有 AccessToken：任何能访问端口 ${impl.port ?? '?'} 的人都能读取所有消息并以此 QQ 账号操作。请设置 AccessToken，或只监听 127.0.0.1。`,
        ),
        fixes: where.node ? [fix(t('Listen on 127.0.0.1 only', '只监听 127.0.0.1'), [replaceJsonValue(where.node, '"127.0.0.1"')])] : [],
      });
    }
  },
};
