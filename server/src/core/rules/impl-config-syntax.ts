import type { Rule } from './types';
import { t } from '../l10n';
import { IMPL_NAMES } from '../impl';

export const rule: Rule = {
  code: 'impl-config-syntax',
  defaultSeverity: 'error',
  scope: 'implementation',
  title: t("The implementation's config does not parse as that program parses it", '实现端的配置文件无法按该程序的方式解析'),
  doc: {
    checks:
      "NapCat's `onebot11_<uin>.json` (JSON5), go-cqhttp's `config.yml` (YAML after `${VAR}` expansion) and LLOneBot's `config_<uin>.json` parse the way each program parses them. One diagnostic per file, at the first real error, saying what the program then does. (Lagrange's `appsettings.json`: `json-syntax`.)",
    why: 'The programs react differently, and two of them silently: NapCat logs the error and carries on with an empty config, so every network entry is gone and nothing connects, with no error where users look; LLOneBot falls back to its defaults (every connection disabled); go-cqhttp refuses to start ("配置文件不合法!").',
    sources: [
      'NapNeko/NapCatQQ `packages/napcat-core/helper/config-base.ts` (JSON5 parse; on error the default config is used)',
      'Mrs4s/go-cqhttp `modules/config/config.go` (`Parse`: env expansion, then yaml.v3; "配置文件不合法!")',
      'LLOneBot/LuckyLilliaBot `src/main/config/index.ts` (parse error → default config)',
      'docs/implementations/*.md in this repository',
    ],
    example: '// config/onebot11_12345.json\n{ "network": { "websocketClients": [ { "url": "ws://127.0.0.1:8080/onebot/v11/ws" "enable": true } ] } }',
    fix: 'Correct the file at the reported position; then restart the implementation (it reads its config at startup).',
  },
  checkImpl(cfg, ctx) {
    const seen = new Set<string>();
    for (const p of cfg.problems) {
      if (seen.has(p.file)) continue; // one clear message per file
      seen.add(p.file);
      const then = cfg.parseFailure;
      ctx.report({
        file: p.file,
        range: p.range,
        message: then
          ? t(`${p.message.en} ${then.en}`, `${p.message.zh}${then.zh}`)
          : t(`${IMPL_NAMES[cfg.implementation]}: ${p.message.en}`, `${IMPL_NAMES[cfg.implementation]}：${p.message.zh}`),
      });
    }
  },
};
