import type { Rule } from './types';
import type { Fix, Localized, Location } from '../model';
import { t } from '../l10n';
import { fix, setEnvSetting } from './lib/edits';
import { fromProcessEnvOnly, processEnvNote, settingOrigin, settingValueLocation } from './lib/sides';
import { implFieldLoc, implFix, implName, reportBoth } from './lib/link';
import { isLoopbackHost, isWildcardHost, parseDialUrl } from '../link/urls';
import { linkPlacement } from '../compose/placement';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*$/i;
const isIp = (h: string) => IPV4.test(h) || IPV6.test(h);

export const rule: Rule = {
  code: 'host-unreachable',
  defaultSeverity: 'warning',
  scope: 'cross',
  title: t('The implementation dials a host the framework does not listen on', '实现端连接的主机框架没有监听'),
  doc: {
    checks:
      "The host a ReverseWebSocket or HttpPost entry dials cannot reach NoneBot's `HOST`: NoneBot listens on loopback (`127.0.0.1`, the default) while Lagrange dials a LAN, container or `host.docker.internal` address; NoneBot listens on one specific IP and Lagrange dials another; Lagrange dials an IPv6 address while NoneBot listens on IPv4 only; or Lagrange dials the wildcard `0.0.0.0`.",
    why: '`HOST=127.0.0.1` accepts connections from the same machine (or the same container) only; from another container or host the connection is refused. A specific IP accepts connections to that address only. `0.0.0.0` is an address to listen on, not one to dial: Linux happens to treat it as this machine, Windows refuses it.',
    sources: [
      'docs/facts/nonebot.md#core-settings-and-drivers (HOST: `IPvAnyAddress`, default 127.0.0.1), docs/facts/nonebot.md#known-failure-reports (zhenxun-org/zhenxun_bot#1637, MountainDash/nonebot-bison#183 and PR #720, Ice9Coffee/HoshinoBot PR #250)',
      'docs/facts/lagrange.md#url-composition (URL `{Host}:{Port}{Suffix}`), docs/facts/lagrange.md#documentation-and-nonebot-counterpart (Docker.md: `host.docker.internal` for HttpPost/ReverseWebSocket)',
    ],
    example: '// appsettings.json\n"Host": "host.docker.internal"\n# .env\nHOST=127.0.0.1',
    fix: 'In a container or across hosts set `HOST=0.0.0.0` in NoneBot; on one machine dial `127.0.0.1` from Lagrange; never dial `0.0.0.0`.',
  },
  checkLink(link, ctx) {
    if (link.kind !== 'reverse-ws' && link.kind !== 'http-post') return;
    const target = link.url ? parseDialUrl(link.url) : undefined;
    if (!target) return;
    if (linkPlacement(ctx.model.compose, link).fw) return; // the framework runs in a compose service: the compose-* rules judge its addresses
    const ep = link.impl;
    const fwName = link.framework === 'nonebot' ? 'NoneBot' : 'Koishi';
    const dial = target.host;
    const listen = (link.fw.host ?? '').trim().replace(/^\[|\]$/g, '');
    if (!isIp(listen)) return; // HOST=localhost and the like: env-host-localhost
    const where = implFieldLoc(ep, 'host');
    const dialHere = (h: string, title: Localized): Fix | undefined => implFix(ep, 'host', h, title, ctx.text);
    const toLoopback = dialHere('127.0.0.1', t(`Dial 127.0.0.1 (${fwName} on the same machine)`, `连接 127.0.0.1（${fwName} 在同一台机器上）`));
    let listenAll: Fix | undefined;
    let listenStr: Localized;
    let fwAt: Location | undefined;
    let fwLabel: Localized;
    let envNote = t('', '');
    if (link.framework === 'nonebot') {
      const p = link.nonebot;
      const s = p.host;
      const origin = settingOrigin(s);
      listenAll = fromProcessEnvOnly(s)
        ? undefined
        : fix(t('Make NoneBot listen on all interfaces (HOST=0.0.0.0)', '让 NoneBot 监听所有网卡（HOST=0.0.0.0）'), [
            setEnvSetting(p, 'HOST', '0.0.0.0', ctx.text, s.isDefault ? undefined : s),
          ]);
      listenStr = s.isDefault
        ? t(`${listen} (the default: no HOST is set)`, `${listen}（默认值：未设置 HOST）`)
        : t(`${listen} (HOST from ${origin.en})`, `${listen}（HOST 来自 ${origin.zh}）`);
      fwAt = s.entry || (s.isDefault && p.loaded.length > 0) ? settingValueLocation(p, s, ctx.text) : undefined;
      fwLabel = s.isDefault
        ? t(`NoneBot sets no HOST: it listens on the default ${listen}`, `NoneBot 没有设置 HOST：监听默认地址 ${listen}`)
        : t(`NoneBot's HOST (${origin.en})`, `NoneBot 的 HOST（${origin.zh}）`);
      envNote = processEnvNote(s);
    } else {
      const k = link.koishi;
      listenStr = k.hostNode
        ? t(`${listen} (host in koishi.yml)`, `${listen}（koishi.yml 中的 host）`)
        : t(`${listen} (the default: no host is set)`, `${listen}（默认值：未设置 host）`);
      fwAt = link.fw.hostLoc;
      fwLabel = t("Koishi's host", 'Koishi 的 host');
    }
    let why: Localized | undefined;
    let advice: Localized = t('', '');
    let outcome = t('the connection is refused', '连接会被拒绝');
    let fixes: (Fix | undefined)[] = [];
    let fwSide = true;
    if (isWildcardHost(dial)) {
      why = t(`${dial} is an address to listen on, not one to dial`, `${dial} 是用于监听的地址，不能用来连接`);
      fixes = [toLoopback && { ...toLoopback, preferred: true }];
      outcome = t('Linux happens to treat it as this machine, Windows refuses it', 'Linux 碰巧把它当作本机，Windows 会拒绝连接');
      advice = t(`Dial 127.0.0.1 (same machine) or ${fwName}'s real address.`, `请连接 127.0.0.1（同一台机器）或 ${fwName} 的实际地址。`);
      fwSide = false;
    } else if (isLoopbackHost(listen) && !isLoopbackHost(dial)) {
      why = t(
        `${fwName} listens on ${listenStr.en}, which accepts connections from its own machine or container only`,
        `${fwName} 监听 ${listenStr.zh}，只接受来自本机或本容器的连接`,
      );
      fixes = [listenAll && { ...listenAll, preferred: true }, toLoopback];
      advice = t(
        `Make ${fwName} listen on 0.0.0.0 if ${implName(ep)} runs on another machine or container, or dial 127.0.0.1 if both run on the same one.`,
        `如果 ${implName(ep)} 运行在另一台机器或容器中，请让 ${fwName} 监听 0.0.0.0；如果两者在同一台机器上，请连接 127.0.0.1。`,
      );
    } else if (IPV6.test(dial) && IPV4.test(listen)) {
      why = t(
        `${fwName} listens only on the IPv4 address ${listenStr.en}, and ${dial} is an IPv6 address`,
        `${fwName} 只在 IPv4 上监听 ${listenStr.zh}，而 ${dial} 是 IPv6 地址`,
      );
      const v4 = isLoopbackHost(dial) || isWildcardHost(listen) || isLoopbackHost(listen) ? '127.0.0.1' : listen;
      fixes = [dialHere(v4, t(`Dial ${v4}`, `连接 ${v4}`))];
      advice = t(`Dial the IPv4 address ${v4}.`, `请连接 IPv4 地址 ${v4}。`);
    } else if (!isWildcardHost(listen) && !isLoopbackHost(listen) && isIp(dial) && dial !== listen) {
      why = t(`${fwName} listens only on ${listenStr.en}`, `${fwName} 只监听 ${listenStr.zh}`);
      fixes = [dialHere(listen, t(`Dial ${listen}`, `连接 ${listen}`)), listenAll];
      advice = t(`Dial ${listen}, or make ${fwName} listen on 0.0.0.0.`, `请连接 ${listen}，或让 ${fwName} 监听 0.0.0.0。`);
    }
    if (!why) return;
    const kept = fixes.filter((f): f is Fix => f !== undefined);
    reportBoth(ctx, link, {
      impl: {
        at: where,
        label: t(`${implName(ep)}'s host (${ep.label.en})`, `${implName(ep)} 的主机（${ep.label.zh}）`),
        message: t(
          `${ep.label.en} dials ${dial}, but ${why.en}: ${outcome.en}. ${advice.en}${envNote.en}`,
          `${ep.label.zh} 连接 ${dial}，但 ${why.zh}：${outcome.zh}。${advice.zh}${envNote.zh}`,
        ),
      },
      fw:
        fwSide && fwAt
          ? {
              at: fwAt,
              label: fwLabel,
              message: t(
                `${ep.label.en} dials ${dial}, but ${why.en}: ${outcome.en}. ${advice.en}`,
                `${ep.label.zh} 连接 ${dial}，但 ${why.zh}：${outcome.zh}。${advice.zh}`,
              ),
            }
          : undefined,
      fixes: kept,
      fwFixes: kept,
    });
  },
};
