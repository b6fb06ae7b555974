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
    checks: "NoneBot's `HOST` is an IPv4 or IPv6 address.",
    why: 'HOST is an `IPvAnyAddress` field: `localhost` or any host name fails validation at startup ("value is not a valid IPv4 or IPv6 address") and NoneBot does not start.',
    sources: ['nonebot-onebot.md §7 (HOST), §10 (nonebot/nb-cli#79)'],
    example: '# .env\nHOST=localhost',
    fix: '`HOST=127.0.0.1` for the same machine, `HOST=0.0.0.0` to accept other hosts and containers.',
  },
  check(ctx) {
    for (const p of ctx.model.nonebot) {
      for (const f of p.envFiles) {
        for (const e of f.entries) {
          if (e.key.toUpperCase() !== 'HOST' || e.value === undefined) continue;
          const v = e.value.trim();
          if (isIP(v)) continue;
          const local = /^localhost$/i.test(v) || v === '';
          ctx.report({
            file: e.file,
            range: e.valueRange,
            message: t(
              `HOST must be an IP address; "${v}" fails NoneBot's validation at startup ("value is not a valid IPv4 or IPv6 address"). Use ${local ? '127.0.0.1' : '0.0.0.0 or the IP itself'}.`,
              `HOST 必须是 IP 地址；"${v}" 会在 NoneBot 启动时校验失败（"value is not a valid IPv4 or IPv6 address"）。请使用 ${local ? '127.0.0.1' : '0.0.0.0 或该 IP 本身'}。`,
            ),
            fixes: [
              fix(t('Use HOST=127.0.0.1', '使用 HOST=127.0.0.1'), [replaceEnvValue(e, '127.0.0.1')], local),
              fix(t('Use HOST=0.0.0.0 (all interfaces)', '使用 HOST=0.0.0.0（所有网卡）'), [replaceEnvValue(e, '0.0.0.0')]),
            ],
          });
        }
      }
    }
  },
};
