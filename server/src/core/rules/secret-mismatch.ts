import * as path from 'node:path';
import type { Rule } from './types';
import type { Fix, Localized } from '../model';
import { masked, t } from '../l10n';
import { fix, secretFix, related, setEnvSetting } from './lib/edits';
import { displayUrl, fromProcessEnvOnly, nonebotSecretValue, processEnvNote, settingOrigin, settingValueLocation } from './lib/sides';
import { assumedNote, implFieldLoc, implName } from './lib/link';
import { editImpl } from '../impl';
import { registrationAnchor } from './lib/adapters';
import { parseDialUrl } from '../link/urls';
import { editKoishi } from '../framework/koishi/editor';
import type { RuleContext } from './types';
import type { ImplEndpoint, Link } from '../model';

import { V11_HTTP_ROUTES } from '../nonebot/endpoints';
/** Paths that reach a route through Starlette's trailing-slash redirect (HTTP only: 307, which .NET's HttpClient follows). */
const REDIRECTED = ['/onebot/v11'];

export const rule: Rule = {
  code: 'secret-mismatch',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('The HTTP POST signing secret or path does not match the framework', 'HTTP POST 的签名密钥或路径与框架不匹配'),
  doc: {
    checks:
      "The secret an implementation signs its HTTP POST events with (Lagrange HttpPost `Secret`, NapCat `httpClients[].token`, go-cqhttp `servers[].http.post[].secret`, LLOneBot `http-post` `token` or flat `ob11.httpSecret`) differs from NoneBot's `ONEBOT_V11_SECRET` / `ONEBOT_SECRET` or from the `secret` of Koishi's OneBot adapter with `protocol: http` (either side non-empty), or (NoneBot) the path it posts to is not one of NoneBot's V11 HTTP routes (`/onebot/v11/`, `/onebot/v11/http`, `/onebot/v11/http/`).",
    why: "Lagrange signs each post with `X-Signature: sha1=HMAC-SHA1(Secret, body)` when Secret is non-empty; NoneBot verifies it only when ONEBOT_SECRET is set (missing signature → 401, wrong → 403). Lagrange ignores responses and logs nothing for non-2xx answers, so a wrong secret or path fails silently. A Secret that only Lagrange has is never checked: anyone who reaches the port can post events. HttpPost sends no Authorization header: AccessToken does not apply. `/onebot/v11` (no slash) is not reported for HttpPost: Starlette redirects HTTP requests to `/onebot/v11/` with a 307, which .NET's HttpClient follows with the same body (inferred from both libraries' defaults, not observed).",
    sources: [
      'docs/facts/lagrange.md#httppost (`Lagrange.OneBot/Core/Network/Service/HttpPostService.cs` L38-97), docs/facts/lagrange.md#documentation-and-nonebot-counterpart',
      'docs/facts/nonebot.md#routes (HTTP routes), docs/facts/nonebot.md#adapter-settings (ONEBOT_SECRET)',
      'adapter-onebot `nonebot/adapters/onebot/v11/adapter.py` `_check_signature` (401 "Missing Signature", 403 "Signature is invalid")',
      "NapNeko/NapCatQQ b11bd256 `packages/napcat-onebot/network/http-client.ts` (`OB11HttpClientAdapter`: the entry's token is the HMAC-SHA1 key of `x-signature`, no Authorization header); Mrs4s/go-cqhttp a5923f1 `server/http.go` (`post[].secret`); LLOneBot/LuckyLilliaBot 91b3fdd7 `src/onebot11/connect/http.ts` (`OB11HttpPost`: the `token` signs `x-signature`)",
      'koishijs/koishi-plugin-adapter-onebot `src/http.ts` (`HttpServer`: `secret` set → no signature 401, wrong 403)',
    ],
    example: '// appsettings.json, HttpPost entry\n"Secret": "a"\n# .env\nONEBOT_SECRET=b',
    fix: 'Make Secret and ONEBOT_SECRET equal (or both empty); set Suffix to `/onebot/v11/http`.',
  },
  checkLink(link, ctx) {
    if (link.kind === 'http-post' && link.framework === 'koishi') return koishiSecret(link, ctx);
    {
      if (link.kind !== 'http-post' || link.framework !== 'nonebot') return;
      const ep = link.impl;
      const implSecret = ep.secret ?? '';
      const key = secretKey(ep);
      const name0 = implName(ep);
      const p = link.nonebot;
      const label = ep.label;
      const note = assumedNote(link);
      const s = p.secret;
      const nb = nonebotSecretValue(s);
      const nbSecret = nb.value;
      if (implSecret !== nbSecret) {
        const where = implFieldLoc(ep, 'secret');
        const origin = settingOrigin(s);
        const secretNode = ep.secretNode;
        const toLagrange = editImpl(ep, 'secret', nbSecret, ctx.text);
        const name = s?.name ?? 'ONEBOT_SECRET';
        const fixes: Fix[] = [];
        if (toLagrange)
          fixes.push(
            nbSecret === ''
              ? fix(t(`Empty ${name0}'s secret (no signature check)`, `清空 ${name0} 的 secret（不校验签名）`), toLagrange)
              : secretFix(
                  t(`Use NoneBot's secret in ${path.basename(where.file)}`, `在 ${path.basename(where.file)} 中使用 NoneBot 的密钥`),
                  toLagrange,
                  implSecret === '',
                ),
          );
        if (!fromProcessEnvOnly(s)) {
          const edit = setEnvSetting(p, name, implSecret, ctx.text, s?.entry ? s : undefined);
          fixes.push(
            implSecret === ''
              ? fix(t(`Empty ${name} in NoneBot (no signature check)`, `清空 NoneBot 的 ${name}（不校验签名）`), [edit])
              : secretFix(t(`Use ${name0}'s secret in NoneBot's config`, `在 NoneBot 配置中使用 ${name0} 的密钥`), [edit], nbSecret === ''),
          );
        }
        let effect: Localized;
        if (nbSecret === '')
          effect = t(
            `${label.en} signs posts with ${key} ${masked(implSecret).en}, but NoneBot has no ${name}${s?.entry ? ` (empty, from ${origin.en})` : ''} and checks no signature: anyone who reaches the port can post fake events. Set ${name} to the same secret.`,
            `${label.zh} 使用 ${key} ${masked(implSecret).zh} 签名，但 NoneBot 没有设置 ${name}${s?.entry ? `（为空，来自 ${origin.zh}）` : ''}，不会校验签名：任何能访问该端口的人都能伪造事件。请将 ${name} 设为相同的密钥。`,
          );
        else if (implSecret === '')
          effect = t(
            `${label.en} has no ${key}, so it sends no X-Signature, but NoneBot's ${name} is ${masked(nbSecret).en} (from ${origin.en}): NoneBot answers every post with 401 "Missing Signature" and ${name0} logs nothing. Set ${key} to the same value.`,
            `${label.zh} 没有 ${key}，不会发送 X-Signature，但 NoneBot 的 ${name} 为 ${masked(nbSecret).zh}（来自 ${origin.zh}）：NoneBot 会对每次推送返回 401 "Missing Signature"，而 ${name0} 不会记录任何日志。请将 ${key} 设为相同的值。`,
          );
        else
          effect = t(
            `${label.en} signs posts with ${key} ${masked(implSecret).en}, but NoneBot's ${name} is ${masked(nbSecret).en} (from ${origin.en}): NoneBot answers every post with 403 "Signature is invalid" and ${name0} logs nothing. Make them equal.`,
            `${label.zh} 使用 ${key} ${masked(implSecret).zh} 签名，但 NoneBot 的 ${name} 为 ${masked(nbSecret).zh}（来自 ${origin.zh}）：NoneBot 会对每次推送返回 403 "Signature is invalid"，而 ${name0} 不会记录任何日志。请让两边相同。`,
          );
        const envNote = processEnvNote(s);
        const nbLoc = settingValueLocation(p, s, ctx.text);
        const msg = t(`${effect.en}${nb.versionNote.en}${envNote.en}${note.en}`, `${effect.zh}${nb.versionNote.zh}${envNote.zh}${note.zh}`);
        ctx.report({
          file: where.file,
          range: where.range,
          message: msg,
          related: [
            s?.entry
              ? related(s.entry.file, s.entry.valueRange, t(`NoneBot's ${name}`, `NoneBot 的 ${name}`))
              : related(nbLoc.file, nbLoc.range, t(`NoneBot sets no ${name}`, `NoneBot 没有设置 ${name}`)),
          ],
          fixes,
        });
        if (s?.entry)
          ctx.report({
            file: s.entry.file,
            range: s.entry.valueRange,
            message: msg,
            related: [related(where.file, where.range, secretNode ? t(`${name0}'s secret`, `${name0} 的 secret`) : label)],
            fixes: [...fixes].reverse(),
          });
      }
      const target = link.url ? parseDialUrl(link.url) : undefined;
      if (target && !V11_HTTP_ROUTES.includes(target.path) && !REDIRECTED.includes(target.path)) {
        const where = implFieldLoc(ep, 'path');
        const edit = editImpl(ep, 'path', '/onebot/v11/http', ctx.text);
        const reg = p.adapters.list.find((a) => a.onebot === 'v11');
        const anchor = reg ? { file: reg.file, range: reg.range } : registrationAnchor(p, ctx.text);
        ctx.report({
          file: where.file,
          range: where.range,
          message: t(
            `${label.en} posts to ${displayUrl(link.url ?? '')}, which is not a NoneBot OneBot V11 HTTP route (/onebot/v11/http, /onebot/v11/http/, /onebot/v11/): NoneBot answers 404 and the events are lost without a log line in ${name0}. Use the path "/onebot/v11/http".${note.en}`,
            `${label.zh} 推送到 ${displayUrl(link.url ?? '')}，这不是 NoneBot 的 OneBot V11 HTTP 路由（/onebot/v11/http、/onebot/v11/http/、/onebot/v11/）：NoneBot 会返回 404，事件会丢失，而 ${name0} 没有任何日志。请使用路径 "/onebot/v11/http"。${note.zh}`,
          ),
          related: anchor
            ? [
                related(
                  anchor.file,
                  anchor.range,
                  t(
                    "NoneBot's OneBot V11 adapter serves /onebot/v11/http, /onebot/v11/http/ and /onebot/v11/",
                    'NoneBot 的 OneBot V11 适配器提供 /onebot/v11/http、/onebot/v11/http/ 和 /onebot/v11/',
                  ),
                ),
              ]
            : [],
          fixes: edit
            ? [
                fix(
                  ep.lagrange
                    ? t('Set Suffix to "/onebot/v11/http"', '将 Suffix 设为 "/onebot/v11/http"')
                    : t('Post to the path "/onebot/v11/http"', '推送到路径 "/onebot/v11/http"'),
                  edit,
                  true,
                ),
              ]
            : [],
        });
      }
    }
  },
};

/** The key that holds an implementation's HTTP POST signing secret, as its file spells it. */
function secretKey(ep: ImplEndpoint): string {
  switch (ep.implementation) {
    case 'napcat':
      return 'token';
    case 'gocqhttp':
      return 'secret';
    case 'llonebot':
      return ep.key.includes('connect') ? 'token' : 'httpSecret';
    default:
      return 'Secret';
  }
}

/**
 * Koishi's OneBot adapter with `protocol: http` checks `X-Signature` only when its `secret` is set: no signature →
 * 401, a wrong one → 403 (koishijs/koishi-plugin-adapter-onebot c32206b src/http.ts `HttpServer`).
 */
function koishiSecret(link: Link & { framework: 'koishi' }, ctx: RuleContext): void {
  const ep = link.impl;
  const implSecret = ep.secret ?? '';
  const kSecret = link.fw.secret ?? '';
  if (implSecret === kSecret) return;
  const key = secretKey(ep);
  const name = implName(ep);
  const label = ep.label;
  const note = assumedNote(link);
  const where = implFieldLoc(ep, 'secret');
  const kAt = link.fw.secretLoc ?? link.fw.anchor;
  const fixes: Fix[] = [];
  const toImpl = editImpl(ep, 'secret', kSecret, ctx.text);
  if (toImpl)
    fixes.push(
      kSecret === ''
        ? fix(t(`Empty ${name}'s ${key} (no signature)`, `清空 ${name} 的 ${key}（不签名）`), toImpl)
        : secretFix(
            t(`Use Koishi's secret in ${path.basename(where.file)}`, `在 ${path.basename(where.file)} 中使用 Koishi 的密钥`),
            toImpl,
            implSecret === '',
          ),
    );
  if (implSecret !== '') {
    const toKoishi = editKoishi(link.koishi.file, link.fw, 'secret', implSecret, ctx.text);
    if (toKoishi) fixes.push(secretFix(t(`Use ${name}'s secret in koishi.yml`, `在 koishi.yml 中使用 ${name} 的密钥`), toKoishi, kSecret === ''));
  }
  const msg =
    kSecret === ''
      ? t(
          `${label.en} signs posts with ${key} ${masked(implSecret).en}, but Koishi's OneBot adapter has no secret and checks no signature: anyone who reaches the port can post fake events. Set the adapter's secret to the same value.${note.en}`,
          `${label.zh} 使用 ${key} ${masked(implSecret).zh} 签名，但 Koishi 的 OneBot 适配器没有设置 secret，不会校验签名：任何能访问该端口的人都能伪造事件。请把适配器的 secret 设为相同的值。${note.zh}`,
        )
      : implSecret === ''
        ? t(
            `${label.en} has no ${key}, so it sends no X-Signature, but Koishi's OneBot adapter has secret ${masked(kSecret).en}: Koishi answers every post with 401 and ${name} logs nothing. Set ${key} to the same value.${note.en}`,
            `${label.zh} 没有 ${key}，不会发送 X-Signature，但 Koishi 的 OneBot 适配器的 secret 为 ${masked(kSecret).zh}：Koishi 会对每次推送返回 401，而 ${name} 不会记录任何日志。请将 ${key} 设为相同的值。${note.zh}`,
          )
        : t(
            `${label.en} signs posts with ${key} ${masked(implSecret).en}, but Koishi's OneBot adapter has secret ${masked(kSecret).en}: Koishi answers every post with 403 and ${name} logs nothing. Make them equal.${note.en}`,
            `${label.zh} 使用 ${key} ${masked(implSecret).zh} 签名，但 Koishi 的 OneBot 适配器的 secret 为 ${masked(kSecret).zh}：Koishi 会对每次推送返回 403，而 ${name} 不会记录任何日志。请让两边相同。${note.zh}`,
          );
  ctx.report({
    file: where.file,
    range: where.range,
    message: msg,
    related: [
      related(kAt.file, kAt.range, link.fw.secretLoc ? t("Koishi's secret", 'Koishi 的 secret') : t("Koishi's OneBot adapter", 'Koishi 的 OneBot 适配器')),
    ],
    fixes,
  });
  if (link.fw.secretLoc)
    ctx.report({
      file: kAt.file,
      range: kAt.range,
      message: msg,
      related: [related(where.file, where.range, t(`${name}'s ${key}`, `${name} 的 ${key}`))],
      fixes: [...fixes].reverse(),
    });
}
