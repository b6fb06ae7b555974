import type { Rule } from './types';
import type { Fix } from '../model';
import { t } from '../l10n';
import { fix, related, replaceJsonValue, setEnvSetting } from './lib/edits';
import { assumedNote, fromProcessEnvOnly, hostWithPath, implLabel, processEnvNote, settingOrigin, settingValueLocation } from './lib/sides';
import { parseDialUrl } from '../link/urls';

export const rule: Rule = {
  code: 'port-mismatch',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t("Lagrange's Port differs from NoneBot's PORT", 'Lagrange 的 Port 与 NoneBot 的 PORT 不一致'),
  doc: {
    checks: "The port a ReverseWebSocket or HttpPost entry dials differs from NoneBot's effective `PORT` (process environment over `.env.{ENVIRONMENT}` over `.env`; default 8080).",
    why: 'Lagrange dials `Host:Port`; NoneBot listens on `HOST:PORT`. Different ports give "Connection refused" retried forever (logged only at Information level as "Reconnecting"), or a connection to some other program. A `PORT` in the wrong `.env.*` file (not the one ENVIRONMENT selects), or no PORT at all (NoneBot then uses 8080), are common causes.',
    sources: [
      'nonebot-onebot.md §7 (`nonebot/config.py` PORT default 8080), §8 (load order), §10 (CMHopeSunshine/LittlePaimon#76)',
      'lagrange-onebot.md §4 (URL, "Reconnecting" log), §9 (LagrangeDev/Lagrange.Core#89)',
    ],
    example: '// appsettings.json\n"Port": 8081\n# .env.prod\nPORT=8080',
    fix: "Make both ports equal; the quick fixes edit either side (NoneBot: the winning PORT line, or a new PORT line in the last `.env` file NoneBot loads).",
  },
  check(ctx) {
    for (const link of ctx.model.links) {
      if (link.kind !== 'reverse-ws' && link.kind !== 'http-post') continue;
      if (hostWithPath(link.impl)) continue; // the port lands in the path: ws-path / lagrange-host-format say so
      const target = link.url ? parseDialUrl(link.url) : undefined;
      const nbPort = link.nonebot.portNumber;
      if (!target || nbPort === undefined || link.impl.port === undefined || target.port === nbPort) continue;
      const portNode = link.impl.fields['port'];
      if (!portNode) continue; // a missing Port (0) is lagrange-port-invalid's business
      const p = link.nonebot;
      const s = p.port;
      const origin = settingOrigin(s);
      const loc = settingValueLocation(p, s, ctx.text);
      const note = assumedNote(link);
      const envNote = processEnvNote(s);
      const label = implLabel(link.impl);
      const listens = s.isDefault
        ? t(`on ${nbPort}, the default (no PORT is set)`, `${nbPort}，即默认值（未设置 PORT）`)
        : t(`on ${nbPort} (PORT from ${origin.en})`, `${nbPort}（PORT 来自 ${origin.zh}）`);
      const toLagrange = fix(t(`Set Port to ${nbPort}`, `将 Port 设为 ${nbPort}`), [replaceJsonValue(portNode, String(nbPort))]);
      const toNoneBot: Fix | undefined = fromProcessEnvOnly(s)
        ? undefined
        : fix(t(`Set NoneBot's PORT to ${target.port}`, `将 NoneBot 的 PORT 设为 ${target.port}`), [
            setEnvSetting(p, 'PORT', String(target.port), ctx.text, s.isDefault ? undefined : s),
          ]);
      ctx.report({
        file: portNode.file,
        range: portNode.valueRange,
        message: t(
          `${label.en} dials port ${target.port}, but NoneBot listens ${listens.en}: the connection is refused (Lagrange retries forever, logging only "Reconnecting"). Make the ports equal.${envNote.en}${note.en}`,
          `${label.zh} 连接端口 ${target.port}，但 NoneBot 监听 ${listens.zh}：连接会被拒绝（Lagrange 会无限重试，只记录 "Reconnecting"）。请让两边端口相同。${envNote.zh}${note.zh}`,
        ),
        related: [
          related(loc.file, loc.range, s.isDefault ? t(`NoneBot sets no PORT: the default ${nbPort} applies`, `NoneBot 没有设置 PORT：使用默认值 ${nbPort}`) : t(`NoneBot's PORT (${origin.en})`, `NoneBot 的 PORT（${origin.zh}）`)),
        ],
        fixes: toNoneBot ? [toLagrange, toNoneBot] : [toLagrange],
      });
      // NoneBot's side: the winning PORT value, or (for the default) line 1 of the first .env file NoneBot loads.
      if (s.entry || (s.isDefault && p.loaded.length > 0)) {
        ctx.report({
          file: loc.file,
          range: loc.range,
          message: s.entry
            ? t(
                `NoneBot listens on ${nbPort}, but Lagrange's ${label.en} dials port ${target.port}: the connection is refused. Make the ports equal.${note.en}`,
                `NoneBot 监听 ${nbPort}，但 Lagrange 的 ${label.zh} 连接端口 ${target.port}：连接会被拒绝。请让两边端口相同。${note.zh}`,
              )
            : t(
                `No PORT is set, so NoneBot listens on the default ${nbPort}, but Lagrange's ${label.en} dials port ${target.port}: the connection is refused. Add PORT=${target.port} or change Lagrange's Port.${note.en}`,
                `未设置 PORT，NoneBot 监听默认端口 ${nbPort}，但 Lagrange 的 ${label.zh} 连接端口 ${target.port}：连接会被拒绝。请添加 PORT=${target.port} 或修改 Lagrange 的 Port。${note.zh}`,
              ),
          related: [related(portNode.file, portNode.valueRange, t(`Lagrange's Port (${label.en})`, `Lagrange 的 Port（${label.zh}）`))],
          fixes: toNoneBot ? [toNoneBot, toLagrange] : [toLagrange],
        });
      }
    }
  },
};
