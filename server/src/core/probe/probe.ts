import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Localized, Location } from '../model';
import { maskToken, t } from '../l10n';
import { isLoopbackHost } from '../link/urls';
import { implFieldLoc } from '../rules/lib/link';
import { handshake, plainGet, type HandshakeResult } from './handshake';
import type { ProbeAttempt, ProbeOptions, ProbeReport, ProbeStage, ProbeTarget, VerdictCode } from './types';

const CANONICAL = '/onebot/v11/ws';
/** After a 101, how long to watch for the server closing on Lagrange's first frames (a V12 adapter closes at once). */
const SESSION_MS = 40;
const V11_ROUTES = ['/onebot/v11/ws', '/onebot/v11/ws/', '/onebot/v11/'];

/** A random id in the QQ number range, so a running Lagrange's own connection is never kicked out. */
export function randomSelfId(): string {
  return String(1_000_000_000 + Math.floor(Math.random() * 900_000_000));
}

/** Lagrange's handshake headers (ReverseWSService.cs L93-104); `Bearer` alone for an empty token (the header is trimmed). */
export function lagrangeHeaders(selfId: string, token: string | null): Record<string, string> {
  const h: Record<string, string> = { 'X-Client-Role': 'Universal', 'X-Self-ID': selfId, 'User-Agent': 'Lagrange.OneBot' };
  if (token !== null) h.Authorization = `Bearer ${token}`.trim();
  return h;
}

/**
 * Connects as the target's client would and names the one cause of a failure. At most six handshakes; every stage
 * timed and bounded; the token goes only to the target's host and is masked in the report.
 */
export async function runProbe(target: ProbeTarget, opts: ProbeOptions = {}): Promise<ProbeReport> {
  const t0 = performance.now();
  const stageMs = opts.stageTimeoutMs ?? 3000;
  const deadline = t0 + (opts.timeoutMs ?? 10_000);
  const ctl = new AbortController();
  const onAbort = () => ctl.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const overall = setTimeout(() => ctl.abort(), Math.max(0, deadline - performance.now()));
  const stages: ProbeStage[] = [];
  const attempts: ProbeAttempt[] = [];
  const notes: Localized[] = [];
  const uin = target.link?.implConfig.selfId;
  const selfId = target.selfId ?? (opts.useAccountUin && uin ? uin : randomSelfId());
  const report = (verdict: VerdictCode, cause: Localized, fix: Localized, extra: Partial<ProbeReport> = {}): ProbeReport => {
    clearTimeout(overall);
    opts.signal?.removeEventListener('abort', onAbort);
    const anchor = target.link ? actionFor(verdict, target) : undefined;
    return {
      verdict,
      cause,
      fix,
      target: { url: target.url, token: maskToken(target.token), selfId, label: target.label, kind: target.kind },
      stages,
      attempts,
      notes,
      ...(anchor ? { action: anchor } : {}),
      ...extra,
      totalMs: Math.round(performance.now() - t0),
    };
  };

  let url: URL;
  try {
    url = new URL(target.url);
    if (!/^wss?:$/.test(url.protocol)) throw new Error('scheme');
  } catch {
    return report('protocol-error', t(`${target.url} is not a ws:// or wss:// URL.`, `${target.url} 不是 ws:// 或 wss:// 地址。`), t('Give a URL such as ws://127.0.0.1:8080/onebot/v11/ws.', '请提供形如 ws://127.0.0.1:8080/onebot/v11/ws 的地址。'));
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol === 'ws:' && target.token && !isLoopbackHost(host)) {
    notes.push(t(`The token travels in clear text over ws:// to ${host}; use wss:// or a private network.`, `令牌会通过 ws:// 明文发送到 ${host}；请使用 wss:// 或私有网络。`));
  }

  // 1. name resolution
  const r0 = performance.now();
  if (!isIP(host)) {
    try {
      await Promise.race([lookup(host), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), stageMs).unref())]);
      stages.push({ name: 'resolve', ms: ms(r0), outcome: `${host} resolved` });
    } catch (e) {
      stages.push({ name: 'resolve', ms: ms(r0), outcome: `failed: ${(e as Error).message}` });
      return report('dns-failed', t(`The name ${host} does not resolve here.`, `此处无法解析主机名 ${host}。`), t('Check the host name (in Docker: the service name, or host.docker.internal with extra_hosts).', '请检查主机名（在 Docker 中：服务名，或配合 extra_hosts 使用 host.docker.internal）。'));
    }
  } else stages.push({ name: 'resolve', ms: 0, outcome: `${host} is an address` });

  const pathOf = (u: URL) => u.pathname || '/';
  const role = target.kind === 'forward-ws' ? 'nonebot' : 'lagrange';
  const headersFor = (id: string, auth: ProbeAttempt['auth']): Record<string, string> => {
    if (role === 'nonebot') {
      const h: Record<string, string> = { 'User-Agent': 'NoneBot2' };
      const tok = auth === 'configured' ? target.token : auth === 'wrong' ? 'onebot-doctor-wrong-token' : null;
      if (tok) h.Authorization = `Bearer ${tok}`;
      return h;
    }
    return lagrangeHeaders(id, auth === 'configured' ? target.token : auth === 'wrong' ? 'onebot-doctor-wrong-token' : null);
  };
  const tryOnce = async (path: string, id: string, auth: ProbeAttempt['auth']): Promise<HandshakeResult> => {
    const u = new URL(target.url);
    u.pathname = path;
    const left = Math.max(1, Math.min(stageMs, deadline - performance.now()));
    const r = await handshake(u.toString(), { headers: headersFor(id, auth), timeoutMs: left, signal: ctl.signal, role, selfId: id, sessionMs: role === 'nonebot' ? Math.min(stageMs, left) : SESSION_MS });
    attempts.push({ path, selfId: id, auth, status: r.status, ms: r.ms });
    return r;
  };

  // 2. the handshake as configured
  const first = await tryOnce(pathOf(url), selfId, 'configured');
  stages.push({ name: 'upgrade', ms: first.ms, outcome: typeof first.status === 'number' ? `HTTP ${first.status}` : first.status });
  const st = first.status;
  if (st === 'aborted') return report('timeout', t('The probe was cancelled or ran out of time.', '探测被取消或超时。'), t('Run it again.', '请重新运行。'));
  if (st === 'refused')
    return report('refused', t(`Nothing listens on ${host}:${url.port || (url.protocol === 'wss:' ? 443 : 80)} (connection refused).`, `${host}:${url.port || (url.protocol === 'wss:' ? 443 : 80)} 上没有程序监听（连接被拒绝）。`), refusedFix(target));
  if (st === 'timeout') return report('timeout', t(`${host} did not answer the handshake within ${stageMs} ms (a firewall, a wrong host, or a server that accepts TCP and never answers).`, `${host} 在 ${stageMs} 毫秒内没有回应握手（防火墙、主机错误，或服务器接受 TCP 连接却不回应）。`), t('Check that the host and port are those of NoneBot, and that no firewall drops the connection.', '请确认主机和端口属于 NoneBot，并且没有防火墙丢弃连接。'));
  if (st === 'dns-failed') return report('dns-failed', t(`The name ${host} does not resolve.`, `无法解析主机名 ${host}。`), t('Check the host name.', '请检查主机名。'));
  if (st === 'tls-failed') return report('tls-failed', t(`The TLS handshake with ${host} failed: ${first.error ?? ''}.`, `与 ${host} 的 TLS 握手失败：${first.error ?? ''}。`), t('Use a certificate Lagrange trusts, or set "IgnoreSslCertificate": true for a self-signed one.', '请使用 Lagrange 信任的证书；自签名证书可设置 "IgnoreSslCertificate": true。'));
  if (st === 'reset' || st === 'error') return report('protocol-error', t(`The server broke off the handshake: ${first.error ?? st}.`, `服务器中断了握手：${first.error ?? st}。`), t('Make sure the port belongs to NoneBot (not a proxy or another program) and speaks WebSocket.', '请确认该端口属于 NoneBot（而不是代理或其他程序），并支持 WebSocket。'));

  if (st === 101) {
    const s = first.session!;
    stages.push({ name: 'session', ms: first.ms, outcome: s.closedByServer ? `closed by server (${s.closeCode ?? '?'})` : s.badFrame ? 'non-JSON frame' : 'closed with 1000' });
    if (s.badFrame) return report('protocol-error', t(`After the handshake the server sent a frame that is not JSON: ${JSON.stringify(s.badFrame)}.`, `握手后服务器发送了非 JSON 帧：${JSON.stringify(s.badFrame)}。`), t('This is not a OneBot server; check the port.', '这不是 OneBot 服务端；请检查端口。'), { apiCalls: s.apiCalls });
    if (s.closedByServer)
      return report(
        'closed-after-connect',
        t(`The server accepted the handshake, then closed it (${s.closeCode ?? '?'}${s.closeReason ? ` "${s.closeReason}"` : ''}). ${s.closeCode === 1008 ? 'A OneBot V12 adapter does this for V11 events.' : ''}`.trim(), `服务器接受握手后又关闭了连接（${s.closeCode ?? '?'}${s.closeReason ? ` "${s.closeReason}"` : ''}）。${s.closeCode === 1008 ? 'OneBot V12 适配器收到 V11 事件时会这样做。' : ''}`),
        t('Connect to the OneBot V11 path (/onebot/v11/ws) of a NoneBot with the V11 adapter registered.', '请连接已注册 V11 适配器的 NoneBot 的 OneBot V11 路径（/onebot/v11/ws）。'),
        { apiCalls: s.apiCalls },
      );
    if (role === 'nonebot' && !s.loginAnswered)
      return report('protocol-error', t(`Lagrange accepted the connection but ${s.firstEvent ? 'did not answer get_login_info' : 'sent no event'} in time.`, `Lagrange 接受了连接，但${s.firstEvent ? '没有及时回应 get_login_info' : '没有发送事件'}。`), t('Check that the port is Lagrange\'s ForwardWebSocket and that Lagrange is logged in.', '请确认该端口是 Lagrange 的 ForwardWebSocket，且 Lagrange 已登录。'));
    // Auth enforced? One handshake with a deliberately wrong token.
    const wrong = await tryOnce(pathOf(url), randomSelfId(), 'wrong');
    stages.push({ name: 'diagnosis', ms: wrong.ms, outcome: `wrong token → ${wrong.status}` });
    if (wrong.status === 101)
      return report(
        'ok-auth-disabled',
        t('The link works, but the server accepts any token: anyone who reaches the port can connect as a bot.', '连接正常，但服务器接受任意令牌：任何能访问该端口的人都能以机器人身份连接。'),
        role === 'nonebot'
          ? t('Set an AccessToken on the ForwardWebSocket entry, and the same ONEBOT_ACCESS_TOKEN in NoneBot.', '请为 ForwardWebSocket 条目设置 AccessToken，并在 NoneBot 中设置相同的 ONEBOT_ACCESS_TOKEN。')
          : t('Set ONEBOT_ACCESS_TOKEN in NoneBot\'s .env and the same AccessToken in Lagrange, then restart NoneBot.', '请在 NoneBot 的 .env 中设置 ONEBOT_ACCESS_TOKEN，并在 Lagrange 中设置相同的 AccessToken，然后重启 NoneBot。'),
        { apiCalls: s.apiCalls },
      );
    return report('ok', t('The handshake succeeds and the server checks the token.', '握手成功，服务器会校验令牌。'), t('Nothing to fix.', '无需修复。'), { apiCalls: s.apiCalls });
  }

  if (st === 404) {
    const fastapi = /"detail"\s*:\s*"Not Found"/.test(first.body ?? '');
    return report(
      'not-found',
      role === 'nonebot'
        ? t(`Lagrange answered 404: on Linux its listener matches the Host header against its configured Host (${host} was sent).`, `Lagrange 返回 404：在 Linux 上，其监听器会把 Host 头与配置的 Host 比较（发送的是 ${host}）。`)
        : fastapi
          ? t('NoneBot (FastAPI) answered 404 to the WebSocket upgrade: uvicorn has no WebSocket support installed ("Unsupported upgrade request").', 'NoneBot（FastAPI）对 WebSocket 升级请求返回 404：uvicorn 没有安装 WebSocket 支持（"Unsupported upgrade request"）。')
          : t(`The server answered 404 to the WebSocket upgrade on ${pathOf(url)}: it is not NoneBot's OneBot endpoint.`, `服务器对 ${pathOf(url)} 的 WebSocket 升级返回 404：这不是 NoneBot 的 OneBot 端点。`),
      role === 'nonebot'
        ? t('Dial exactly the ForwardWebSocket Host, or set its Host to "*".', '请连接与 ForwardWebSocket Host 完全相同的主机名，或将其 Host 设为 "*"。')
        : fastapi
          ? t('Install uvicorn with WebSocket support: pip install "uvicorn[standard]" (or websockets).', '请安装带 WebSocket 支持的 uvicorn：pip install "uvicorn[standard]"（或 websockets）。')
          : t('Point Lagrange at NoneBot\'s HOST:PORT and /onebot/v11/ws.', '请让 Lagrange 连接 NoneBot 的 HOST:PORT 和 /onebot/v11/ws。'),
    );
  }
  if (st !== 403 && st !== 401)
    return report('unexpected-status', t(`The server answered HTTP ${st} instead of 101.`, `服务器返回 HTTP ${st}，而不是 101。`), t('Check that the port belongs to NoneBot (a reverse proxy may need WebSocket upgrade enabled).', '请确认该端口属于 NoneBot（反向代理可能需要开启 WebSocket 升级）。'));

  // 3. differential diagnosis of a 403 (or Lagrange's 401/403 for forward WS)
  if (role === 'nonebot') {
    return report(
      'forbidden-token',
      t(`Lagrange's ForwardWebSocket refused the token (HTTP ${st}).`, `Lagrange 的 ForwardWebSocket 拒绝了令牌（HTTP ${st}）。`),
      t('Make ONEBOT_ACCESS_TOKEN equal to the ForwardWebSocket AccessToken.', '请让 ONEBOT_ACCESS_TOKEN 与 ForwardWebSocket 的 AccessToken 相同。'),
    );
  }
  const dStart = performance.now();
  if (target.selfId !== undefined || selfId === uin) {
    const fresh = await tryOnce(pathOf(url), randomSelfId(), 'configured');
    if (fresh.status === 101) {
      stages.push({ name: 'diagnosis', ms: ms(dStart), outcome: 'a fresh X-Self-ID is accepted' });
      return report(
        'forbidden-duplicate-self-id',
        t(`A bot with X-Self-ID ${selfId} is already connected: NoneBot refuses a second connection with the same id.`, `X-Self-ID 为 ${selfId} 的机器人已经连接：NoneBot 拒绝同一 id 的第二个连接。`),
        t('Stop the other connection (an old Lagrange process, or a second ReverseWebSocket entry to the same NoneBot), or wait for NoneBot to drop it.', '请停止另一个连接（旧的 Lagrange 进程，或指向同一 NoneBot 的第二个 ReverseWebSocket 条目），或等待 NoneBot 断开它。'),
      );
    }
  }
  const configuredPath = pathOf(url);
  if (!V11_ROUTES.includes(configuredPath)) {
    const canonical = await tryOnce(CANONICAL, randomSelfId(), 'configured');
    if (canonical.status === 101) {
      stages.push({ name: 'diagnosis', ms: ms(dStart), outcome: `${CANONICAL} is accepted` });
      return report('forbidden-path', t(`NoneBot has no OneBot V11 route at ${configuredPath}; ${CANONICAL} works with the same token.`, `NoneBot 在 ${configuredPath} 上没有 OneBot V11 路由；使用相同令牌访问 ${CANONICAL} 可以成功。`), t('Set Suffix to "/onebot/v11/ws".', '将 Suffix 设为 "/onebot/v11/ws"。'));
    }
  }
  const routePath = V11_ROUTES.includes(configuredPath) ? configuredPath : CANONICAL;
  const noAuth = await tryOnce(routePath, randomSelfId(), 'none');
  if (noAuth.status === 101) {
    // Without a token it works, with ours it does not: impossible for NoneBot unless the path was the problem.
    stages.push({ name: 'diagnosis', ms: ms(dStart), outcome: 'accepted without Authorization' });
    return report('forbidden-token', t('The server accepts the handshake without a token but refuses the one configured.', '服务器接受不带令牌的握手，却拒绝配置的令牌。'), t('Remove AccessToken from Lagrange, or set the same ONEBOT_ACCESS_TOKEN in NoneBot.', '请从 Lagrange 中删除 AccessToken，或在 NoneBot 中设置相同的 ONEBOT_ACCESS_TOKEN。'));
  }
  const get = await plainGet(new URL(routePath, target.url).toString(), Math.max(1, Math.min(stageMs, deadline - performance.now())), ctl.signal);
  attempts.push({ path: routePath, selfId: '-', auth: 'none', status: get.status, ms: 0 });
  const isFastapi = get.status === 404 && /"detail"\s*:\s*"Not Found"/.test(get.body);
  stages.push({ name: 'diagnosis', ms: ms(dStart), outcome: isFastapi ? 'plain GET: FastAPI 404 (a NoneBot server)' : `plain GET: ${get.status}` });
  if (!isFastapi) notes.push(t('The server does not answer a plain GET as NoneBot (FastAPI) does: this may not be NoneBot.', '服务器对普通 GET 的回应与 NoneBot（FastAPI）不同：这可能不是 NoneBot。'));

  // Every route refuses our token and no token: a token mismatch, or no adapter at all. The workspace may tell.
  const p = target.link?.nonebot;
  const adapterKnown = p?.adapters.known === true;
  const adapterOk = adapterKnown && p!.adapters.list.some((a) => a.onebot === 'v11');
  const fileToken = p?.accessToken?.value;
  if (adapterOk) {
    const sameInFiles = fileToken !== undefined && fileToken !== '' && fileToken === target.token;
    if (sameInFiles)
      notes.push(t('The workspace files give NoneBot the same token that was sent: the running NoneBot uses another configuration (not restarted since the change, another ENVIRONMENT, or a process environment variable).', '工作区文件中 NoneBot 的令牌与发送的相同：正在运行的 NoneBot 使用了其他配置（修改后未重启、ENVIRONMENT 不同，或有进程环境变量）。'));
    return report('forbidden-token', t('NoneBot refuses the token: every OneBot V11 route answers 403 with it and without it, and the V11 adapter is registered in this workspace.', 'NoneBot 拒绝该令牌：带或不带令牌，所有 OneBot V11 路由都返回 403，而工作区中已注册 V11 适配器。'), t("Make Lagrange's AccessToken equal to NoneBot's ONEBOT_ACCESS_TOKEN (see the token rules), then restart NoneBot.", '请让 Lagrange 的 AccessToken 与 NoneBot 的 ONEBOT_ACCESS_TOKEN 相同（参见令牌相关规则），然后重启 NoneBot。'));
  }
  return report(
    'forbidden-token-or-adapter',
    adapterKnown
      ? t('Every OneBot V11 route answers 403, and bot.py registers no OneBot V11 adapter: most likely the adapter is missing (a wrong token looks the same).', '所有 OneBot V11 路由都返回 403，且 bot.py 没有注册 OneBot V11 适配器：最可能是缺少适配器（令牌错误的表现相同）。')
      : t('Every OneBot V11 route answers 403 with the token and without it: either the token is wrong or no OneBot adapter is registered. From outside both look the same; NoneBot\'s log separates them ("Authorization Header is invalid" for a token; only uvicorn\'s 403 line for no adapter), and so would this workspace\'s bot.py.', '带或不带令牌，所有 OneBot V11 路由都返回 403：要么令牌错误，要么没有注册 OneBot 适配器。从外部看两者相同；NoneBot 日志可以区分（令牌错误时有 "Authorization Header is invalid"；缺少适配器时只有 uvicorn 的 403 行），工作区中的 bot.py 也可以。'),
    t('Register the OneBot V11 adapter in bot.py and make the tokens equal on both sides, then restart NoneBot.', '请在 bot.py 中注册 OneBot V11 适配器，并让两侧令牌一致，然后重启 NoneBot。'),
  );
}

function ms(from: number): number {
  return Math.round((performance.now() - from) * 10) / 10;
}

function refusedFix(target: ProbeTarget): Localized {
  if (target.kind === 'forward-ws') return t('Start Lagrange (its ForwardWebSocket starts only after login) or fix ONEBOT_WS_URLS.', '请启动 Lagrange（其 ForwardWebSocket 在登录后才启动），或修正 ONEBOT_WS_URLS。');
  const p = target.link?.nonebot;
  const noServer = p && !p.drivers.some((d) => d === 'fastapi' || d === 'quart');
  if (noServer) return t(`Start NoneBot with a server driver: DRIVER=${p!.driver.value} opens no port; add ~fastapi.`, `请使用服务端驱动器启动 NoneBot：DRIVER=${p!.driver.value} 不会打开端口；请加入 ~fastapi。`);
  return t('Start NoneBot, or make Lagrange\'s Port equal to NoneBot\'s PORT.', '请启动 NoneBot，或让 Lagrange 的 Port 与 NoneBot 的 PORT 相同。');
}

/** The config line a verdict's fix applies to. */
function actionFor(verdict: VerdictCode, target: ProbeTarget): ProbeReport['action'] {
  const link = target.link!;
  const at = (loc: Location, ruleCode: string) => ({ file: loc.file, range: loc.range, ruleCode });
  switch (verdict) {
    case 'forbidden-path':
      return at(implFieldLoc(link.impl, 'path'), 'ws-path');
    case 'forbidden-token':
    case 'ok-auth-disabled':
      if (link.impl.tokenNode) return at(implFieldLoc(link.impl, 'token'), 'token-mismatch');
      return link.fw.tokenLoc ? { ...link.fw.tokenLoc } : undefined;
    case 'refused':
      return at(implFieldLoc(link.impl, 'port'), 'port-mismatch');
    default:
      return { file: link.impl.anchor.file, range: link.impl.anchor.range };
  }
}
