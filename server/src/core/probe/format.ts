import type { Lang, Localized } from '../model';
import { pick } from '../l10n';
import { escapeForTerminal, isMasked, maskHeaders, maskToken, maskUrl, maskUrlsIn } from '../text/secrets';
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
    target: { ...r.target, url: maskUrl(r.target.url), label: maskUrlsIn(r.target.label), token: isMasked(r.target.token) ? r.target.token : maskToken(r.target.token) },
    stages: r.stages.map((s) => ({ ...s, outcome: maskUrlsIn(s.outcome) })),
    attempts: r.attempts.map((a) => ({ ...a, path: maskUrlsIn(a.path), status: typeof a.status === 'string' ? maskUrlsIn(a.status) : a.status })),
    ...(r.captured ? { captured: { ...r.captured, path: maskUrlsIn(r.captured.path), headers: maskHeaders(r.captured.headers), frames: r.captured.frames.map(maskUrlsIn) } } : {}),
    ...(r.apiCalls ? { apiCalls: r.apiCalls.map(maskUrlsIn) } : {}),
  };
}

/** The report as readable text: target, each stage with its time, the attempts, the verdict, cause and fix. */
export function formatReport(report: ProbeReport, lang: Lang): string {
  const r = redactReport(report);
  const zh = lang === 'zh';
  const lines: string[] = [];
  lines.push(`${zh ? '目标' : 'Target'}: ${r.target.label} ${r.target.url} (${zh ? '令牌' : 'token'} ${r.target.token}, X-Self-ID ${r.target.selfId})`);
  for (const s of r.stages) lines.push(`  ${s.name.padEnd(9)} ${String(s.ms).padStart(7)} ms  ${s.outcome}`);
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
  if (r.apiCalls?.length) lines.push(`${zh ? 'NoneBot 调用的 API' : 'API calls NoneBot made'}: ${r.apiCalls.join(', ')}`);
  return lines.map(escapeForTerminal).join('\n');
}
