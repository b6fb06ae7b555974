import type { Rule } from './types';
import type { ImplEndpoint, Localized, WorkspaceModel } from '../model';
import { t } from '../l10n';
import { IMPL_NAMES } from '../impl';
import { implFix } from './lib/link';
import { parseDialUrl } from '../link/urls';
import { nonebotEndpoints } from '../nonebot/endpoints';

/** Does a framework of the workspace dial this (disabled) server's port (ONEBOT_WS_URLS, ONEBOT_API_ROOTS, Koishi endpoint)? */
function dialledByFramework(model: WorkspaceModel, ep: ImplEndpoint): boolean {
  const urls = [...model.nonebot.flatMap((p) => nonebotEndpoints(p)), ...model.koishi.flatMap((k) => k.endpoints)]
    .filter((f) => f.role === 'dials' && f.protocol === ep.protocol && f.url)
    .map((f) => f.url!);
  return urls.some((u) => parseDialUrl(u)?.port === ep.port);
}

function disabledBy(ep: ImplEndpoint): Localized {
  const n = ep.enabledNode;
  if (!n) return t('enable is not set, and it defaults to false', '未设置 enable，而其默认值为 false');
  const v = n.value;
  if (ep.implementation === 'lagrange') return t(`"Enable": "${String(v)}"`, `"Enable": "${String(v)}"`);
  return t(`${n.path.split('.').pop()}: ${String(v)}`, `${n.path.split('.').pop()}: ${String(v)}`);
}

export const rule: Rule = {
  code: 'impl-disabled',
  defaultSeverity: 'error',
  scope: 'implementation',
  title: t('The entry that would make the link is disabled', '能建立连接的条目被禁用了'),
  doc: {
    checks:
      'An implementation entry that matches the framework of the workspace (a reverse-WebSocket or HTTP POST client while a framework listens; a server that a framework dials) is disabled: NapCat `enable: false` or no `enable` at all (its default is false), go-cqhttp `disabled: true`, LLOneBot `enable: false` (or `ob11.enable: false`), Lagrange `"Enable": "false"`. Error when no other entry of that implementation links; information otherwise.',
    why: "A disabled entry opens nothing and logs nothing, so the framework waits forever. NapCat's WebUI adds new network entries switched off, and every `enable` in NapCat's schema defaults to false, so an entry written by hand without `enable` is off too.",
    sources: [
      'NapNeko/NapCatQQ `packages/napcat-onebot/config/config.ts` (`enable: Type.Boolean({ default: false })` on every network entry)',
      'Mrs4s/go-cqhttp `server/websocket.go` (`Disabled` skips the server)',
      'LagrangeDev/Lagrange.Core `Lagrange.OneBot/Core/Network/LagrangeWebSvcCollection.cs` (`section["Enable"] == "false"`)',
      'LLOneBot/LuckyLilliaBot `src/main/config/default_config.json`',
    ],
    example:
      '// config/onebot11_12345.json (NapCat)\n"websocketClients": [ { "name": "nonebot", "url": "ws://127.0.0.1:8080/onebot/v11/ws", "enable": false } ]',
    fix: 'Enable the entry (the quick fix sets `enable: true` / removes the disabling value; it is the preferred fix only when no other entry of the config links), then restart the implementation.',
  },
  check(ctx) {
    const m = ctx.model;
    if (m.nonebot.length === 0 && m.koishi.length === 0) return;
    const linkedCfgs = new Set(m.links.map((l) => l.implConfig));
    for (const cfg of m.implementations) {
      for (const ep of cfg.endpoints) {
        if (ep.enabled) continue;
        if (ep.role === 'dials' && !parseDialUrl(ep.url ?? '')) continue; // no URL yet: it would not connect anywhere
        const wanted =
          ep.role === 'dials'
            ? m.nonebot.length > 0 || m.koishi.some((k) => k.endpoints.some((f) => f.role === 'listens' && f.protocol === ep.protocol))
            : dialledByFramework(m, ep);
        if (!wanted) continue;
        const name = IMPL_NAMES[ep.implementation];
        const other = linkedCfgs.has(cfg);
        const at = ep.enabledNode ? { file: ep.enabledNode.file, range: ep.enabledNode.valueRange } : ep.anchor;
        // Certain only when nothing else connects: with another entry linked, this one may be off on purpose.
        const enable = implFix(ep, 'enable', 'true', t('Enable this entry', '启用此条目'), ctx.text, { preferred: !other });
        const what =
          ep.role === 'dials'
            ? t(`${name} never dials ${ep.url ?? 'it'}`, `${name} 不会连接 ${ep.url ?? '该地址'}`)
            : t(
                `${name} opens no server on port ${ep.port ?? '?'}, so the framework's connection is refused`,
                `${name} 不会在端口 ${ep.port ?? '?'} 上开启服务，框架的连接会被拒绝`,
              );
        ctx.report({
          file: at.file,
          range: at.range,
          severity: other ? 'information' : undefined,
          message: t(
            other
              ? `${ep.label.en} is disabled (${disabledBy(ep).en}): ${what.en} (another entry of this config does link). If this one should connect too, enable it and restart ${name}.`
              : `${ep.label.en} is disabled (${disabledBy(ep).en}): ${what.en}, and nothing else in this config connects. Enable it and restart ${name}.`,
            other
              ? `${ep.label.zh} 已被禁用（${disabledBy(ep).zh}）：${what.zh}（此配置中另有条目已建立连接）。如果它也应当连接，请启用它并重启 ${name}。`
              : `${ep.label.zh} 已被禁用（${disabledBy(ep).zh}）：${what.zh}，此配置中也没有其他条目能建立连接。请启用它并重启 ${name}。`,
          ),
          fixes: enable ? [enable] : [],
        });
      }
    }
  },
};
