import * as path from 'node:path';
import * as fs from 'node:fs';
import { buildModel, nodeFileHost } from '../core/analyze';
import { pick } from '../core/l10n';
import { captureHandshake, formatReport, PortBusyError, probeTargets, redactReport, runProbe, type ProbeReport, type ProbeTarget } from '../core/probe';
import { maskUrl } from '../core/text/secrets';
import { UsageError, type CliIO } from './check';

/** `onebot-doctor probe [DIR] [--url URL --token T --self-id N] [--timeout MS] [--use-uin] [--format text|json]` */
export async function probeCommand(args: string[], io: CliIO): Promise<number> {
  let dir: string | undefined;
  let url: string | undefined;
  let token: string | null = null;
  let selfId: string | undefined;
  let timeoutMs = 10_000;
  let format: 'text' | 'json' = 'text';
  let useAccountUin = false;
  let listen: { host: string; port: number } | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--url') url = value();
    else if (a === '--token') token = value();
    else if (a === '--self-id') selfId = value();
    else if (a === '--use-uin') useAccountUin = true;
    else if (a === '--listen') {
      const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(value());
      if (!m) throw new UsageError('--listen takes HOST:PORT, e.g. 127.0.0.1:8080');
      listen = { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
    }
    else if (a === '--timeout') {
      timeoutMs = Number(value());
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError('--timeout takes milliseconds');
    } else if (a === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not ${f}`);
      format = f;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (dir === undefined) dir = a;
    else throw new UsageError(`one folder at most: ${a}`);
  }
  if (token !== null && url === undefined) throw new UsageError('--token goes with --url');
  if (listen) {
    const root = path.resolve(io.cwd, dir ?? '.');
    const model = fs.existsSync(root) ? buildModel([root], nodeFileHost) : undefined;
    const link = model?.links.find((l) => l.kind === 'reverse-ws' && l.fw.port === listen!.port) ?? model?.links.find((l) => l.kind === 'reverse-ws');
    let r: ProbeReport;
    try {
      io.err(io.lang === 'zh' ? `正在 ${listen.host}:${listen.port} 等待 Lagrange 连接…` : `Waiting for Lagrange on ${listen.host}:${listen.port}…`);
      r = await captureHandshake({ ...listen, timeoutMs: args.includes('--timeout') ? timeoutMs : 30_000, link });
    } catch (e) {
      if (e instanceof PortBusyError) {
        io.err(io.lang === 'zh' ? `onebot-doctor: ${listen.host}:${listen.port} 已被占用（NoneBot 可能正在运行）：请改用 onebot-doctor probe 主动探测。` : `onebot-doctor: ${e.message} (onebot-doctor probe).`);
        return 1;
      }
      throw e;
    }
    const shown = redactReport(r);
    io.out(format === 'json' ? JSON.stringify({ ...shown, cause: pick(shown.cause, io.lang), fix: pick(shown.fix, io.lang), notes: shown.notes.map((n) => pick(n, io.lang)) }, null, 2) : formatReport(r, io.lang));
    return r.verdict === 'ok' ? 0 : 1;
  }
  let targets: ProbeTarget[];
  if (url !== undefined) {
    if (!/^wss?:\/\//i.test(url)) throw new UsageError(`--url must be a ws:// or wss:// URL, not ${maskUrl(url)}`);
    targets = [{ kind: 'url', url, token, selfId, label: maskUrl(url) }];
  } else {
    const root = path.resolve(io.cwd, dir ?? '.');
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`not a folder: ${root}`);
    targets = probeTargets(buildModel([root], nodeFileHost)).map((t) => (selfId ? { ...t, selfId } : t));
    if (targets.length === 0) {
      io.err(io.lang === 'zh' ? 'onebot-doctor: 没有可探测的连接（未找到 ReverseWebSocket 或 ONEBOT_WS_URLS 连接）。' : 'onebot-doctor: nothing to probe (no ReverseWebSocket or ONEBOT_WS_URLS link found).');
      return 1;
    }
  }
  const reports: ProbeReport[] = [];
  for (const t of targets) reports.push(await runProbe(t, { timeoutMs, useAccountUin }));
  if (format === 'json') {
    const one = (report: ProbeReport) => {
      const r = redactReport(report);
      return { ...r, cause: pick(r.cause, io.lang), fix: pick(r.fix, io.lang), notes: r.notes.map((n) => pick(n, io.lang)) };
    };
    io.out(JSON.stringify(reports.length === 1 ? one(reports[0]) : reports.map(one), null, 2));
  } else {
    io.out(reports.map((r) => formatReport(r, io.lang)).join('\n\n'));
  }
  return reports.every((r) => r.verdict === 'ok') ? 0 : 1;
}
