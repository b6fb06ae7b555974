import type { Rule } from './types';
import type { RelatedInfo } from '../model';
import { t } from '../l10n';
import { isHostNetwork } from '../compose/placement';
import { isLoopbackHost } from '../link/urls';
import { composeView, listenerHost, sameNamespace, serviceRelated, whereWords } from './lib/compose';
import { assumedNote } from './lib/link';

export const rule: Rule = {
  code: 'compose-host-bind',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('A server in a container listens on loopback only', '容器中的服务端只监听回环地址'),
  doc: {
    checks:
      'The listening side of a link runs in a compose service on a bridge network (not `network_mode: host`) and binds `127.0.0.1`, `localhost` or `::1`, while the other side runs in another service or on the host.',
    why: "A server bound to the container's loopback accepts connections from inside that container only. Other services reach it through the container's network interface, and a published port (`ports: [\"8080:8080\"]`) forwards to that interface too, so both are refused. NoneBot's `HOST` defaults to `127.0.0.1`, Koishi's server `host` too, and NapCat's server entries default to `127.0.0.1` since 2025.",
    sources: [
      'Docker docs, "Port publishing and mapping" (docs.docker.com/engine/network/port-publishing/): published ports forward to the container\'s interface',
      'zhenxun-org/zhenxun_bot#1637; MountainDash/nonebot-bison#183 and PR #720 (the bot image defaults HOST to 0.0.0.0); Ice9Coffee/HoshinoBot PR #250',
      'nonebot/nonebot2 `nonebot/config.py` (`host` default 127.0.0.1); NapNeko/NapCatQQ commit a0ef738b (server host default 127.0.0.1)',
      'nonebot/nonebot2 `website/docs/best-practice/deployment.mdx` (compose with `APP_MODULE=bot:app` on tiangolo/uvicorn-gunicorn-fastapi, whose `gunicorn_conf.py` binds `HOST`, default 0.0.0.0)',
    ],
    example:
      '# compose.yaml\nservices:\n  nonebot:\n    build: ./bot\n    environment:\n      HOST: 127.0.0.1\n  napcat:\n    volumes: ["./napcat/config:/app/napcat/config"]',
    fix: 'Listen on all interfaces inside the container: NoneBot `HOST=0.0.0.0`, Koishi `host: 0.0.0.0`, NapCat / go-cqhttp server `host: 0.0.0.0`, Lagrange `Host: "*"`.',
  },
  checkLink(link, ctx) {
    const view = composeView(link, ctx);
    if (!view?.listenerPlace) return;
    const at = view.listenerPlace;
    if (isHostNetwork(at.service)) return;
    if (sameNamespace(at, view.dialerPlace)) return;
    // An ASGI-server image (APP_MODULE: tiangolo/uvicorn-gunicorn-fastapi, NoneBot's Docker deployment guide) binds its
    // own HOST, 0.0.0.0 by default; NoneBot's default 127.0.0.1 does not apply there.
    if (link.framework === 'nonebot' && link.nonebot.host.isDefault && at.service.environment.APP_MODULE) return;
    const l = listenerHost(link, view, ctx);
    if (!isLoopbackHost(l.host.trim())) return;
    const related: RelatedInfo[] = [
      serviceRelated(at, t(`${view.listenerName} runs in service "${at.service.name}"`, `${view.listenerName} 运行在服务 "${at.service.name}" 中`)),
      {
        file: view.dialAt.file,
        range: view.dialAt.range,
        message: t(`${view.dialerLabel.en} dials ${whereWords(view.dialerPlace).en}`, `${view.dialerLabel.zh} ${whereWords(view.dialerPlace).zh}发起连接`),
      },
    ];
    const origin = l.fromCompose ? t(" (set by the service's environment)", '（由服务的 environment 设置）') : t('', '');
    const note = assumedNote(link);
    ctx.report({
      file: l.at.file,
      range: l.at.range,
      message: t(
        `${view.listenerName} listens on ${l.host}${origin.en} inside the container of service "${at.service.name}": only that container can connect, so ${view.dialerLabel.en} ${whereWords(view.dialerPlace).en} is refused (a published port does not help). Listen on 0.0.0.0.${note.en}`,
        `${view.listenerName} 在服务 "${at.service.name}" 的容器内监听 ${l.host}${origin.zh}：只有该容器自身能连接，${whereWords(view.dialerPlace).zh}的 ${view.dialerLabel.zh} 会被拒绝（发布端口也无济于事）。请监听 0.0.0.0。${note.zh}`,
      ),
      related,
      fixes: l.fix ? [l.fix] : [],
    });
  },
};
