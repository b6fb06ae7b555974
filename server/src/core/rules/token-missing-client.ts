import type { Rule } from './types';
import type { Fix } from '../model';
import { masked, t } from '../l10n';
import { fix, replaceEnvValue } from './lib/edits';
import { fromProcessEnvOnly, nonebotSecretValue, processEnvNote, settingOrigin } from './lib/sides';
import { implFieldLoc, implFix, implName, reportBoth } from './lib/link';

export const rule: Rule = {
  code: 'token-missing-client',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('NoneBot requires a token that the implementation does not send', 'NoneBot 要求令牌，但实现端没有发送'),
  doc: {
    checks: 'NoneBot\'s OneBot V11 adapter has a token configured while the ReverseWebSocket entry has no `AccessToken` key, or `"AccessToken": ""`.',
    why: 'Without the key Lagrange sends no `Authorization` header; with `""` it still sends the header, trimmed to a bare `Authorization: Bearer`. NoneBot then answers 403 ("Missing Authorization Header" / "Authorization Header is invalid", visible only in NoneBot\'s log). The V11 adapter does not read `?access_token=`.',
    sources: [
      'docs/facts/lagrange.md#handshake-headers (`ReverseWSService.cs` L93-104: `AccessToken != null` → header; `WebHeaderCollection.Set` trims)',
      'docs/facts/nonebot.md#handshake-checks and docs/facts/nonebot.md#observed-handshake-results (observed 403 for no Authorization), docs/facts/nonebot.md#known-failure-reports',
      'tkgs0/Momoko#2, CMHopeSunshine/LittlePaimon#76, Ailitonia/omega-miya#154',
    ],
    example: '// appsettings.json\n"AccessToken": ""\n# .env\nONEBOT_ACCESS_TOKEN=s3cret',
    fix: "Set Lagrange's `AccessToken` to NoneBot's token (the preferred quick fix), or empty NoneBot's token if the port is only reachable locally (auth off).",
  },
  checkLink(link, ctx) {
    if (link.kind !== 'reverse-ws' || link.framework !== 'nonebot') return;
    const ep = link.impl;
    const setting = link.nonebot.accessToken;
    const nb = nonebotSecretValue(setting);
    const sent = ep.token;
    if (!setting || nb.value === '' || (sent !== null && sent !== '')) return;
    const origin = settingOrigin(setting);
    const name = implName(ep);
    const where = implFieldLoc(ep, 'token');
    const fixes: Fix[] = [];
    const setIt = implFix(ep, 'token', nb.value, t(`Set ${name}'s token to NoneBot's token`, `将 ${name} 的令牌设为 NoneBot 的令牌`), ctx.text, {
      preferred: true,
      sensitive: true,
    });
    if (setIt) fixes.push(setIt);
    if (setting.entry && !fromProcessEnvOnly(setting))
      fixes.push(
        fix(t(`Empty ${setting.name} in NoneBot (turns auth off)`, `清空 NoneBot 的 ${setting.name}（关闭鉴权）`), [replaceEnvValue(setting.entry, '')]),
      );
    const sends =
      sent === null || ep.auth === 'token-if-nonempty'
        ? t(`has no token, so ${name} sends no Authorization header`, `没有令牌，${name} 不会发送 Authorization 头`)
        : t(`has an empty token, so ${name} sends a bare "Authorization: Bearer"`, `的令牌为空，${name} 会发送空的 "Authorization: Bearer"`);
    const b = masked(nb.value);
    const envNote = processEnvNote(setting);
    reportBoth(ctx, link, {
      impl: {
        at: where,
        label: ep.tokenNode ? t(`${name}'s token`, `${name} 的令牌`) : ep.label,
        message: t(
          `${ep.label.en} ${sends.en}, but NoneBot requires ${setting.name} ${b.en} (from ${origin.en}): every handshake is rejected with 403. Set the token to NoneBot's.${nb.versionNote.en}${envNote.en}`,
          `${ep.label.zh} ${sends.zh}，但 NoneBot 要求 ${setting.name} ${b.zh}（来自 ${origin.zh}）：每次握手都会被 403 拒绝。请把令牌设为与 NoneBot 相同。${nb.versionNote.zh}${envNote.zh}`,
        ),
      },
      fw: setting.entry && {
        at: { file: setting.entry.file, range: setting.entry.valueRange },
        label: t(`NoneBot's token (${origin.en})`, `NoneBot 的令牌（${origin.zh}）`),
        message: t(
          `NoneBot requires this token, but ${ep.label.en} ${sends.en}: every handshake is rejected with 403. Put the same token in ${name}'s config.${nb.versionNote.en}`,
          `NoneBot 要求此令牌，但 ${ep.label.zh} ${sends.zh}：每次握手都会被 403 拒绝。请在 ${name} 的配置中填写相同的令牌。${nb.versionNote.zh}`,
        ),
      },
      fixes,
      fwFixes: fixes,
    });
  },
};
