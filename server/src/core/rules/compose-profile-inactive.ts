import type { Rule } from './types';
import { t } from '../l10n';
import { linkPlacement, type Placement } from '../compose/placement';
import { fwName, implName } from './lib/link';

/** The profiles of a service, for messages: "qq", "qq, debug". */
function profileList(p: Placement): string {
  return (p.service.profiles ?? []).map((v) => v.value).join(', ');
}

export const rule: Rule = {
  code: 'compose-profile-inactive',
  defaultSeverity: 'information',
  scope: 'cross',
  title: t('A side runs in a service that `docker compose up` does not start', '一端运行在 `docker compose up` 不会启动的服务中'),
  doc: {
    checks:
      'A side of a link runs in a compose service that has `profiles`, none of which is active (COMPOSE_PROFILES, from the environment or the `.env` beside the compose file).',
    why: 'A service with profiles starts only when one of its profiles is enabled (`docker compose --profile qq up`, or `COMPOSE_PROFILES=qq`). Plain `docker compose up` leaves it stopped, so the link is checked here as it would be once started, but nothing connects until then.',
    sources: [
      'compose-spec/compose-spec `15-profiles.md` (services with profiles start only when a profile is active; `*` enables all)',
      'compose-spec/compose-go `cli/options.go` (`WithDefaultProfiles`: COMPOSE_PROFILES, comma-separated)',
    ],
    example:
      '# compose.yaml\nservices:\n  napcat:\n    image: mlikiowa/napcat-docker\n    profiles: [qq]\n    volumes: ["./napcat/config:/app/napcat/config"]\n  nonebot:\n    build: ./bot',
    fix: 'Start with `docker compose --profile <name> up`, set `COMPOSE_PROFILES=<name>` in the `.env` beside the compose file, or remove `profiles` from the service.',
  },
  checkLink(link, ctx) {
    const places = linkPlacement(ctx.model.compose, link);
    const sides: [Placement | undefined, string, { file: string; range: import('../model').Range }][] = [
      [places.impl, implName(link.impl), link.impl.anchor],
      [places.fw, fwName(link), link.fw.anchor],
    ];
    const seen = new Set<unknown>();
    for (const [p, name, at] of sides) {
      if (!p || p.service.active || seen.has(p.service)) continue;
      seen.add(p.service);
      const profiles = profileList(p);
      const first = p.service.profiles?.[0];
      ctx.report({
        file: at.file,
        range: at.range,
        message: t(
          `${name} runs in service "${p.service.name}", which \`docker compose up\` does not start: its profiles (${profiles}) are not active. This link works only once it is started with \`--profile ${first?.value ?? ''}\` or COMPOSE_PROFILES=${first?.value ?? ''}.`,
          `${name} 运行在服务 "${p.service.name}" 中，而 \`docker compose up\` 不会启动它：它的 profiles（${profiles}）未被启用。只有用 \`--profile ${first?.value ?? ''}\` 或 COMPOSE_PROFILES=${first?.value ?? ''} 启动后，此连接才会生效。`,
        ),
        related: first
          ? [
              {
                file: first.loc.file,
                range: first.loc.range,
                message: t(`service "${p.service.name}" starts only with profile ${profiles}`, `服务 "${p.service.name}" 只在启用 ${profiles} 时启动`),
              },
            ]
          : [],
      });
    }
  },
};
