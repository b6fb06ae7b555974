import type { Rule } from './types';
import type { RelatedInfo } from '../model';
import { t } from '../l10n';
import { fix, related, setEnvSetting } from './lib/edits';
import { displayUrl, fromProcessEnvOnly, processEnvNote } from './lib/sides';
import { DRIVERS } from '../nonebot/keys';
import type { RuleContext } from './types';
import type { NoneBotProject } from '../model';

export const rule: Rule = {
  code: 'driver-not-client',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t(
    'ONEBOT_WS_URLS or ONEBOT_API_ROOTS is set but NoneBot has no client driver for it',
    '设置了 ONEBOT_WS_URLS 或 ONEBOT_API_ROOTS，但 NoneBot 没有相应的客户端驱动器',
  ),
  doc: {
    checks:
      '`ONEBOT_WS_URLS` lists forward WebSocket URLs while `DRIVER` has no WebSocket client driver (`~websockets` or `~aiohttp`); or `ONEBOT_API_ROOTS` names HTTP API roots while `DRIVER` has no HTTP client driver (`~httpx` or `~aiohttp`).',
    why: "For forward WebSocket NoneBot is the client and dials Lagrange's ForwardWebSocket; that needs a driver with the WebSocket client mixin. With `~fastapi` alone (NoneBot's default) the adapter logs \"Current driver … don't support forward connections! Ignored\" once and never dials. With HTTP (the implementation posts events, NoneBot calls its HTTP API at `ONEBOT_API_ROOTS`) NoneBot needs an HTTP client driver: with `~fastapi` alone events arrive but every API call, every reply included, raises ApiNotAvailable.",
    sources: [
      'docs/facts/nonebot.md#adapter-settings (ONEBOT_WS_URLS), docs/facts/nonebot.md#core-settings-and-drivers (drivers)',
      'adapter-onebot `nonebot/adapters/onebot/v11/adapter.py` `setup()` (forward connections need a forward/WebSocket-client driver), `_call_api` (no WebSocket for the bot and no HTTP-client driver → `ApiNotAvailable`)',
      'docs/facts/lagrange.md#documentation-and-nonebot-counterpart (NoneBot counterpart: `~websockets`/`~aiohttp`)',
    ],
    example: '# .env\nDRIVER=~fastapi\nONEBOT_WS_URLS=["ws://127.0.0.1:8081"]',
    fix: 'Add `~websockets` (forward WebSocket) or `~httpx` (HTTP API) to DRIVER, e.g. `DRIVER=~fastapi+~httpx+~websockets`.',
  },
  checkNoneBot(p, ctx) {
    checkApiRoots(p, ctx);
    if (p.wsUrlList.length === 0 || !p.wsUrls) return;
    if (p.drivers.some((d) => DRIVERS[d]?.wsClient) || p.drivers.some((d) => !(d in DRIVERS))) return;
    const d = p.driver;
    const { newValue, setIt } = addDriver(p, '~websockets', ctx);
    const fixes = setIt ? [setIt] : [];
    const urls = p.wsUrls.entry;
    const forwards = ctx.model.links.filter((l) => l.kind === 'forward-ws' && l.nonebot === p);
    const lagrangeInfo: RelatedInfo[] = forwards.map((l) => {
      const a = l.impl.anchor;
      return related(a.file, a.range, t(`${l.impl.label.en} waits for NoneBot here`, `${l.impl.label.zh} 在此等待 NoneBot 连接`));
    });
    const envNote = processEnvNote(d);
    const msg = t(
      `ONEBOT_WS_URLS is set, but DRIVER=${d.value}${d.isDefault ? ' (the default)' : ''} has no WebSocket client (~websockets or ~aiohttp): NoneBot never connects to the implementation's forward WebSocket server. Add ~websockets (${newValue}).${envNote.en}`,
      `设置了 ONEBOT_WS_URLS，但 DRIVER=${d.value}${d.isDefault ? '（默认值）' : ''} 中没有 WebSocket 客户端（~websockets 或 ~aiohttp）：NoneBot 不会连接实现端的正向 WebSocket 服务。请加入 ~websockets（${newValue}）。${envNote.zh}`,
    );
    const nbWhere = d.entry ? { file: d.entry.file, range: d.entry.valueRange } : urls ? { file: urls.file, range: urls.valueRange } : undefined;
    if (nbWhere) {
      ctx.report({
        file: nbWhere.file,
        range: nbWhere.range,
        message: msg,
        related: [...(d.entry && urls ? [related(urls.file, urls.valueRange, t('the forward WebSocket URLs', '正向 WebSocket 地址'))] : []), ...lagrangeInfo],
        fixes,
      });
    }
    for (const l of forwards) {
      const a = l.impl.anchor;
      const label = l.impl.label;
      ctx.report({
        file: a.file,
        range: a.range,
        message: t(
          `${label.en} waits for NoneBot to connect, but NoneBot's DRIVER=${d.value}${d.isDefault ? ' (the default)' : ''} has no WebSocket client (~websockets or ~aiohttp), so it never dials ${displayUrl(l.url ?? '')}. Add ~websockets to DRIVER.`,
          `${label.zh} 在等待 NoneBot 连接，但 NoneBot 的 DRIVER=${d.value}${d.isDefault ? '（默认值）' : ''} 中没有 WebSocket 客户端（~websockets 或 ~aiohttp），因此不会连接 ${displayUrl(l.url ?? '')}。请在 DRIVER 中加入 ~websockets。`,
        ),
        related: nbWhere
          ? [
              related(
                nbWhere.file,
                nbWhere.range,
                d.entry ? t("NoneBot's DRIVER", 'NoneBot 的 DRIVER') : t("NoneBot's ONEBOT_WS_URLS", 'NoneBot 的 ONEBOT_WS_URLS'),
              ),
            ]
          : [],
        fixes,
      });
    }
  },
};

/** DRIVER with `driver` added (and `~none` dropped), and the certain fix that sets it where a file can hold it. */
function addDriver(p: NoneBotProject, driver: string, ctx: RuleContext) {
  const d = p.driver;
  const newValue = [
    ...(d.value ?? '')
      .split('+')
      .map((x) => x.trim())
      .filter((x) => x && x !== '~none'),
    driver,
  ].join('+');
  const setIt = fromProcessEnvOnly(d)
    ? undefined
    : fix(t(`Set DRIVER=${newValue}`, `设置 DRIVER=${newValue}`), [setEnvSetting(p, 'DRIVER', newValue, ctx.text, d.isDefault ? undefined : d)], true);
  return { newValue, setIt };
}

/**
 * ONEBOT_API_ROOTS (HTTP API) without an HTTP client driver: NoneBot receives events over HTTP POST but every API call
 * (every reply) raises ApiNotAvailable (adapter-onebot `nonebot/adapters/onebot/v11/adapter.py` `_call_api`: without
 * a WebSocket connection for the bot and without an HTTP-client driver it raises `ApiNotAvailable`).
 */
function checkApiRoots(p: NoneBotProject, ctx: RuleContext): void {
  // The roots as the project read them (nonebot/project.ts; a value that is not a JSON object has none: env-* rules
  // speak about it).
  const roots = p.apiRoots;
  if (!roots?.entry || p.apiRootList.length === 0) return;
  if (p.drivers.some((d) => DRIVERS[d]?.httpClient) || p.drivers.some((d) => !(d in DRIVERS))) return;
  const d = p.driver;
  const { newValue, setIt } = addDriver(p, '~httpx', ctx);
  const envNote = processEnvNote(d);
  const msg = t(
    `${roots.name} is set, but DRIVER=${d.value}${d.isDefault ? ' (the default)' : ''} has no HTTP client (~httpx or ~aiohttp): events posted over HTTP arrive, but every API call — every reply — fails with ApiNotAvailable. Add ~httpx (${newValue}).${envNote.en}`,
    `设置了 ${roots.name}，但 DRIVER=${d.value}${d.isDefault ? '（默认值）' : ''} 中没有 HTTP 客户端（~httpx 或 ~aiohttp）：通过 HTTP 推送的事件能收到，但每次 API 调用（包括每次回复）都会因 ApiNotAvailable 失败。请加入 ~httpx（${newValue}）。${envNote.zh}`,
  );
  const where = d.entry ? { file: d.entry.file, range: d.entry.valueRange } : { file: roots.entry.file, range: roots.entry.valueRange };
  ctx.report({
    file: where.file,
    range: where.range,
    message: msg,
    related: d.entry ? [related(roots.entry.file, roots.entry.valueRange, t(`NoneBot's ${roots.name}`, `NoneBot 的 ${roots.name}`))] : [],
    fixes: setIt ? [setIt] : [],
  });
}
