import * as path from 'node:path';
import type { Rule } from './types';
import type { EnvEntry, Fix, Localized, RelatedInfo } from '../model';
import { masked, t } from '../l10n';
import { fix, secretFix, related, setEnvSetting } from './lib/edits';
import { fromProcessEnvOnly, misspeltTokenEntries } from './lib/sides';
import { assumedNote, implFieldLoc, implFix, implName, reportBoth } from './lib/link';
import { WRONG_KEYS } from '../nonebot/keys';
import { LineIndex } from '../text/lineIndex';

const TOKEN_KEYS = ['ONEBOT_ACCESS_TOKEN', 'ONEBOT_V11_ACCESS_TOKEN'];

export const rule: Rule = {
  code: 'token-unused',
  defaultSeverity: 'warning',
  scope: 'cross',
  title: t('The implementation sends a token that the framework does not check', '实现端发送了令牌，但框架不校验'),
  doc: {
    checks:
      "The ReverseWebSocket entry has a non-empty `AccessToken` while NoneBot's V11 adapter has no token: unset, empty, set under a name NoneBot does not read (such as `ONE_BOT_ACCESS_TOKEN`), commented out, or set only in a `.env.*` file that ENVIRONMENT does not select.",
    why: 'NoneBot checks the token only when one is configured (`if access_token and access_token != token`); otherwise it accepts any handshake. The link works, but anyone who reaches the port can connect as your bot and receive its messages. The much-copied `ONE_BOT_ACCESS_TOKEN` is not a NoneBot key: it silently leaves auth off (observed: 101 with no Authorization).',
    sources: [
      'docs/facts/nonebot.md#handshake-checks (adapter-onebot `v11/adapter.py` `_check_access_token`), docs/facts/nonebot.md#observed-handshake-results ("ONE_BOT_ACCESS_TOKEN=s3cret → 101 with no Authorization"), docs/facts/nonebot.md#adapter-settings, docs/facts/nonebot.md#env-file-loading',
      'Ailitonia/omega-miya#154 (token line commented out)',
    ],
    example: '// appsettings.json\n"AccessToken": "s3cret"\n# .env\nONE_BOT_ACCESS_TOKEN=s3cret',
    fix: 'Set `ONEBOT_ACCESS_TOKEN` in the `.env` file NoneBot loads to the same value (the preferred quick fix), or rename the misspelt key.',
  },
  checkLink(link, ctx) {
    if (link.kind !== 'reverse-ws') return;
    const ep = link.impl;
    const sent = ep.token;
    if (!sent) return;
    const tokAt = implFieldLoc(ep, 'token');
    const a = masked(sent);
    const name = implName(ep);
    const emptyImpl = implFix(ep, 'token', '', t(`Empty ${name}'s token (auth stays off)`, `清空 ${name} 的令牌（鉴权保持关闭）`), ctx.text);
    if (link.framework === 'koishi') {
      // Koishi's OneBot adapter never compares the token on reverse WebSocket (koishijs/koishi-plugin-adapter-onebot, src/ws.ts).
      reportBoth(ctx, link, {
        impl: {
          at: tokAt,
          label: t(`${name}'s token`, `${name} 的令牌`),
          message: t(
            `${ep.label.en} sends token ${a.en}, but Koishi's OneBot adapter never checks the token on a reverse WebSocket: it only compares X-Self-ID with selfId, so anyone who reaches the port and knows the account number can connect as this bot. Keep the port private (listen on 127.0.0.1 or behind a firewall).`,
            `${ep.label.zh} 发送了令牌 ${a.zh}，但 Koishi 的 OneBot 适配器在反向 WebSocket 上从不校验令牌：它只比较 X-Self-ID 与 selfId，任何能访问该端口并知道账号的人都能以此机器人身份连接。请保持端口私有（监听 127.0.0.1 或置于防火墙后）。`,
          ),
        },
        fixes: emptyImpl ? [emptyImpl] : [],
      });
      return;
    }
    const p = link.nonebot;
    const setting = p.accessToken;
    const nbValue = setting?.value;
    if (nbValue !== undefined && nbValue !== '') return;

    // Why NoneBot has no token: the usual causes, each with the line it comes from.
    const causes: { text: Localized; at: RelatedInfo }[] = [];
    const wrong = misspeltTokenEntries(p);
    for (const w of wrong) {
      const right = WRONG_KEYS[w.key.toUpperCase()];
      causes.push({
        text: t(` ${w.key} is not a NoneBot key (it should be ${right}).`, `${w.key} 不是 NoneBot 的配置项（应为 ${right}）。`),
        at: related(w.file, w.keyRange, t(`not a NoneBot key: did you mean ${right}?`, `不是 NoneBot 的配置项：是否应为 ${right}？`)),
      });
    }
    const inactive: EnvEntry[] = p.envFiles
      .filter((f) => !p.loaded.includes(f.file))
      .flatMap((f) => f.entries)
      .filter((e) => TOKEN_KEYS.includes(e.key.toUpperCase()) && e.value);
    for (const e of inactive) {
      const file = path.basename(e.file);
      causes.push({
        text: t(
          ` ${e.key} is set in ${file}, which NoneBot does not load (ENVIRONMENT=${p.environment}).`,
          `${e.key} 写在 ${file} 中，但 NoneBot 不会加载该文件（ENVIRONMENT=${p.environment}）。`,
        ),
        at: related(e.file, e.valueRange, t(`not loaded: ENVIRONMENT=${p.environment}`, `未加载：ENVIRONMENT=${p.environment}`)),
      });
    }
    for (const file of p.loaded) {
      const body = ctx.text(file);
      if (body === undefined) continue;
      const idx = new LineIndex(body);
      for (let l = 0; l < idx.lineCount; l++) {
        const m = /^(\s*#\s*)(\w*?(ONEBOT_(?:V11_)?ACCESS_TOKEN))\s*=/i.exec(idx.lineText(l));
        if (!m) continue;
        const start = m[1].length;
        causes.push({
          text: t(
            ` The ${m[3].toUpperCase()} line in ${path.basename(file)} is commented out.`,
            `${path.basename(file)} 中的 ${m[3].toUpperCase()} 一行被注释掉了。`,
          ),
          at: related(file, { start: { line: l, character: start }, end: { line: l, character: start + m[2].length } }, t('commented out', '已被注释')),
        });
      }
    }
    const hint: Localized = { en: causes.map((c) => c.text.en).join(''), zh: causes.map((c) => c.text.zh).join('') };

    const key = setting?.name ?? 'ONEBOT_ACCESS_TOKEN';
    const fixes: Fix[] = [];
    if (!fromProcessEnvOnly(setting))
      fixes.push(
        secretFix(
          t(`Set ${key} to ${name}'s token`, `将 ${key} 设为 ${name} 的令牌`),
          [setEnvSetting(p, key, sent, ctx.text, setting?.entry ? setting : undefined)],
          true,
        ),
      );
    if (emptyImpl) fixes.push(emptyImpl);

    const empty = setting?.entry;
    reportBoth(ctx, link, {
      impl: {
        at: tokAt,
        label: t(`${name}'s token`, `${name} 的令牌`),
        message: t(
          `${ep.label.en} sends token ${a.en}, but NoneBot checks no token: auth is off and anyone who reaches the port can connect as this bot. Set ${key} in NoneBot to the same value.${hint.en}`,
          `${ep.label.zh} 发送了令牌 ${a.zh}，但 NoneBot 不校验令牌：鉴权处于关闭状态，任何能访问该端口的人都能以此机器人身份连接。请在 NoneBot 中将 ${key} 设为相同的值。${hint.zh}`,
        ),
      },
      fw: empty && {
        at: { file: empty.file, range: empty.valueRange },
        label: t(`${empty.key} is empty`, `${empty.key} 为空`),
        message: t(
          `${empty.key} is empty, so NoneBot checks no token while ${ep.label.en} sends ${a.en}: auth is off. Set it to the same token.`,
          `${empty.key} 为空，因此 NoneBot 不校验令牌，而 ${ep.label.zh} 发送了 ${a.zh}：鉴权处于关闭状态。请设为相同的令牌。`,
        ),
      },
      fixes,
      fwFixes: fixes,
      related: causes.map((c) => c.at),
    });
    for (const w of wrong) {
      const right = WRONG_KEYS[w.key.toUpperCase()];
      ctx.report({
        file: w.file,
        range: w.keyRange,
        message: t(
          `NoneBot does not read ${w.key}, so it checks no token while ${ep.label.en} sends ${a.en}: auth is off. The key is ${right}.${assumedNote(link).en}`,
          `NoneBot 不读取 ${w.key}，因此在 ${ep.label.zh} 发送 ${a.zh} 时不会校验令牌：鉴权处于关闭状态。正确的键名是 ${right}。${assumedNote(link).zh}`,
        ),
        related: [related(tokAt.file, tokAt.range, t(`${name}'s token`, `${name} 的令牌`))],
        fixes: [fix(t(`Rename to ${right}`, `重命名为 ${right}`), [{ file: w.file, range: w.keyRange, newText: right }], true)],
      });
    }
  },
};
