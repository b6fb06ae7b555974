import type { Rule } from './types';
import type { Fix, Localized } from '../model';
import { t } from '../l10n';
import { fix, related, replaceJsonValue, setEnvSetting } from './lib/edits';
import { assumedNote, fieldOrAnchor, fromProcessEnvOnly, implLabel, processEnvNote, settingOrigin, settingValueLocation } from './lib/sides';
import { isLoopbackHost, isWildcardHost, parseDialUrl } from '../link/urls';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*$/i;
const isIp = (h: string) => IPV4.test(h) || IPV6.test(h);

export const rule: Rule = {
  code: 'host-unreachable',
  defaultSeverity: 'warning',
  scope: 'cross',
  title: t('Lagrange dials a host NoneBot does not listen on', 'Lagrange 连接的主机 NoneBot 没有监听'),
  doc: {
    checks: "The host a ReverseWebSocket or HttpPost entry dials cannot reach NoneBot's `HOST`: NoneBot listens on loopback (`127.0.0.1`, the default) while Lagrange dials a LAN, container or `host.docker.internal` address; NoneBot listens on one specific IP and Lagrange dials another; Lagrange dials an IPv6 address while NoneBot listens on IPv4 only; or Lagrange dials the wildcard `0.0.0.0`.",
    why: "`HOST=127.0.0.1` accepts connections from the same machine (or the same container) only; from another container or host the connection is refused. A specific IP accepts connections to that address only. `0.0.0.0` is an address to listen on, not one to dial: Linux happens to treat it as this machine, Windows refuses it.",
    sources: [
      'nonebot-onebot.md §7 (HOST: `IPvAnyAddress`, default 127.0.0.1), §10 (zhenxun-org/zhenxun_bot#1637, MountainDash/nonebot-bison#183 and PR #720, Ice9Coffee/HoshinoBot PR #250)',
      'lagrange-onebot.md §4 (URL `{Host}:{Port}{Suffix}`), §8 (Docker.md: `host.docker.internal` for HttpPost/ReverseWebSocket)',
    ],
    example: '// appsettings.json\n"Host": "host.docker.internal"\n# .env\nHOST=127.0.0.1',
    fix: 'In a container or across hosts set `HOST=0.0.0.0` in NoneBot; on one machine dial `127.0.0.1` from Lagrange; never dial `0.0.0.0`.',
  },
  check(ctx) {
    for (const link of ctx.model.links) {
      if (link.kind !== 'reverse-ws' && link.kind !== 'http-post') continue;
      const target = link.url ? parseDialUrl(link.url) : undefined;
      if (!target) continue;
      const p = link.nonebot;
      const s = p.host;
      const dial = target.host;
      const listen = (s.value ?? '').trim().replace(/^\[|\]$/g, '');
      if (!isIp(listen)) continue; // HOST=localhost and the like: env-host-localhost
      const hostNode = link.impl.fields['host'];
      const where = fieldOrAnchor(link.impl, 'Host');
      const origin = settingOrigin(s);
      const loc = settingValueLocation(p, s, ctx.text);
      const schemeKept = (h: string) => {
        const m = /^((?:wss?|https?):\/\/)/i.exec(hostNode?.value ?? '');
        return JSON.stringify((m ? m[1] : '') + h);
      };
      const dialHere = (h: string, title: Localized): Fix | undefined =>
        hostNode ? fix(title, [replaceJsonValue(hostNode, schemeKept(h))]) : undefined;
      const toLoopback = dialHere('127.0.0.1', t('Dial 127.0.0.1 (NoneBot on the same machine)', '连接 127.0.0.1（NoneBot 在同一台机器上）'));
      const listenAll: Fix | undefined = fromProcessEnvOnly(s)
        ? undefined
        : fix(t('Make NoneBot listen on all interfaces (HOST=0.0.0.0)', '让 NoneBot 监听所有网卡（HOST=0.0.0.0）'), [
            setEnvSetting(p, 'HOST', '0.0.0.0', ctx.text, s.isDefault ? undefined : s),
          ]);
      const listenStr = s.isDefault
        ? t(`${listen} (the default: no HOST is set)`, `${listen}（默认值：未设置 HOST）`)
        : t(`${listen} (HOST from ${origin.en})`, `${listen}（HOST 来自 ${origin.zh}）`);
      let why: Localized | undefined;
      let advice: Localized = t('', '');
      let outcome = t('the connection is refused', '连接会被拒绝');
      let fixes: (Fix | undefined)[] = [];
      let nonebotSide = true;
      if (isWildcardHost(dial)) {
        why = t(`${dial} is an address to listen on, not one to dial`, `${dial} 是用于监听的地址，不能用来连接`);
        fixes = [toLoopback && { ...toLoopback, preferred: true }];
        outcome = t('Linux happens to treat it as this machine, Windows refuses it', 'Linux 碰巧把它当作本机，Windows 会拒绝连接');
        advice = t("Dial 127.0.0.1 (same machine) or NoneBot's real address.", '请连接 127.0.0.1（同一台机器）或 NoneBot 的实际地址。');
        nonebotSide = false;
      } else if (isLoopbackHost(listen) && !isLoopbackHost(dial)) {
        why = t(
          `NoneBot listens on ${listenStr.en}, which accepts connections from its own machine or container only`,
          `NoneBot 监听 ${listenStr.zh}，只接受来自本机或本容器的连接`,
        );
        fixes = [listenAll && { ...listenAll, preferred: true }, toLoopback];
        advice = t(
          'Set HOST=0.0.0.0 in NoneBot if Lagrange runs on another machine or container, or dial 127.0.0.1 if both run on the same one.',
          '如果 Lagrange 运行在另一台机器或容器中，请在 NoneBot 中设置 HOST=0.0.0.0；如果两者在同一台机器上，请连接 127.0.0.1。',
        );
      } else if (IPV6.test(dial) && IPV4.test(listen)) {
        why = t(`NoneBot listens only on the IPv4 address ${listenStr.en}, and ${dial} is an IPv6 address`, `NoneBot 只在 IPv4 上监听 ${listenStr.zh}，而 ${dial} 是 IPv6 地址`);
        const v4 = isLoopbackHost(dial) || isWildcardHost(listen) || isLoopbackHost(listen) ? '127.0.0.1' : listen;
        fixes = [dialHere(v4, t(`Dial ${v4}`, `连接 ${v4}`))];
        advice = t(`Dial the IPv4 address ${v4}.`, `请连接 IPv4 地址 ${v4}。`);
      } else if (!isWildcardHost(listen) && !isLoopbackHost(listen) && isIp(dial) && dial !== listen) {
        why = t(`NoneBot listens only on ${listenStr.en}`, `NoneBot 只监听 ${listenStr.zh}`);
        fixes = [dialHere(listen, t(`Dial ${listen}`, `连接 ${listen}`)), listenAll];
        advice = t(`Dial ${listen}, or set HOST=0.0.0.0 in NoneBot.`, `请连接 ${listen}，或在 NoneBot 中设置 HOST=0.0.0.0。`);
      }
      if (!why) continue;
      const kept = fixes.filter((f): f is Fix => f !== undefined);
      const label = implLabel(link.impl);
      const note = assumedNote(link);
      const envNote = processEnvNote(s);
      ctx.report({
        file: where.file,
        range: where.range,
        message: t(
          `${label.en} dials ${dial}, but ${why.en}: ${outcome.en}. ${advice.en}${envNote.en}${note.en}`,
          `${label.zh} 连接 ${dial}，但 ${why.zh}：${outcome.zh}。${advice.zh}${envNote.zh}${note.zh}`,
        ),
        related: [related(loc.file, loc.range, s.isDefault ? t(`NoneBot sets no HOST: it listens on the default ${listen}`, `NoneBot 没有设置 HOST：监听默认地址 ${listen}`) : t(`NoneBot's HOST (${origin.en})`, `NoneBot 的 HOST（${origin.zh}）`))],
        fixes: kept,
      });
      if (nonebotSide && (s.entry || (s.isDefault && p.loaded.length > 0))) {
        ctx.report({
          file: loc.file,
          range: loc.range,
          message: t(
            `Lagrange's ${label.en} dials ${dial}, but ${why.en}: ${outcome.en}. ${advice.en}${note.en}`,
            `Lagrange 的 ${label.zh} 连接 ${dial}，但 ${why.zh}：${outcome.zh}。${advice.zh}${note.zh}`,
          ),
          related: [related(where.file, where.range, t(`Lagrange's Host (${label.en})`, `Lagrange 的 Host（${label.zh}）`))],
          fixes: kept,
        });
      }
    }
  },
};
