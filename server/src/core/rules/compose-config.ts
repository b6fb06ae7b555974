import type { Rule } from './types';
import { t } from '../l10n';

export const rule: Rule = {
  code: 'compose-config',
  defaultSeverity: 'error',
  scope: 'cross',
  title: t('docker compose cannot load the project as written', 'docker compose 无法按当前内容加载项目'),
  doc: {
    checks:
      "The compose project loads as `docker compose` loads it: its files parse as YAML; every `${VAR:?message}` has its variable; every `env_file` exists (unless `required: false`) and parses with compose's .env grammar, as does the `.env` beside the compose file; every `include` and `extends` names a file and a service that exist, without a loop.",
    why: 'Any of these stops `docker compose up` before a container starts, so neither side runs; and a project that does not load cannot be read here either, so the network checks would work from a partial picture.',
    sources: [
      'compose-spec/compose-spec `interpolation.md` (`${VAR:?err}`), `05-services.md` (`env_file`, `required`; `extends`), `14-include.md`',
      'compose-spec/compose-go `dotenv/parser.go` (errors: a bad character in a key, an unterminated quote), `loader/include.go` (include cycles)',
    ],
    example: '# compose.yaml\nservices:\n  nonebot:\n    build: ./bot\n    env_file: bot.env   # no such file',
    fix: 'Create the missing file (or mark it `required: false`), set the variable, or correct the name the message gives.',
  },
  check(ctx) {
    for (const project of ctx.model.compose?.projects ?? []) for (const p of project.problems) ctx.report({ file: p.file, range: p.range, message: p.message });
  },
};
