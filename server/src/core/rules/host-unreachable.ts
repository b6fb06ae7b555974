import type { Rule } from './types';
import type { Fix, Localized } from '../model';
import { t } from '../l10n';
import { fix, related, replaceJsonValue, setEnvSetting, settingLocation } from './lib/edits';
import { assumedNote, fieldOrAnchor, implLabel, settingOrigin } from './lib/sides';
import { isLoopbackHost, isWildcardHost, parseDialUrl } from '../link/urls';

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]+)$/i;

export const rule: Rule = {
  code: 'host-unreachable',
  defaultSeverity: 'warning',
  scope: 'cross',
  title: t('Lagrange dials a host NoneBot does not listen on', 'Lagrange 连接的主机 NoneBot 没有监听'),
  doc: {
    checks: "The host a ReverseWebSocket or HttpPost entry dials cannot reach NoneBot's `HOST`: NoneBot listens on loopback (`127.0.0.1`, the default) while Lagrange dials a LAN, container or `host.docker.internal` address; NoneBot listens on one specific IP and Lagrange dials another; or Lagrange dials the wildcard `0.0.0.0`.",
    why: "`HOST=127.0.0.1` accepts connections from the same machine (or container) only; from another container or host the connection is refused. `0.0.0.0` is an address to listen on, not one to dial.",
    sources: [
      'nonebot-onebot.md §7 (HOST), §10 (zhenxun-org/zhenxun_bot#1637, MountainDash/nonebot-bison#183)',
      'lagrange-onebot.md §8 (Docker.md: `host.docker.internal` for RWS)',
    ],
    example: '// appsettings.json\n"Host": "host.docker.internal"\n# .env\nHOST=127.0.0.1',
    fix: 'In a container or across hosts set `HOST=0.0.0.0` in NoneBot; on one machine dial `127.0.0.1` from Lagrange.',
  },
  check(ctx) {
    for (const link of ctx.model.links) {
      if (link.kind !== 'reverse-ws' && link.kind !== 'http-post') continue;
      const target = link.url ? parseDialUrl(link.url) : undefined;
      if (!target) continue;
      const dial = target.host;
      const listen = (link.nonebot.host.value ?? '').trim();
      const hostNode = link.impl.fields['host'];
      const where = fieldOrAnchor(link.impl, 'Host');
      const origin = settingOrigin(link.nonebot.host);
      const loc = settingLocation(link.nonebot, 'HOST');
      const toLoopback = hostNode && !/^(?:wss?|https?):\/\//i.test(hostNode.value ?? '')
        ? fix(t('Dial 127.0.0.1 (NoneBot on the same machine)', '连接 127.0.0.1（NoneBot 在同一台机器上）'), [replaceJsonValue(hostNode, '"127.0.0.1"')])
        : undefined;
      const listenAll = fix(t('Make NoneBot listen on all interfaces (HOST=0.0.0.0)', '让 NoneBot 监听所有网卡（HOST=0.0.0.0）'), [
        setEnvSetting(link.nonebot, 'HOST', '0.0.0.0', ctx.text, link.nonebot.host.isDefault ? undefined : link.nonebot.host),
      ]);
      let why: Localized | undefined;
      let fixes: Fix[] = [];
      if (isWildcardHost(dial)) {
        why = t(`${dial} is an address to listen on, not one to dial`, `${dial} 是用于监听的地址，不能用来连接`);
        fixes = toLoopback ? [{ ...toLoopback, preferred: true }] : [];
      } else if (isLoopbackHost(listen) && !isLoopbackHost(dial)) {
        why = t(
          `NoneBot listens on ${listen} (HOST from ${origin.en}), which accepts connections from its own machine or container only`,
          `NoneBot 监听 ${listen}（HOST 来自 ${origin.zh}），只接受来自本机或本容器的连接`,
        );
        fixes = [listenAll, ...(toLoopback ? [toLoopback] : [])];
      } else if (IP.test(listen) && !isWildcardHost(listen) && !isLoopbackHost(listen) && IP.test(dial) && dial !== listen && !isLoopbackHost(dial)) {
        why = t(`NoneBot listens on ${listen} only (HOST from ${origin.en})`, `NoneBot 只监听 ${listen}（HOST 来自 ${origin.zh}）`);
        fixes = [listenAll];
      }
      if (!why) continue;
      const label = implLabel(link.impl);
      const note = assumedNote(link);
      ctx.report({
        file: where.file,
        range: where.range,
        message: t(
          `${label.en} dials ${dial}, but ${why.en}: the connection will be refused.${note.en}`,
          `${label.zh} 连接 ${dial}，但${why.zh}：连接会被拒绝。${note.zh}`,
        ),
        related: [related(loc.file, loc.range, t(`NoneBot's HOST (${origin.en})`, `NoneBot 的 HOST（${origin.zh}）`))],
        fixes,
      });
      if (link.nonebot.host.entry && !isWildcardHost(dial)) {
        ctx.report({
          file: link.nonebot.host.entry.file,
          range: link.nonebot.host.entry.valueRange,
          message: t(
            `Lagrange's ${label.en} dials ${dial}, but ${why.en}.${note.en}`,
            `Lagrange 的 ${label.zh} 连接 ${dial}，但${why.zh}。${note.zh}`,
          ),
          related: [related(where.file, where.range, t("Lagrange's Host", 'Lagrange 的 Host'))],
          fixes,
        });
      }
    }
  },
};
