import type { Rule } from './types';
import { t } from '../l10n';
import { fix, related, setEnvSetting } from './lib/edits';
import { DRIVERS } from '../nonebot/keys';

export const rule: Rule = {
  code: 'driver-not-client',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('ONEBOT_WS_URLS is set but NoneBot has no WebSocket client driver', '设置了 ONEBOT_WS_URLS，但 NoneBot 没有 WebSocket 客户端驱动器'),
  doc: {
    checks: '`ONEBOT_WS_URLS` lists forward WebSocket URLs while `DRIVER` has no WebSocket client driver (`~websockets` or `~aiohttp`).',
    why: 'For forward WebSocket NoneBot is the client and dials Lagrange\'s ForwardWebSocket; that needs a driver with the WebSocket client mixin. With `~fastapi` alone the URLs are never dialled.',
    sources: ['nonebot-onebot.md §6 (ONEBOT_WS_URLS), §7 (drivers)', 'lagrange-onebot.md §8 (NoneBot counterpart: `~websockets`/`~aiohttp`)'],
    example: '# .env\nDRIVER=~fastapi\nONEBOT_WS_URLS=["ws://127.0.0.1:8081"]',
    fix: 'Add `~websockets` to DRIVER, e.g. `DRIVER=~fastapi+~websockets`.',
  },
  check(ctx) {
    for (const p of ctx.model.nonebot) {
      if (p.wsUrlList.length === 0 || !p.wsUrls) continue;
      if (p.drivers.some((d) => DRIVERS[d]?.wsClient) || p.drivers.some((d) => !(d in DRIVERS))) continue;
      const d = p.driver;
      const newValue = [...(d.value ?? '').split('+').map((x) => x.trim()).filter((x) => x && x !== '~none'), '~websockets'].join('+');
      const setIt = fix(t(`Set DRIVER=${newValue}`, `设置 DRIVER=${newValue}`), [setEnvSetting(p, 'DRIVER', newValue, ctx.text, d.isDefault ? undefined : d)], true);
      const urls = p.wsUrls.entry!;
      const msg = t(
        `ONEBOT_WS_URLS is set, but DRIVER=${d.value}${d.isDefault ? ' (the default)' : ''} has no WebSocket client (~websockets or ~aiohttp): NoneBot never connects to Lagrange's ForwardWebSocket. Add ~websockets.`,
        `设置了 ONEBOT_WS_URLS，但 DRIVER=${d.value}${d.isDefault ? '（默认值）' : ''} 中没有 WebSocket 客户端（~websockets 或 ~aiohttp）：NoneBot 不会连接 Lagrange 的 ForwardWebSocket。请加入 ~websockets。`,
      );
      if (d.entry) {
        ctx.report({ file: d.entry.file, range: d.entry.valueRange, message: msg, related: urls ? [related(urls.file, urls.valueRange, t('the forward WebSocket URLs', '正向 WebSocket 地址'))] : [], fixes: [setIt] });
      } else if (urls) {
        ctx.report({ file: urls.file, range: urls.valueRange, message: msg, fixes: [setIt] });
      }
    }
  },
};
