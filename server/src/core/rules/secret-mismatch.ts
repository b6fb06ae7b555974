import type { Rule } from './types';
import { masked, t } from '../l10n';
import { fix, secretFix, related, replaceJsonValue, setEnvSetting, addJsonField } from './lib/edits';
import { assumedNote, fieldOrAnchor, implLabel, settingOrigin } from './lib/sides';
import { parseDialUrl } from '../link/urls';

const V11_HTTP_ROUTES = ['/onebot/v11/', '/onebot/v11/http', '/onebot/v11/http/'];

export const rule: Rule = {
  code: 'secret-mismatch',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t("HttpPost Secret or path does not match NoneBot", 'HttpPost 的 Secret 或路径与 NoneBot 不匹配'),
  doc: {
    checks: "An HttpPost entry's `Secret` differs from NoneBot's `ONEBOT_SECRET` (`ONEBOT_V11_SECRET`), or its `Suffix` is not one of NoneBot's V11 HTTP routes (`/onebot/v11/`, `/onebot/v11/http`, `/onebot/v11/http/`).",
    why: "Lagrange signs each post with `X-Signature: sha1=HMAC-SHA1(Secret, body)`; NoneBot verifies it with ONEBOT_SECRET and rejects a mismatch. Lagrange ignores responses and logs nothing for non-2xx answers, so a wrong secret or path fails silently. HttpPost sends no Authorization header: AccessToken does not apply.",
    sources: ['lagrange-onebot.md §6 (`Svc/HttpPostService.cs` L38-97), §8', 'nonebot-onebot.md §1 (HTTP routes), §6 (ONEBOT_SECRET)'],
    example: '// appsettings.json, HttpPost entry\n"Secret": "a"\n# .env\nONEBOT_SECRET=b',
    fix: 'Make Secret and ONEBOT_SECRET equal (or both empty); set Suffix to `/onebot/v11/http`.',
  },
  check(ctx) {
    for (const link of ctx.model.links) {
      if (link.kind !== 'http-post') continue;
      const impl = link.impl;
      const label = implLabel(impl);
      const note = assumedNote(link);
      const nbSecret = link.nonebot.secret?.value ?? '';
      if (impl.secret !== nbSecret) {
        const where = fieldOrAnchor(impl, 'Secret');
        const s = link.nonebot.secret;
        const origin = settingOrigin(s);
        const secretNode = impl.fields['secret'];
        const toLagrange = secretNode ? replaceJsonValue(secretNode, JSON.stringify(nbSecret)) : addJsonField(impl, 'Secret', JSON.stringify(nbSecret), ctx.text);
        const fixes = [
          ...(toLagrange ? [secretFix(t("Use NoneBot's secret in appsettings.json", '在 appsettings.json 中使用 NoneBot 的密钥'), [toLagrange])] : []),
          secretFix(t("Use Lagrange's secret in NoneBot's config", '在 NoneBot 配置中使用 Lagrange 的密钥'), [setEnvSetting(link.nonebot, s?.name ?? 'ONEBOT_SECRET', impl.secret, ctx.text, s)]),
        ];
        const msg = t(
          `${label.en} signs posts with Secret ${masked(impl.secret).en}, but NoneBot's ONEBOT_SECRET is ${masked(nbSecret).en} (from ${origin.en}): NoneBot rejects the events and Lagrange logs nothing.${note.en}`,
          `${label.zh} 使用 Secret ${masked(impl.secret).zh} 签名，但 NoneBot 的 ONEBOT_SECRET 为 ${masked(nbSecret).zh}（来自 ${origin.zh}）：NoneBot 会拒绝这些事件，而 Lagrange 不会记录任何日志。${note.zh}`,
        );
        ctx.report({ file: where.file, range: where.range, message: msg, related: s?.entry ? [related(s.entry.file, s.entry.valueRange, t('ONEBOT_SECRET', 'ONEBOT_SECRET'))] : [], fixes });
        if (s?.entry) ctx.report({ file: s.entry.file, range: s.entry.valueRange, message: msg, related: [related(where.file, where.range, t("Lagrange's Secret", 'Lagrange 的 Secret'))], fixes });
      }
      const target = link.url ? parseDialUrl(link.url) : undefined;
      if (target && !V11_HTTP_ROUTES.includes(target.path)) {
        const where = fieldOrAnchor(impl, 'Suffix');
        const suffixNode = impl.fields['suffix'];
        const edit = suffixNode ? replaceJsonValue(suffixNode, '"/onebot/v11/http"') : addJsonField(impl, 'Suffix', '"/onebot/v11/http"', ctx.text);
        ctx.report({
          file: where.file,
          range: where.range,
          message: t(
            `${label.en} posts to ${link.url}, which is not a NoneBot OneBot V11 HTTP route (/onebot/v11/http, /onebot/v11/http/, /onebot/v11/): the events are lost without a log line.${note.en}`,
            `${label.zh} 推送到 ${link.url}，这不是 NoneBot 的 OneBot V11 HTTP 路由（/onebot/v11/http、/onebot/v11/http/、/onebot/v11/）：事件会丢失且没有日志。${note.zh}`,
          ),
          fixes: edit ? [fix(t('Set Suffix to "/onebot/v11/http"', '将 Suffix 设为 "/onebot/v11/http"'), [edit], true)] : [],
        });
      }
    }
  },
};
