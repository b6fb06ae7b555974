import type { Rule } from './types';
import { t } from '../l10n';

export const rule: Rule = {
  code: 'napcat-image-env',
  defaultSeverity: 'warning',
  scope: 'implementation',
  title: t("What NapCat's Docker image does with the service's environment", 'NapCat 的 Docker 镜像如何处理服务的环境变量'),
  doc: {
    checks:
      "A compose service runs NapCat's Docker image (mlikiowa/napcat-docker) and its environment describes the OneBot config: `MODE` names no template, `MODE` replaces the `onebot11.json` of the workspace, or the service sets the variables (`WSR_ENABLE`, `WS_URLS`, `TOKEN`, `HTTP_*`, `WS_*`) that only images built before 2024-11-18 read.",
    why: "The image's entrypoint writes NapCat's config when the container starts: `MODE=<name>` copies one of its templates to `config/onebot11.json` at every start (a name it does not have makes the copy fail, and NapCat runs with no connection); until 2024-11-18 it wrote `onebot11_<ACCOUNT>.json` once, from those variables, on the first start only. With a current image they configure nothing, and nothing says so.",
    sources: [
      'NapNeko/NapCat-Docker `entrypoint.sh` (MODE since commit bd117b7, 2025-03-07; the variables until commit 71ccc9a, 2024-11-18, as of commit 60dc2d7)',
      'NapNeko/NapCat-Docker `templates/templates/*.json` (commit f0599fb)',
      'docs/compose.md in this repository',
    ],
    example:
      '# compose.yaml\nservices:\n  napcat:\n    image: mlikiowa/napcat-docker:latest\n    environment:\n      - ACCOUNT=123456\n      - WSR_ENABLE=true\n      - WS_URLS=["ws://nonebot:8080/onebot/v11/ws"]',
    fix: 'Use `MODE=<template>` (nonebot, koishi, ws…) for a standard setup, or mount `config/` and write `onebot11_<uin>.json` (the WebUI does), then drop the old variables.',
  },
  checkImpl(cfg, ctx) {
    for (const n of cfg.image?.notes ?? []) ctx.report({ file: n.file, range: n.range, message: n.message, ...(n.severity ? { severity: n.severity } : {}) });
  },
};
