/**
 * docs/rules.md is generated from the rules themselves (code, severity, title, doc): `npm run docs` writes it and a
 * test fails when it is stale, so the catalogue and its documentation cannot drift apart.
 */
import * as fs from 'node:fs';
import { RULES } from '../server/src/core/rules/index';
import type { Rule } from '../server/src/core/rules/types';

const GROUPS: { scope: Rule['scope']; title: string }[] = [
  { scope: 'cross', title: 'Cross-file rules (implementation ↔ framework: every pair)' },
  { scope: 'implementation', title: 'Any implementation config (NapCat, go-cqhttp, LLOneBot, Lagrange.OneBot)' },
  { scope: 'lagrange', title: 'Lagrange.OneBot `appsettings.json`' },
  { scope: 'nonebot', title: 'NoneBot2 `.env` family, `bot.py`, `pyproject.toml`' },
  { scope: 'koishi', title: 'Koishi `koishi.yml`' },
];

export function renderRulesDoc(): string {
  const lines: string[] = [];
  lines.push('# Rules');
  lines.push('');
  lines.push('<!-- Generated from server/src/core/rules/*.ts by `npm run docs`; edit the rule files, not this page. -->');
  lines.push('');
  lines.push(
    'Every diagnostic carries one of these codes. Codes are stable: set severities by code with the ' +
      '`onebotDoctor.rules` setting (`{"token-unused": "error", "env-shadowed": "off"}`) or the CLI\'s ' +
      '`--rule CODE=LEVEL`, and silence one line with a comment on the line above: ' +
      '`// onebot-doctor-disable-next-line CODE` in `appsettings.json`, `# onebot-doctor-disable-next-line CODE` in ' +
      '`.env` files. Tokens are never shown in full: messages give their length, and their first 2 characters only when they have 12 or more; URLs show their credentials and `access_token`-like parameters masked; two tokens that differ are told apart by how (lengths, the first differing position, whitespace, letter case).',
  );
  lines.push('');
  lines.push('| Code | Default | What it checks |');
  lines.push('|---|---|---|');
  for (const g of GROUPS) {
    for (const r of RULES.filter((x) => x.scope === g.scope)) {
      lines.push(`| [\`${r.code}\`](#${r.code}) | ${r.defaultSeverity} | ${r.title.en} |`);
    }
  }
  lines.push('');
  for (const g of GROUPS) {
    lines.push(`## ${g.title}`);
    lines.push('');
    for (const r of RULES.filter((x) => x.scope === g.scope)) {
      lines.push(`### ${r.code}`);
      lines.push('');
      lines.push(
        `**${r.title.en}** · default severity: \`${r.defaultSeverity}\`${r.aliases?.length ? ` · aliases: ${r.aliases.map((a) => `\`${a}\``).join(', ')}` : ''}`,
      );
      lines.push('');
      lines.push(`*Checks:* ${r.doc.checks}`);
      lines.push('');
      lines.push(`*Why:* ${r.doc.why}`);
      lines.push('');
      lines.push(`*Sources:* ${r.doc.sources.join('; ')}`);
      lines.push('');
      lines.push('*Example:*');
      lines.push('');
      lines.push('```');
      lines.push(r.doc.example.trim());
      lines.push('```');
      lines.push('');
      lines.push(`*Fix:* ${r.doc.fix}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

if (require.main === module) {
  fs.mkdirSync('docs', { recursive: true });
  fs.writeFileSync('docs/rules.md', renderRulesDoc());
  process.stdout.write(`docs/rules.md: ${RULES.length} rules\n`);
}
