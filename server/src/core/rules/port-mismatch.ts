import type { Rule } from './types';
import type { Fix } from '../model';
import { t } from '../l10n';
import { fix, setEnvSetting } from './lib/edits';
import { fromProcessEnvOnly, hostWithPath, processEnvNote, settingOrigin, settingValueLocation } from './lib/sides';
import { implFieldLoc, implFix, implName, reportBoth } from './lib/link';
import { parseDialUrl } from '../link/urls';
import { composeView, hostRoute } from './lib/compose';

export const rule: Rule = {
  code: 'port-mismatch',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t("The port the implementation dials differs from the framework's port", '实现端连接的端口与框架监听的端口不一致'),
  doc: {
    checks:
      "The port a ReverseWebSocket or HttpPost entry dials differs from NoneBot's effective `PORT` (process environment over `.env.{ENVIRONMENT}` over `.env`; default 8080).",
    why: 'Lagrange dials `Host:Port`; NoneBot listens on `HOST:PORT`. Different ports give "Connection refused" retried forever (logged only at Information level as "Reconnecting"), or a connection to some other program. A `PORT` in the wrong `.env.*` file (not the one ENVIRONMENT selects), or no PORT at all (NoneBot then uses 8080), are common causes.',
    sources: [
      'docs/facts/nonebot.md#core-settings-and-drivers (nonebot2 `nonebot/config.py` PORT default 8080), docs/facts/nonebot.md#env-file-loading (load order), docs/facts/nonebot.md#known-failure-reports (CMHopeSunshine/LittlePaimon#76)',
      'docs/facts/lagrange.md#url-composition (URL), docs/facts/lagrange.md#after-opening-and-reconnecting ("Reconnecting" log), docs/facts/lagrange.md#known-failure-reports (LagrangeDev/Lagrange.Core#89)',
    ],
    example: '// appsettings.json\n"Port": 8081\n# .env.prod\nPORT=8080',
    fix: 'Make both ports equal; the quick fixes edit either side (NoneBot: the winning PORT line, or a new PORT line in the last `.env` file NoneBot loads).',
  },
  checkLink(link, ctx) {
    if (link.kind !== 'reverse-ws' && link.kind !== 'http-post') return;
    const ep = link.impl;
    if (ep.lagrange && hostWithPath(ep.lagrange)) return; // the port lands in the path: ws-path / lagrange-host-format say so
    const target = link.url ? parseDialUrl(link.url) : undefined;
    const fwPort = link.fw.port;
    if (!target || fwPort === undefined || fwPort === 0 || target.port === fwPort) return; // 0: Koishi has no server port (koishi-config)
    if (ep.lagrange && (ep.port === undefined || !ep.portNode)) return; // a missing Port (0) is lagrange-port-invalid's business
    // The framework runs in a container reached through the host's published ports: the dialled port is a host port,
    // and compose-port-unpublished compares it with the mapping (`18080:8080` is right for PORT=8080).
    const view = composeView(link, ctx);
    if (view && hostRoute(view)) return;
    const name = implName(ep);
    const implAt = implFieldLoc(ep, 'port');
    const toImpl = implFix(ep, 'port', String(fwPort), t(`Make ${name} dial port ${fwPort}`, `让 ${name} 连接端口 ${fwPort}`), ctx.text);
    if (link.framework === 'koishi') {
      const k = link.koishi;
      reportBoth(ctx, link, {
        impl: {
          at: implAt,
          label: t(`${name}'s port`, `${name} 的端口`),
          message: t(
            `${ep.label.en} dials port ${target.port}, but Koishi's server listens on ${fwPort}${k.portNode ? '' : ' (the default)'}: the connection is refused. Make the ports equal.`,
            `${ep.label.zh} 连接端口 ${target.port}，但 Koishi 的服务器监听 ${fwPort}${k.portNode ? '' : '（默认值）'}：连接会被拒绝。请让两边端口相同。`,
          ),
        },
        fw: link.fw.portLoc && {
          at: link.fw.portLoc,
          label: t("Koishi's port", 'Koishi 的端口'),
          message: t(
            `Koishi listens on ${fwPort}, but ${ep.label.en} dials port ${target.port}: the connection is refused. Make the ports equal.`,
            `Koishi 监听 ${fwPort}，但 ${ep.label.zh} 连接端口 ${target.port}：连接会被拒绝。请让两边端口相同。`,
          ),
        },
        fixes: toImpl ? [toImpl] : [],
      });
      return;
    }
    const p = link.nonebot;
    const s = p.port;
    const origin = settingOrigin(s);
    const loc = settingValueLocation(p, s, ctx.text);
    const envNote = processEnvNote(s);
    const listens = s.isDefault
      ? t(`on ${fwPort}, the default (no PORT is set)`, `${fwPort}，即默认值（未设置 PORT）`)
      : t(`on ${fwPort} (PORT from ${origin.en})`, `${fwPort}（PORT 来自 ${origin.zh}）`);
    const toNoneBot: Fix | undefined = fromProcessEnvOnly(s)
      ? undefined
      : fix(t(`Set NoneBot's PORT to ${target.port}`, `将 NoneBot 的 PORT 设为 ${target.port}`), [
          setEnvSetting(p, 'PORT', String(target.port), ctx.text, s.isDefault ? undefined : s),
        ]);
    const fixes = [toImpl, toNoneBot].filter((f): f is Fix => f !== undefined);
    const retries =
      ep.implementation === 'lagrange'
        ? t(' (Lagrange retries forever, logging only "Reconnecting")', '（Lagrange 会无限重试，只记录 "Reconnecting"）')
        : t(` (${name} keeps retrying)`, `（${name} 会不断重试）`);
    reportBoth(ctx, link, {
      impl: {
        at: implAt,
        label: t(`${name}'s port (${ep.label.en})`, `${name} 的端口（${ep.label.zh}）`),
        message: t(
          `${ep.label.en} dials port ${target.port}, but NoneBot listens ${listens.en}: the connection is refused${retries.en}. Make the ports equal.${envNote.en}`,
          `${ep.label.zh} 连接端口 ${target.port}，但 NoneBot 监听 ${listens.zh}：连接会被拒绝${retries.zh}。请让两边端口相同。${envNote.zh}`,
        ),
      },
      // NoneBot's side: the winning PORT value, or (for the default) line 1 of the first .env file NoneBot loads.
      fw:
        s.entry || (s.isDefault && p.loaded.length > 0)
          ? {
              at: loc,
              label: s.isDefault
                ? t(`NoneBot sets no PORT: the default ${fwPort} applies`, `NoneBot 没有设置 PORT：使用默认值 ${fwPort}`)
                : t(`NoneBot's PORT (${origin.en})`, `NoneBot 的 PORT（${origin.zh}）`),
              message: s.entry
                ? t(
                    `NoneBot listens on ${fwPort}, but ${ep.label.en} dials port ${target.port}: the connection is refused. Make the ports equal.`,
                    `NoneBot 监听 ${fwPort}，但 ${ep.label.zh} 连接端口 ${target.port}：连接会被拒绝。请让两边端口相同。`,
                  )
                : t(
                    `No PORT is set, so NoneBot listens on the default ${fwPort}, but ${ep.label.en} dials port ${target.port}: the connection is refused. Add PORT=${target.port} or change ${name}'s port.`,
                    `未设置 PORT，NoneBot 监听默认端口 ${fwPort}，但 ${ep.label.zh} 连接端口 ${target.port}：连接会被拒绝。请添加 PORT=${target.port} 或修改 ${name} 的端口。`,
                  ),
            }
          : undefined,
      fixes,
    });
  },
};
