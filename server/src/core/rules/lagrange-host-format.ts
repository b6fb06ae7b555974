import type { Rule } from './types';
import { maskUrl } from '../text/secrets';
import type { Fix, Localized } from '../model';
import { t } from '../l10n';
import { fix, replaceJsonValue } from './lib/edits';
import { fieldOrAnchor, implLabel } from './lib/sides';

/** What is wrong with a Host value for this type, with the corrected value where certain. */
function diagnose(type: string, host: string): { why: Localized; fixed?: string } | undefined {
  const dials = type === 'ReverseWebSocket' || type === 'HttpPost';
  const schemes = type === 'ReverseWebSocket' ? ['ws://', 'wss://'] : type === 'HttpPost' ? ['http://', 'https://'] : [];
  if (host.trim() === '') return { why: t('Host is empty', 'Host 为空'), fixed: '127.0.0.1' };
  if (host !== host.trim()) return { why: t('Host has spaces around it', 'Host 前后有空格'), fixed: host.trim() };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(host);
  let rest = host;
  if (scheme) {
    const s = scheme[0].toLowerCase();
    if (!dials || !schemes.includes(s)) {
      const bare = host.slice(scheme[0].length).replace(/\/.*$/, '');
      return {
        why: dials
          ? t(
              `the ${scheme[0]} prefix is not one Lagrange accepts here (only ${schemes.join(' or ')}), so it prepends its own and the URL breaks`,
              `此处 Lagrange 不接受 ${scheme[0]} 前缀（只接受 ${schemes.join(' 或 ')}），它会再加上自己的前缀，URL 随之出错`,
            )
          : t(`a listener's Host is a name or address, not a URL (${scheme[0]})`, `监听的 Host 应是名称或地址，而不是 URL（${scheme[0]}）`),
        fixed: bare,
      };
    }
    rest = host.slice(scheme[0].length);
  }
  if (/^[0-9a-f:.]*$/i.test(rest) && rest.split('.')[0].split(':').length > 2 /* ≡ ^[0-9a-f]*:[0-9a-f:]*:[0-9a-f:.]*$ without its quadratic backtracking */)
    return { why: t('a bare IPv6 address needs brackets in a URL', 'URL 中的 IPv6 地址需要加方括号'), fixed: `${scheme?.[0] ?? ''}[${rest}]` };
  if (/^(\[[^\]]*\]|[^/:\]]+):\d+/.test(rest)) {
    return {
      why: t('the port belongs in "Port", not in Host (Lagrange appends ":Port")', '端口应写在 "Port" 中，而不是 Host 里（Lagrange 会追加 ":Port"）'),
      fixed: (scheme?.[0] ?? '') + rest.replace(/:\d+.*$/, ''),
    };
  }
  if (/\//.test(rest))
    return {
      why: t(
        'a path belongs in "Suffix", not in Host (Lagrange appends ":Port" after it)',
        '路径应写在 "Suffix" 中，而不是 Host 里（Lagrange 会在其后追加 ":Port"）',
      ),
      fixed: (scheme?.[0] ?? '') + rest.replace(/\/.*$/, ''),
    };
  return undefined;
}

export const rule: Rule = {
  code: 'lagrange-host-format',
  defaultSeverity: 'error',
  scope: 'lagrange',
  title: t('Host is not a plain host name or address', 'Host 不是单纯的主机名或地址'),
  doc: {
    checks:
      "An enabled implementation's `Host` is a host name or address: not empty, no port or path inside it, brackets around IPv6, and a scheme only where Lagrange accepts one (`ws://`/`wss://` for ReverseWebSocket, `http://`/`https://` for HttpPost).",
    why: 'Lagrange builds `$"{Host}:{Port}{Suffix}"` without normalisation: a port or path in Host ends up before `:{Port}`, a bare IPv6 address is ambiguous, an empty Host gives no host. The URL is invalid ("Invalid configuration was detected") and the service never retries, or the listener fails to start.',
    sources: [
      'docs/facts/lagrange.md#url-composition (`Svc/ReverseWSService.cs` L108-130; expected-invalid list), docs/facts/lagrange.md#forward-websocket, docs/facts/lagrange.md#httppost, docs/facts/lagrange.md#http-api-server',
    ],
    example: '"Host": "127.0.0.1:8080"',
    fix: 'Keep only the host in Host; port in Port, path in Suffix; `[::1]` for IPv6.',
  },
  checkLagrange(cfg, ctx) {
    for (const impl of cfg.implementations) {
      if (!impl.enabled || !impl.type) continue;
      const d = diagnose(impl.type, impl.host);
      if (!d) continue;
      const where = fieldOrAnchor(impl, 'Host');
      const label = implLabel(impl);
      const shownFix = d.fixed === undefined ? '' : maskUrl(d.fixed);
      const fixes: Fix[] =
        d.fixed !== undefined && where.node
          ? [
              {
                ...fix(t(`Write "${shownFix}"`, `改为 "${shownFix}"`), [replaceJsonValue(where.node, JSON.stringify(d.fixed))], true),
                ...(shownFix !== d.fixed ? { sensitive: true } : {}),
              },
            ]
          : [];
      ctx.report({
        file: where.file,
        range: where.range,
        message: t(
          `${label.en}: ${d.why.en}. Lagrange cannot build a valid address from Host "${maskUrl(impl.host)}".`,
          `${label.zh}：${d.why.zh}。Lagrange 无法用 Host "${maskUrl(impl.host)}" 构造有效的地址。`,
        ),
        fixes,
      });
    }
  },
};
