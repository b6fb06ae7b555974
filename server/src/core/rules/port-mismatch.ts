import type { Rule } from './types';
import { t } from '../l10n';
import { fix, related, replaceJsonValue, setEnvSetting, settingLocation } from './lib/edits';
import { assumedNote, implLabel, settingOrigin } from './lib/sides';
import { parseDialUrl } from '../link/urls';

export const rule: Rule = {
  code: 'port-mismatch',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t("Lagrange's Port differs from NoneBot's PORT", 'Lagrange 的 Port 与 NoneBot 的 PORT 不一致'),
  doc: {
    checks: "The port a ReverseWebSocket or HttpPost entry dials differs from NoneBot's effective `PORT` (`.env.{ENVIRONMENT}` over `.env`; default 8080).",
    why: 'Lagrange dials `Host:Port`; NoneBot listens on `HOST:PORT`. Different ports give "Connection refused" retried forever (logged only at Information level as "Reconnecting"), or a connection to some other program. A `PORT` in the wrong `.env.*` file (not the one ENVIRONMENT selects) is a common cause.',
    sources: ['nonebot-onebot.md §7, §8 (`core:config.py`), §10 (CMHopeSunshine/LittlePaimon#76)', 'lagrange-onebot.md §4 (URL), §9 (#89)'],
    example: '// appsettings.json\n"Port": 8081\n# .env.prod\nPORT=8080',
    fix: 'Make both ports equal; the quick fixes edit either side.',
  },
  check(ctx) {
    for (const link of ctx.model.links) {
      if (link.kind !== 'reverse-ws' && link.kind !== 'http-post') continue;
      const target = link.url ? parseDialUrl(link.url) : undefined;
      const nbPort = link.nonebot.portNumber;
      if (!target || nbPort === undefined || link.impl.port === undefined || target.port === nbPort) continue;
      const portNode = link.impl.fields['port'];
      if (!portNode) continue; // a missing Port (0) is lagrange-port-invalid's business
      const s = link.nonebot.port;
      const origin = settingOrigin(s);
      const loc = settingLocation(link.nonebot, 'PORT');
      const note = assumedNote(link);
      const label = implLabel(link.impl);
      const toLagrange = fix(t(`Set Port to ${nbPort}`, `将 Port 设为 ${nbPort}`), [replaceJsonValue(portNode, String(nbPort))]);
      const toNoneBot = fix(t(`Set NoneBot's PORT to ${target.port}`, `将 NoneBot 的 PORT 设为 ${target.port}`), [
        setEnvSetting(link.nonebot, 'PORT', String(target.port), ctx.text, s.isDefault ? undefined : s),
      ]);
      ctx.report({
        file: portNode.file,
        range: portNode.valueRange,
        message: t(
          `${label.en} dials port ${target.port}, but NoneBot listens on ${nbPort} (PORT from ${origin.en}): the connection is refused.${note.en}`,
          `${label.zh} 连接端口 ${target.port}，但 NoneBot 监听 ${nbPort}（PORT 来自 ${origin.zh}）：连接会被拒绝。${note.zh}`,
        ),
        related: [related(loc.file, loc.range, t(`NoneBot's PORT (${origin.en})`, `NoneBot 的 PORT（${origin.zh}）`))],
        fixes: [toLagrange, toNoneBot],
      });
      if (s.entry) {
        ctx.report({
          file: s.entry.file,
          range: s.entry.valueRange,
          message: t(
            `NoneBot listens on ${nbPort}, but Lagrange's ${label.en} dials port ${target.port}: the connection is refused.${note.en}`,
            `NoneBot 监听 ${nbPort}，但 Lagrange 的 ${label.zh} 连接端口 ${target.port}：连接会被拒绝。${note.zh}`,
          ),
          related: [related(portNode.file, portNode.valueRange, t("Lagrange's Port", 'Lagrange 的 Port'))],
          fixes: [toNoneBot, toLagrange],
        });
      }
    }
  },
};
