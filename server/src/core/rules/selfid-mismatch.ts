import type { Rule } from './types';
import { t } from '../l10n';
import { implName, reportBoth } from './lib/link';

export const rule: Rule = {
  code: 'selfid-mismatch',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t("Koishi's selfId is not the account the implementation logs in as", 'Koishi 的 selfId 不是实现端登录的账号'),
  doc: {
    checks:
      "A reverse-WebSocket link to Koishi's OneBot adapter where the implementation's account (NapCat's `onebot11_<uin>.json` file name, go-cqhttp's `account.uin`, Lagrange's `Account.Uin`, LLOneBot's `config_<uin>.json`) is not the adapter's `selfId`.",
    why: 'Koishi compares the X-Self-ID header the implementation sends (its logged-in account) with the `selfId` of each OneBot bot it configures. When none matches it accepts the WebSocket upgrade and then closes it with 1008 "invalid x-self-id": the implementation sees a connection that drops at once and retries forever.',
    sources: [
      "koishijs/koishi-plugin-adapter-onebot `src/ws.ts` (`WsServer`: `close(1008, 'invalid x-self-id')`), `src/bot/index.ts` (`selfId` required)",
      'docs/frameworks/koishi.md in this repository',
    ],
    example: '# koishi.yml\nplugins:\n  adapter-onebot:\n    selfId: "10001"\n# config/onebot11_12345.json (NapCat logs in as 12345)',
    fix: "Set `selfId` to the implementation's account number (as a string).",
  },
  checkLink(link, ctx) {
    if (link.framework !== 'koishi' || link.kind !== 'reverse-ws') return;
    const account = link.implConfig.selfId;
    const ids = link.fw.selfIds;
    if (!account || !ids || ids.length === 0 || ids.some((i) => i.value === account)) return;
    const name = implName(link.impl);
    const first = ids[0];
    const implAt = link.implConfig.selfIdNode ? { file: link.implConfig.selfIdNode.file, range: link.implConfig.selfIdNode.valueRange } : link.impl.anchor;
    reportBoth(ctx, link, {
      impl: {
        at: implAt,
        label: t(`${name} logs in as ${account}`, `${name} 以 ${account} 登录`),
        message: t(
          `${name} logs in as ${account} and sends X-Self-ID: ${account}, but Koishi's OneBot adapter expects selfId ${ids.map((i) => i.value).join(', ')}: Koishi accepts the connection, then closes it with 1008 "invalid x-self-id". Set selfId to ${account}.`,
          `${name} 以 ${account} 登录并发送 X-Self-ID: ${account}，但 Koishi 的 OneBot 适配器期望 selfId 为 ${ids.map((i) => i.value).join('、')}：Koishi 会接受连接，随后以 1008 "invalid x-self-id" 关闭。请将 selfId 设为 ${account}。`,
        ),
      },
      fw: first.loc && {
        at: first.loc,
        label: t("Koishi's selfId", 'Koishi 的 selfId'),
        message: t(
          `selfId ${first.value} is not the account ${name} logs in as (${account}): Koishi closes its connection with 1008 "invalid x-self-id". Set selfId to "${account}".`,
          `selfId ${first.value} 不是 ${name} 登录的账号（${account}）：Koishi 会以 1008 "invalid x-self-id" 关闭其连接。请将 selfId 设为 "${account}"。`,
        ),
      },
      fixes: first.loc
        ? [
            {
              title: t(`Set selfId to "${account}"`, `将 selfId 设为 "${account}"`),
              edits: [{ file: first.loc.file, range: first.loc.range, newText: `'${account}'` }],
              preferred: true,
            },
          ]
        : [],
    });
  },
};
