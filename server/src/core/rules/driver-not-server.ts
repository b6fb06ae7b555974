import type { Rule } from './types';
import { assumedNote } from './lib/link';
import { t } from '../l10n';
import { fix, related, setEnvSetting } from './lib/edits';
import { fromProcessEnvOnly, processEnvNote, settingOrigin } from './lib/sides';
import { DRIVERS } from '../nonebot/keys';

export const rule: Rule = {
  code: 'driver-not-server',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('NoneBot has no server driver, so nothing listens for Lagrange', 'NoneBot 没有服务端驱动器，没有程序监听 Lagrange 的连接'),
  doc: {
    checks: 'A Lagrange ReverseWebSocket or HttpPost entry connects to a NoneBot project whose `DRIVER` contains no server driver (`~fastapi` or `~quart`).',
    why: 'The adapter registers its routes only with an ASGI (server) driver. `~websockets`, `~aiohttp`, `~httpx` and `~none` are client-only: NoneBot starts, opens no port and prints no warning; Lagrange gets "Connection refused" forever (logged only as "Reconnecting").',
    sources: [
      'docs/facts/nonebot.md#routes (adapter-onebot `v11/adapter.py:84-119`: `isinstance(self.driver, ASGIMixin)`), docs/facts/nonebot.md#observed-handshake-results (drivers table, observed), docs/facts/nonebot.md#core-settings-and-drivers, docs/facts/nonebot.md#known-failure-reports (Mrs4s/go-cqhttp#2475)',
      'docs/facts/lagrange.md#after-opening-and-reconnecting (reconnect loop), docs/facts/lagrange.md#known-failure-reports (LagrangeDev/Lagrange.Core#89)',
    ],
    example: '# .env\nDRIVER=~websockets',
    fix: 'Add `~fastapi`: `DRIVER=~fastapi+~httpx+~websockets` is what nb-cli writes.',
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const link of ctx.model.links) {
      if (link.kind !== 'reverse-ws' && link.kind !== 'http-post') continue;
      if (link.framework !== 'nonebot') continue;
      const p = link.nonebot;
      if (p.drivers.some((d) => DRIVERS[d]?.server) || p.drivers.some((d) => !(d in DRIVERS))) continue;
      const d = p.driver;
      const parts = (d.value ?? '')
        .split('+')
        .map((x) => x.trim())
        .filter((x) => x && x !== '~none');
      const newValue = ['~fastapi', ...parts].join('+');
      const setIt = fromProcessEnvOnly(d)
        ? undefined
        : fix(t(`Set DRIVER=${newValue}`, `设置 DRIVER=${newValue}`), [setEnvSetting(p, 'DRIVER', newValue, ctx.text, d.isDefault ? undefined : d)], true);
      const label = link.impl.label;
      const anchor = link.impl.anchor;
      const note = assumedNote(link);
      if (d.entry && !seen.has(p.dir)) {
        seen.add(p.dir);
        ctx.report({
          file: d.entry.file,
          range: d.entry.valueRange,
          message: t(
            `DRIVER=${d.value} has no server driver (~fastapi or ~quart): NoneBot opens no port and prints no warning, so ${label.en} gets "Connection refused". Add ~fastapi (${newValue}).${note.en}`,
            `DRIVER=${d.value} 中没有服务端驱动器（~fastapi 或 ~quart）：NoneBot 不会打开端口，也不会给出警告，${label.zh} 会收到 "Connection refused"。请加入 ~fastapi（${newValue}）。${note.zh}`,
          ),
          related: [related(anchor.file, anchor.range, t(`${label.en} connects to NoneBot`, `${label.zh} 会连接 NoneBot`))],
          fixes: setIt ? [setIt] : [],
        });
      }
      const origin = settingOrigin(d);
      const envNote = processEnvNote(d);
      ctx.report({
        file: anchor.file,
        range: anchor.range,
        message: t(
          `${label.en} connects to NoneBot, but NoneBot's DRIVER=${d.value} (from ${origin.en}) has no server driver: nothing listens and the connection is refused. Add ~fastapi to DRIVER.${envNote.en}${note.en}`,
          `${label.zh} 会连接 NoneBot，但 NoneBot 的 DRIVER=${d.value}（来自 ${origin.zh}）没有服务端驱动器：没有程序监听，连接会被拒绝。请在 DRIVER 中加入 ~fastapi。${envNote.zh}${note.zh}`,
        ),
        related: d.entry ? [related(d.entry.file, d.entry.valueRange, t("NoneBot's DRIVER", 'NoneBot 的 DRIVER'))] : [],
        fixes: setIt ? [setIt] : [],
      });
    }
  },
};
