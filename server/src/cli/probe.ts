import * as path from 'node:path';
import * as fs from 'node:fs';
import { buildModel, nodeFileHost } from '../core/analyze';
import { IMPL_NAMES } from '../core/impl';
import { captureVantage } from '../core/compose/where';
import { pick, t } from '../core/l10n';
import {
  allProbeTargets,
  captureHandshake,
  formatReport,
  PortBusyError,
  probeNotice,
  redactReport,
  runProbe,
  type ProbeOptions,
  type ProbeReport,
  type ProbeTarget,
} from '../core/probe';
import { COMMON_OPTIONS, oneOf, parseCommand, UsageError, type CliIO } from './args';
import { maskUrl } from '../core/text/secrets';

export const PROBE_OPTIONS = {
  ...COMMON_OPTIONS,
  url: { type: 'string' },
  token: { type: 'string' },
  'token-env': { type: 'string' },
  'token-stdin': { type: 'boolean' },
  secret: { type: 'string' },
  'secret-env': { type: 'string' },
  as: { type: 'string' },
  'self-id': { type: 'string' },
  'use-uin': { type: 'boolean' },
  listen: { type: 'string' },
  timeout: { type: 'string' },
  format: { type: 'string', short: 'f' },
} as const;

/** The implementation whose handshake the probe reproduces. */
export const IMPERSONATIONS = ['lagrange', 'napcat', 'gocqhttp', 'llonebot'] as const;
type Impersonation = (typeof IMPERSONATIONS)[number];

/** The core probe's options plus the fields this CLI passes for `--as` and `--secret`. */
type CliProbeOptions = ProbeOptions & { as?: Impersonation; secret?: string };

/**
 * A secret from exactly one source: the option itself (visible in `ps` and the shell history), an environment
 * variable named by `--NAME-env`, or standard input (`--token-stdin`, one trailing newline dropped).
 */
async function secretFrom(
  name: 'token' | 'secret',
  direct: string | undefined,
  envVar: string | undefined,
  stdin: boolean,
  io: CliIO,
): Promise<string | undefined> {
  const given = [direct !== undefined, envVar !== undefined, stdin].filter(Boolean).length;
  if (given > 1)
    throw new UsageError(
      t(
        `give the ${name} one way: --${name}, --${name}-env${name === 'token' ? ' or --token-stdin' : ''}`,
        `${name} 只能用一种方式给出：--${name}、--${name}-env${name === 'token' ? ' 或 --token-stdin' : ''}`,
      ),
      'probe',
    );
  if (direct !== undefined) return direct;
  if (envVar !== undefined) {
    const v = io.env?.[envVar];
    if (v === undefined)
      throw new UsageError(t(`--${name}-env ${envVar}: that environment variable is not set`, `--${name}-env ${envVar}：该环境变量未设置`), 'probe');
    return v;
  }
  if (stdin) {
    if (!io.readStdin) throw new UsageError(t(`--${name}-stdin: no standard input`, `--${name}-stdin：没有标准输入`), 'probe');
    return (await io.readStdin()).replace(/\r?\n$/, '');
  }
  return undefined;
}

/** `onebot-doctor probe [DIR] [--url URL (--token T | --token-env VAR | --token-stdin)] …` */
export async function probeCommand(args: string[], io: CliIO): Promise<number> {
  const { values: v, positionals } = parseCommand('probe', args, PROBE_OPTIONS);
  if (positionals.length > 1) throw new UsageError(t(`one folder at most: ${positionals[1]}`, `最多只能给一个文件夹：${positionals[1]}`), 'probe');
  const dir = positionals[0];
  const url = v.url;
  const format = oneOf('format', v.format ?? 'text', ['text', 'json'] as const, 'probe');
  const as = v.as === undefined ? undefined : oneOf('as', v.as, IMPERSONATIONS, 'probe');
  let timeoutMs = 10_000;
  if (v.timeout !== undefined) {
    timeoutMs = Number(v.timeout);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError(t('--timeout takes milliseconds', '--timeout 的值应为毫秒数'), 'probe');
  }
  let listen: { host: string; port: number } | undefined;
  if (v.listen !== undefined) {
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(v.listen);
    if (!m) throw new UsageError(t('--listen takes HOST:PORT, e.g. 127.0.0.1:8080', '--listen 的值应为 HOST:PORT，例如 127.0.0.1:8080'), 'probe');
    listen = { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
  }
  const token = (await secretFrom('token', v.token, v['token-env'], v['token-stdin'] === true, io)) ?? null;
  const secret = await secretFrom('secret', v.secret, v['secret-env'], false, io);
  if (token !== null && url === undefined)
    throw new UsageError(t('--token, --token-env and --token-stdin go with --url', '--token、--token-env 和 --token-stdin 需与 --url 一起使用'), 'probe');
  const selfId = v['self-id'];
  const useAccountUin = v['use-uin'] === true;
  const json = (report: ProbeReport) => {
    const r = redactReport(report);
    return { ...r, cause: pick(r.cause, io.lang), fix: pick(r.fix, io.lang), notes: r.notes.map((n) => pick(n, io.lang)) };
  };

  if (listen) {
    const root = path.resolve(io.cwd, dir ?? '.');
    const model = fs.existsSync(root) ? buildModel([root], nodeFileHost) : undefined;
    const link = model?.links.find((l) => l.kind === 'reverse-ws' && l.fw.port === listen!.port) ?? model?.links.find((l) => l.kind === 'reverse-ws');
    let r: ProbeReport;
    try {
      // Whoever dials this port: the implementation of the workspace's link to it, if one is known.
      const who = link ? IMPL_NAMES[link.impl.implementation] : undefined;
      io.err(
        io.lang === 'zh'
          ? `正在 ${listen.host}:${listen.port} 等待${who ?? '实现端'}连接…（现在启动或重启它）`
          : `Waiting for ${who ?? 'the implementation'} to connect on ${listen.host}:${listen.port}… (start or restart it now)`,
      );
      r = await captureHandshake({
        ...listen,
        timeoutMs: v.timeout !== undefined ? timeoutMs : 30_000,
        link,
        vantage: model && link ? captureVantage(model, link, listen.host) : [],
      });
    } catch (e) {
      if (e instanceof PortBusyError) {
        io.err(
          io.lang === 'zh'
            ? `onebot-doctor: ${listen.host}:${listen.port} 已被占用（NoneBot 可能正在运行）：请改用 onebot-doctor probe 主动探测。`
            : `onebot-doctor: ${e.message} (onebot-doctor probe).`,
        );
        return 1;
      }
      throw e;
    }
    io.out(format === 'json' ? JSON.stringify(json(r), null, 2) : formatReport(r, io.lang));
    return r.verdict === 'ok' ? 0 : 1;
  }
  let targets: ProbeTarget[];
  if (url !== undefined) {
    if (!/^(?:wss?|https?):\/\//i.test(url))
      throw new UsageError(
        t(
          `--url must be a ws://, wss://, http:// or https:// URL, not ${maskUrl(url)}`,
          `--url 必须是 ws://、wss://、http:// 或 https:// URL，而不是 ${maskUrl(url)}`,
        ),
        'probe',
      );
    targets = [{ kind: 'url', url, token, selfId, label: maskUrl(url) }];
  } else {
    const root = path.resolve(io.cwd, dir ?? '.');
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(t(`not a folder: ${root}`, `不是文件夹：${root}`), 'probe');
    targets = allProbeTargets(buildModel([root], nodeFileHost)).map((x) => (selfId ? { ...x, selfId } : x));
    if (targets.length === 0) {
      io.err(
        io.lang === 'zh'
          ? 'onebot-doctor: 没有可探测的连接（未找到实现端与 NoneBot 或 Koishi 之间的反向/正向 WebSocket、HTTP POST 或 HTTP API 连接）。'
          : 'onebot-doctor: nothing to probe (no reverse or forward WebSocket, HTTP POST or HTTP API link between an implementation and NoneBot or Koishi was found).',
      );
      return 1;
    }
  }
  const probeOpts: CliProbeOptions = { timeoutMs, useAccountUin, ...(as ? { as } : {}), ...(secret !== undefined ? { secret } : {}) };
  const reports: ProbeReport[] = [];
  for (const target of targets) {
    // The probe connects to the running bot as a test bot: say so before it does.
    if (format !== 'json') io.err(`onebot-doctor: ${pick(probeNotice(target, probeOpts), io.lang)}`);
    reports.push(await runProbe(target, probeOpts));
  }
  if (format === 'json') {
    io.out(JSON.stringify(reports.length === 1 ? json(reports[0]) : reports.map(json), null, 2));
  } else {
    io.out(reports.map((r) => formatReport(r, io.lang)).join('\n\n'));
  }
  return reports.every((r) => r.verdict === 'ok') ? 0 : 1;
}
