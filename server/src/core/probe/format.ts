import type { Lang, Localized } from '../model';
import { pick } from '../l10n';
import { escapeForTerminal, isMasked, maskHeaders, maskToken, maskUrl, maskUrlsIn } from '../text/secrets';
import { PROFILES } from './profiles';
import { printable } from './sanitize';
import type { ProbeReport } from './types';

/**
 * The report as it may leave the process (CLI text and JSON, the language server's answer and log): the target URL
 * and label, every text that may quote a URL, and the captured headers masked. Idempotent.
 */
export function redactReport(r: ProbeReport): ProbeReport {
  const text = (l: Localized): Localized => ({ en: maskUrlsIn(l.en), zh: maskUrlsIn(l.zh) });
  return {
    ...r,
    cause: text(r.cause),
    fix: text(r.fix),
    notes: r.notes.map(text),
    target: {
      ...r.target,
      url: maskUrl(r.target.url),
      label: maskUrlsIn(r.target.label),
      token: isMasked(r.target.token) ? r.target.token : maskToken(r.target.token),
    },
    stages: r.stages.map((s) => ({ ...s, outcome: maskUrlsIn(s.outcome) })),
    attempts: r.attempts.map((a) => ({ ...a, path: maskUrlsIn(a.path), status: typeof a.status === 'string' ? maskUrlsIn(a.status) : a.status })),
    ...(r.captured
      ? { captured: { ...r.captured, path: maskUrlsIn(r.captured.path), headers: maskHeaders(r.captured.headers), frames: r.captured.frames.map(maskUrlsIn) } }
      : {}),
    ...(r.apiCalls ? { apiCalls: r.apiCalls.map(maskUrlsIn) } : {}),
  };
}

/** The stage names in Chinese (the English code stays beside them: it is what the JSON output and the tests use). */
const STAGE_ZH: Record<string, string> = { resolve: '解析', connect: '连接', upgrade: '握手', session: '会话', diagnosis: '诊断', listen: '监听' };

/** One line of the report: peer-supplied text is escaped here, so no control character reaches a terminal. */
const line = (s: string) => escapeForTerminal(printable(s, 4000));

/** The report as readable text: target, whom the probe spoke as, each stage with its time, the attempts, the verdict, cause and fix. */
export function formatReport(report: ProbeReport, lang: Lang): string {
  const r = redactReport(report);
  const zh = lang === 'zh';
  const lines: string[] = [];
  lines.push(`${zh ? '目标' : 'Target'}: ${r.target.label} ${r.target.url} (${zh ? '令牌' : 'token'} ${r.target.token}, X-Self-ID ${r.target.selfId})`);
  const as = r.target.as ? (PROFILES[r.target.as]?.name ?? r.target.as) : undefined;
  const fw = r.target.framework === 'koishi' ? 'Koishi' : r.target.framework === 'nonebot' ? 'NoneBot' : undefined;
  if (r.target.label === 'listen') {
    if (as) lines.push(`${zh ? '连接方' : 'Connected'}: ${as}`);
  } else if (as) lines.push(`${zh ? '探测身份' : 'Probed as'}: ${as}${fw ? ` → ${fw}` : ''}`);
  else if (fw && (r.target.kind === 'forward-ws' || r.target.kind === 'http-api')) lines.push(`${zh ? '探测身份' : 'Probed as'}: ${fw}`);
  for (const s of r.stages)
    lines.push(`  ${zh ? `${STAGE_ZH[s.name] ?? s.name}（${s.name}）`.padEnd(14) : s.name.padEnd(9)} ${String(s.ms).padStart(7)} ms  ${s.outcome}`);
  if (r.attempts.length) {
    lines.push(zh ? '尝试:' : 'Attempts:');
    for (const a of r.attempts) lines.push(`  ${a.path}  X-Self-ID ${a.selfId}  auth=${a.auth}  → ${a.status}`);
  }
  lines.push(`${zh ? '结论' : 'Verdict'}: ${r.verdict}  (${r.totalMs} ms)`);
  lines.push(`${zh ? '原因' : 'Cause'}: ${pick(r.cause, lang)}`);
  lines.push(`${zh ? '修复' : 'Fix'}: ${pick(r.fix, lang)}`);
  for (const n of r.notes) lines.push(`${zh ? '注意' : 'Note'}: ${pick(n, lang)}`);
  if (r.captured) {
    lines.push(`${zh ? '捕获的请求' : 'Captured request'}: ${r.captured.method} ${r.captured.path}`);
    for (const [k, v] of Object.entries(r.captured.headers)) lines.push(`  ${k}: ${v}`);
    lines.push(`${zh ? '首批帧' : 'First frames'}: ${r.captured.frames.join(', ') || '-'}`);
  }
  if (r.apiCalls?.length) {
    const more = r.apiCallsDropped ? (zh ? `，另有 ${r.apiCallsDropped} 个` : `, and ${r.apiCallsDropped} more`) : '';
    lines.push(`${zh ? '机器人调用的 API（均以失败回应）' : 'API calls the bot made (each answered with a failure)'}: ${r.apiCalls.join(', ')}${more}`);
  }
  return lines.map(line).join('\n');
}
