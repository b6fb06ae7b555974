import type { Rule } from './types';
import { t } from '../l10n';
import { fix, replaceEnvValue } from './lib/edits';
import { isIP } from 'node:net';

export const rule: Rule = {
  code: 'env-host-localhost',
  defaultSeverity: 'error',
  scope: 'nonebot',
  title: t('HOST must be an IP address', 'HOST 必须是 IP 地址'),
  doc: {
    checks: 'The `HOST` NoneBot uses (the effective value: `.env.{ENVIRONMENT}` over `.env`) is an IPv4 or IPv6 address.',
    why: 'HOST is an `IPvAnyAddress` field of the core Config: `localhost`, a host name or an empty value fails validation at startup ("value is not a valid IPv4 or IPv6 address") and NoneBot does not start, so Lagrange\'s connection is refused.',
    sources: [
      'docs/facts/nonebot.md#core-settings-and-drivers (HOST), docs/facts/nonebot.md#known-failure-reports (nonebot/nb-cli#79)',
      'nonebot2 `nonebot/config.py` (`host: IPvAnyAddress = IPv4Address("127.0.0.1")`)',
    ],
    example: '# .env\nHOST=localhost',
    fix: '`HOST=127.0.0.1` for the same machine, `HOST=0.0.0.0` to accept other hosts and containers.',
  },
  checkNoneBot(p, ctx) {
    const e = p.host.entry;
    if (!e || e.value === undefined || isIP(e.value)) return;
    const v = e.value;
    const local = /^localhost$/i.test(v.trim()) || v.trim() === '';
    ctx.report({
      file: e.file,
      range: e.valueRange,
      message: t(
        `HOST must be an IP address; "${v}" fails NoneBot's validation at startup ("value is not a valid IPv4 or IPv6 address") and NoneBot does not start. Use ${local ? '127.0.0.1 (same machine) or 0.0.0.0 (all interfaces)' : '0.0.0.0 or the IP address itself'}.`,
        `HOST 必须是 IP 地址；"${v}" 会在 NoneBot 启动时校验失败（"value is not a valid IPv4 or IPv6 address"），NoneBot 无法启动。请使用 ${local ? '127.0.0.1（本机）或 0.0.0.0（所有网卡）' : '0.0.0.0 或该 IP 地址本身'}。`,
      ),
      fixes: [
        fix(t('Use HOST=127.0.0.1', '使用 HOST=127.0.0.1'), [replaceEnvValue(e, '127.0.0.1')], local),
        fix(t('Use HOST=0.0.0.0 (all interfaces)', '使用 HOST=0.0.0.0（所有网卡）'), [replaceEnvValue(e, '0.0.0.0')]),
      ],
    });
  },
};
