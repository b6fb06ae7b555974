import type { Lang } from '../model';
import { pick } from '../l10n';
import type { ProbeReport } from './types';

/** The report as readable text: target, each stage with its time, the attempts, the verdict, cause and fix. */
export function formatReport(r: ProbeReport, lang: Lang): string {
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
  return lines.join('\n');
}
