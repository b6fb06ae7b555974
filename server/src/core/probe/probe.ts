import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Localized } from '../model';
import { maskToken, t } from '../l10n';
import { isLoopbackHost } from '../link/urls';
import { handshake, plainGet, type HandshakeResult } from './handshake';
import { KOISHI_DEFAULT_PATH, linkFacts, NONEBOT_V11_WS_ROUTES, type LinkFacts } from './link-facts';
import { frameworkHeaders, implementationHeaders, PROFILES, type FrameworkKind, type ImplementationKind } from './profiles';
import { invalidHeaderValue } from './sanitize';
import { runHttpProbe } from './http-probe';
import type { ProbeAttempt, ProbeOptions, ProbeReport, ProbeStage, ProbeTarget, VerdictCode } from './types';

const CANONICAL = '/onebot/v11/ws';
/**
 * After a 101, how long to watch for the server closing on the implementation's first frames (a V12 adapter closes
 * at once; Koishi closes for an unknown path, role or self id right after the upgrade). Long enough for a loaded
 * machine to deliver a close frame that was written in the same turn as the 101.
 */
const SESSION_MS = 250;
const V11_ROUTES = NONEBOT_V11_WS_ROUTES;
const WRONG_TOKEN = 'onebot-doctor-wrong-token';

/**
 * A random X-Self-ID that cannot be a real account: QQ numbers have at least five digits (the first is 10001), so a
 * four-digit id never kicks out or impersonates a running bot's own connection. `avoid` keeps two ids of one run apart.
 */
function randomSelfId(avoid: string[] = []): string {
  for (;;) {
    const id = String(1000 + Math.floor(Math.random() * 9000));
    if (!avoid.includes(id)) return id;
  }
}

/** Lagrange's handshake headers (ReverseWSService.cs L93-104); `Bearer` alone for an empty token (the header is trimmed). */
export function lagrangeHeaders(selfId: string, token: string | null): Record<string, string> {
  return implementationHeaders('lagrange', selfId, token);
}

/** Whom the probe speaks as and towards, from the options, then the link, then the defaults. */
function probeRoles(target: ProbeTarget, opts: ProbeOptions = {}): { as: ImplementationKind; framework?: FrameworkKind; facts?: LinkFacts } {
  const facts = target.link ? linkFacts(target.link) : undefined;
  return { as: opts.as ?? facts?.implementation ?? 'lagrange', framework: opts.framework ?? facts?.framework, facts };
}

/**
 * What a probe run does to the programs it reaches, to show before it runs: it connects to the running bot as a
 * test bot (NoneBot runs its on_bot_connect hooks for it), answers every API call with a failure, then leaves.
 */
export function probeNotice(target: ProbeTarget, opts: ProbeOptions = {}): Localized {
  const { as, framework } = probeRoles(target, opts);
  const fw = framework === 'koishi' ? 'Koishi' : 'NoneBot';
  const chosen = target.selfId !== undefined;
  const id = chosen
    ? t(`X-Self-ID ${target.selfId}`, `X-Self-ID ${target.selfId}`)
    : t('a four-digit X-Self-ID that no QQ account has', '一个不可能是 QQ 账号的四位 X-Self-ID');
  if (target.kind === 'forward-ws' || target.kind === 'http-api')
    return t(
      `The probe connects to the implementation as ${fw} would and calls get_login_info once; nothing is sent as the account.`,
      `探测会像 ${fw} 那样连接实现端，并调用一次 get_login_info；不会以该账号发送任何内容。`,
    );
  const http = target.kind === 'http-post' || /^https?:/i.test(target.url);
  return t(
    `The probe connects to the running bot as a test bot, speaking as ${PROFILES[as].name} with ${id.en}: ${fw} treats it as a new bot (NoneBot runs its on_bot_connect hooks for it${http ? ' and keeps an HTTP bot listed until it restarts' : ''}). Every API call the bot makes is answered with a failure and listed in the report.`,
    `探测会以测试机器人的身份连接正在运行的机器人，模拟 ${PROFILES[as].name}，使用${id.zh}：${fw} 会把它当作新的机器人（NoneBot 会为它运行 on_bot_connect 钩子${http ? '，并且在重启前一直保留这个 HTTP 机器人' : ''}）。机器人发出的每个 API 调用都会收到失败回应，并列在报告中。`,
  );
}

/**
 * Connects as the target's client would and names the one cause of a failure. At most six handshakes; every stage
 * timed and bounded; the token goes only to the target's host and is masked in the report.
 */
/**
 * What every probe run starts with (WebSocket and HTTP alike): the clock and the overall deadline, the abort wiring
 * (the caller's signal and the deadline abort `ctl`), the record of stages, attempts and notes (the compose vantage
 * first), who the probe speaks as and towards, and the self id it sends (the target's, the account's uin when asked,
 * else one that cannot be a real account).
 */
export function beginRun(target: ProbeTarget, opts: ProbeOptions) {
  const t0 = performance.now();
  const stageMs = opts.stageTimeoutMs ?? 3000;
  const deadline = t0 + (opts.timeoutMs ?? 10_000);
  const ctl = new AbortController();
  const onAbort = () => ctl.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const overall = setTimeout(() => ctl.abort(), Math.max(0, deadline - performance.now()));
  const roles = probeRoles(target, opts);
  const uin = opts.useAccountUin ? roles.facts?.accountSelfId : undefined;
  return {
    ...roles,
    t0,
    stageMs,
    ctl,
    stages: [] as ProbeStage[],
    attempts: [] as ProbeAttempt[],
    // Where the sides run against where the probe runs (compose): what this probe can prove.
    notes: [...(target.vantage ?? [])] as Localized[],
    selfIdChosen: target.selfId !== undefined || !!uin,
    selfId: target.selfId ?? uin ?? randomSelfId(),
    /** The time one stage may take now: its own bound, within what is left of the whole run (at least 1 ms). */
    left: () => Math.max(1, Math.min(stageMs, deadline - performance.now())),
    /** Stops the overall timer and lets go of the caller's signal (when the report is written). */
    end: () => {
      clearTimeout(overall);
      opts.signal?.removeEventListener('abort', onAbort);
    },
  };
}

export async function runProbe(target: ProbeTarget, opts: ProbeOptions = {}): Promise<ProbeReport> {
  if (target.kind === 'http-post' || target.kind === 'http-api' || (target.kind === 'url' && /^https?:\/\//i.test(target.url)))
    return runHttpProbe(target, opts);
  const run = beginRun(target, opts);
  const { t0, stageMs, ctl, stages, attempts, notes, as, facts, selfIdChosen, selfId } = run;
  let framework = run.framework;
  const role = target.kind === 'forward-ws' ? 'nonebot' : 'lagrange';
  const impl = PROFILES[as].name;
  const fwName = () => (framework === 'koishi' ? 'Koishi' : 'NoneBot');
  let apiCalls: string[] | undefined;
  let apiCallsDropped = 0;
  const report = (verdict: VerdictCode, cause: Localized, fix: Localized, extra: Partial<ProbeReport> = {}): ProbeReport => {
    run.end();
    const anchor = facts ? actionFor(verdict, facts) : undefined;
    if (apiCalls !== undefined && role === 'lagrange')
      notes.push(
        t(
          `The probe was connected to the running bot as a test bot (X-Self-ID ${selfId}); ${apiCalls.length + apiCallsDropped ? `the bot asked for ${apiCalls.length + apiCallsDropped} API call(s), each answered with a failure` : 'the bot made no API call'}.`,
          `探测曾以测试机器人身份连接正在运行的机器人（X-Self-ID ${selfId}）；${apiCalls.length + apiCallsDropped ? `机器人发出了 ${apiCalls.length + apiCallsDropped} 个 API 调用，均以失败回应` : '机器人没有发出 API 调用'}。`,
        ),
      );
    return {
      verdict,
      cause,
      fix,
      target: {
        url: target.url,
        token: maskToken(target.token),
        selfId,
        label: target.label,
        kind: target.kind,
        ...(role === 'lagrange' ? { as } : {}),
        ...(framework ? { framework } : {}),
      },
      stages,
      attempts,
      notes,
      ...(anchor ? { action: anchor } : {}),
      ...(apiCalls !== undefined ? { apiCalls } : {}),
      ...(apiCallsDropped ? { apiCallsDropped } : {}),
      ...extra,
      totalMs: Math.round(performance.now() - t0),
    };
  };

  let url: URL;
  try {
    url = new URL(target.url);
    if (!/^wss?:$/.test(url.protocol)) throw new Error('scheme');
  } catch {
    return report(
      'protocol-error',
      t(`${target.url} is not a ws:// or wss:// URL.`, `${target.url} 不是 ws:// 或 wss:// 地址。`),
      t('Give a URL such as ws://127.0.0.1:8080/onebot/v11/ws.', '请提供形如 ws://127.0.0.1:8080/onebot/v11/ws 的地址。'),
    );
  }
  if (target.token !== null && invalidHeaderValue(target.token))
    return report(
      'protocol-error',
      t(
        'The token contains a line break or another character that cannot travel in an HTTP header: nothing was sent (the probe stopped before connecting), and the program that holds this token cannot send it either.',
        '令牌包含换行或其他无法放入 HTTP 头的字符：没有发送任何内容（探测在连接前就停止了），持有该令牌的程序同样无法发送它。',
      ),
      t('Remove the line break (or control character) from the token on both sides.', '请在两侧删除令牌中的换行（或控制字符）。'),
    );
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol === 'ws:' && target.token && !isLoopbackHost(host)) {
    notes.push(
      t(
        `The token travels in clear text over ws:// to ${host}; use wss:// or a private network.`,
        `令牌会通过 ws:// 明文发送到 ${host}；请使用 wss:// 或私有网络。`,
      ),
    );
  }

  // 1. name resolution
  const r0 = performance.now();
  if (!isIP(host)) {
    try {
      await Promise.race([lookup(host), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), stageMs).unref())]);
      stages.push({ name: 'resolve', ms: ms(r0), outcome: `${host} resolved` });
    } catch (e) {
      stages.push({ name: 'resolve', ms: ms(r0), outcome: `failed: ${(e as Error).message}` });
      return report(
        'dns-failed',
        t(`The name ${host} does not resolve here.`, `此处无法解析主机名 ${host}。`),
        t(
          'Check the host name (in Docker: the service name, or host.docker.internal with extra_hosts).',
          '请检查主机名（在 Docker 中：服务名，或配合 extra_hosts 使用 host.docker.internal）。',
        ),
      );
    }
  } else stages.push({ name: 'resolve', ms: 0, outcome: `${host} is an address` });

  const pathOf = (u: URL) => u.pathname || '/';
  const headersFor = (id: string, auth: ProbeAttempt['auth']): Record<string, string> => {
    const tok = auth === 'configured' ? target.token : auth === 'wrong' ? WRONG_TOKEN : null;
    return role === 'nonebot'
      ? frameworkHeaders(framework ?? 'nonebot', tok)
      : implementationHeaders(as, id, tok, opts.clientRole ?? facts?.clientRole ?? 'Universal');
  };
  const tryOnce = async (path: string, id: string, auth: ProbeAttempt['auth']): Promise<HandshakeResult> => {
    const u = new URL(target.url);
    u.pathname = path;
    const left = run.left();
    const r = await handshake(u.toString(), {
      headers: headersFor(id, auth),
      timeoutMs: left,
      signal: ctl.signal,
      role,
      selfId: id,
      sessionMs: role === 'nonebot' ? Math.min(stageMs, left) : SESSION_MS,
    });
    attempts.push({ path, selfId: role === 'nonebot' ? '-' : id, auth, status: r.status, ms: r.ms });
    if (r.session && role === 'lagrange') {
      apiCalls = [...(apiCalls ?? []), ...r.session.apiCalls].slice(0, 50);
      apiCallsDropped += r.session.apiCallsDropped ?? 0;
    }
    return r;
  };
  /** A session the server ended right after the upgrade with no reason: Koishi's answer to a path it does not serve. */
  const dropped = (r: HandshakeResult) =>
    r.status === 101 &&
    !!r.session?.closedByServer &&
    !r.session.closeReason &&
    !r.session.authRefused &&
    (r.session.closeCode === 1005 || r.session.closeCode === 1000 || r.session.closeCode === 1006);

  // 2. the handshake as configured
  const first = await tryOnce(pathOf(url), selfId, 'configured');
  stages.push({ name: 'upgrade', ms: first.ms, outcome: typeof first.status === 'number' ? `HTTP ${first.status}` : first.status });
  const st = first.status;
  if (st === 'aborted') return report('timeout', t('The probe was cancelled or ran out of time.', '探测被取消或超时。'), t('Run it again.', '请重新运行。'));
  if (st === 'refused')
    return report(
      'refused',
      t(
        `Nothing listens on ${host}:${url.port || (url.protocol === 'wss:' ? 443 : 80)} (connection refused).`,
        `${host}:${url.port || (url.protocol === 'wss:' ? 443 : 80)} 上没有程序监听（连接被拒绝）。`,
      ),
      refusedFix(target, facts, impl, fwName()),
    );
  if (st === 'timeout')
    return report(
      'timeout',
      t(
        `${host} did not answer the handshake within ${stageMs} ms (a firewall, a wrong host, or a server that accepts TCP and never answers).`,
        `${host} 在 ${stageMs} 毫秒内没有回应握手（防火墙、主机错误，或服务器接受 TCP 连接却不回应）。`,
      ),
      t(
        `Check that the host and port are those of ${role === 'nonebot' ? impl : fwName()}, and that no firewall drops the connection.`,
        `请确认主机和端口属于 ${role === 'nonebot' ? impl : fwName()}，并且没有防火墙丢弃连接。`,
      ),
    );
  if (st === 'dns-failed')
    return report('dns-failed', t(`The name ${host} does not resolve.`, `无法解析主机名 ${host}。`), t('Check the host name.', '请检查主机名。'));
  if (st === 'tls-failed')
    return report(
      'tls-failed',
      t(`The TLS handshake with ${host} failed: ${first.error ?? ''}.`, `与 ${host} 的 TLS 握手失败：${first.error ?? ''}。`),
      t(
        `Use a certificate ${impl} trusts, or (Lagrange) set "IgnoreSslCertificate": true for a self-signed one.`,
        `请使用 ${impl} 信任的证书；自签名证书（Lagrange）可设置 "IgnoreSslCertificate": true。`,
      ),
    );
  if (st === 'reset' || st === 'error')
    return report(
      'protocol-error',
      t(`The server broke off the handshake: ${first.error ?? st}.`, `服务器中断了握手：${first.error ?? st}。`),
      t(
        `Make sure the port belongs to ${role === 'nonebot' ? impl : fwName()} (not a proxy or another program) and speaks WebSocket.`,
        `请确认该端口属于 ${role === 'nonebot' ? impl : fwName()}（而不是代理或其他程序），并支持 WebSocket。`,
      ),
    );

  if (st === 101) {
    const s = first.session!;
    const reason = s.closeReason ?? '';
    stages.push({
      name: 'session',
      ms: first.ms,
      outcome: s.closedByServer
        ? `closed by server (${s.closeCode ?? '?'}${reason ? ` "${reason}"` : ''})`
        : s.badFrame
          ? 'non-JSON frame'
          : 'closed with 1000',
    });
    if (s.badFrame)
      return report(
        'protocol-error',
        t(
          `After the handshake the server sent a frame that is not JSON: ${JSON.stringify(s.badFrame)}.`,
          `握手后服务器发送了非 JSON 帧：${JSON.stringify(s.badFrame)}。`,
        ),
        t('This is not a OneBot server; check the port.', '这不是 OneBot 服务端；请检查端口。'),
      );
    // Koishi accepts the upgrade, then checks (koishijs/koishi-plugin-adapter-onebot src/ws.ts, WsServer).
    if (s.closedByServer && /invalid x-self-id/i.test(reason)) {
      framework = 'koishi';
      return report(
        'forbidden-self-id',
        selfIdChosen
          ? t(
              `Koishi accepted the path and X-Client-Role, then closed with 1008 "invalid x-self-id": no OneBot bot in koishi.yml has selfId ${selfId}.`,
              `Koishi 接受了路径和 X-Client-Role，随后以 1008 "invalid x-self-id" 关闭：koishi.yml 中没有 selfId 为 ${selfId} 的 OneBot 机器人。`,
            )
          : t(
              `Koishi accepted the path and X-Client-Role, then closed with 1008 "invalid x-self-id" for the probe's test id ${selfId}: Koishi admits only the selfId of a bot configured in koishi.yml, so the path and role are right and the self id was not tested.`,
              `Koishi 接受了路径和 X-Client-Role，随后对探测使用的测试 id ${selfId} 以 1008 "invalid x-self-id" 关闭：Koishi 只接受 koishi.yml 中已配置机器人的 selfId，因此路径和角色正确，self id 未被测试。`,
            ),
        selfIdChosen
          ? t(
              `Set the OneBot adapter's selfId in koishi.yml to the account ${impl} logs in with (${selfId} as sent), and restart Koishi.`,
              `请把 koishi.yml 中 OneBot 适配器的 selfId 设为 ${impl} 登录的账号（发送的是 ${selfId}），然后重启 Koishi。`,
            )
          : t(
              `Make koishi.yml's selfId equal to ${impl}'s account; to test it, run the probe with --self-id <that selfId> (it briefly takes over that bot's connection in Koishi).`,
              `请让 koishi.yml 的 selfId 与 ${impl} 的账号一致；如需测试，请使用 --self-id <该 selfId> 运行探测（这会短暂接管 Koishi 中该机器人的连接）。`,
            ),
      );
    }
    if (s.closedByServer && /invalid x-client-role/i.test(reason)) {
      framework = 'koishi';
      return report(
        'forbidden-client-role',
        t(
          `Koishi closed the connection with 1008 "invalid x-client-role": it requires X-Client-Role: Universal, and ${impl} sent another value or none.`,
          `Koishi 以 1008 "invalid x-client-role" 关闭了连接：它要求 X-Client-Role: Universal，而 ${impl} 发送了其他值或没有发送。`,
        ),
        as === 'gocqhttp'
          ? t(
              'Use one Universal reverse WebSocket in go-cqhttp (`universal:` URL), not separate api/event URLs.',
              '请在 go-cqhttp 中使用 Universal 反向 WebSocket（`universal:` 地址），而不是分开的 api/event 地址。',
            )
          : as === 'lagrange'
            ? t(
                'Set "UseUniversalClient": true on the ReverseWebSocket entry (split API/Event clients send other roles).',
                '请在 ReverseWebSocket 条目中设置 "UseUniversalClient": true（拆分的 API/Event 客户端会发送其他角色）。',
              )
            : t(`Update ${impl}: current versions send X-Client-Role: Universal.`, `请更新 ${impl}：当前版本会发送 X-Client-Role: Universal。`),
      );
    }
    if (s.closedByServer && s.authRefused)
      return report(
        'forbidden-token',
        t(
          `${role === 'nonebot' ? impl : 'The server'} accepted the upgrade, then answered retcode 1403 (token check failed) and closed: the token differs.`,
          `${role === 'nonebot' ? impl : '服务器'}接受了升级，随后返回 retcode 1403（令牌校验失败）并关闭：令牌不一致。`,
        ),
        t(
          `Make the framework's token equal to ${role === 'nonebot' ? impl : 'the server'}'s token.`,
          `请让框架的令牌与${role === 'nonebot' ? impl : '服务器'}的令牌一致。`,
        ),
      );
    if (role === 'lagrange' && dropped(first) && framework !== 'nonebot') {
      // Koishi serves its OneBot route at one path and drops any other upgrade (close 1005, no reason).
      const configured = pathOf(url);
      let alt: HandshakeResult | undefined;
      if (configured !== KOISHI_DEFAULT_PATH) alt = await tryOnce(KOISHI_DEFAULT_PATH, selfId, 'configured');
      const altServed = alt !== undefined && alt.status === 101 && !dropped(alt);
      if (altServed || framework === 'koishi') {
        framework = 'koishi';
        stages.push({ name: 'diagnosis', ms: alt?.ms ?? 0, outcome: altServed ? `${KOISHI_DEFAULT_PATH} is served` : 'dropped without a reason' });
        return report(
          'forbidden-path',
          altServed
            ? t(
                `Koishi has no OneBot route at ${configured} (it accepted the upgrade and dropped it at once); its adapter answers at ${KOISHI_DEFAULT_PATH}.`,
                `Koishi 在 ${configured} 上没有 OneBot 路由（接受升级后立即断开）；其适配器在 ${KOISHI_DEFAULT_PATH} 上响应。`,
              )
            : t(
                `Koishi accepted the upgrade on ${configured} and dropped it at once without a reason: no OneBot adapter with protocol ws-reverse serves that path.`,
                `Koishi 接受了 ${configured} 上的升级并立即无理由断开：没有使用 ws-reverse 协议的 OneBot 适配器服务该路径。`,
              ),
          t(
            `Make ${impl}'s URL path equal to the adapter's path in koishi.yml (default ${KOISHI_DEFAULT_PATH}).`,
            `请让 ${impl} 的 URL 路径与 koishi.yml 中适配器的 path 相同（默认 ${KOISHI_DEFAULT_PATH}）。`,
          ),
        );
      }
    }
    if (s.closedByServer)
      return report(
        'closed-after-connect',
        t(
          `The server accepted the handshake, then closed it (${s.closeCode ?? '?'}${reason ? ` "${reason}"` : ''}). ${s.closeCode === 1008 ? 'A OneBot V12 adapter does this for V11 events.' : ''}`.trim(),
          `服务器接受握手后又关闭了连接（${s.closeCode ?? '?'}${reason ? ` "${reason}"` : ''}）。${s.closeCode === 1008 ? 'OneBot V12 适配器收到 V11 事件时会这样做。' : ''}`,
        ),
        t(
          'Connect to the OneBot V11 path (/onebot/v11/ws) of a NoneBot with the V11 adapter registered.',
          '请连接已注册 V11 适配器的 NoneBot 的 OneBot V11 路径（/onebot/v11/ws）。',
        ),
      );
    if (role === 'nonebot' && !s.loginAnswered)
      return report(
        'protocol-error',
        t(
          `${impl} accepted the connection but ${s.firstEvent ? 'did not answer get_login_info' : 'sent no event'} in time.`,
          `${impl} 接受了连接，但${s.firstEvent ? '没有及时回应 get_login_info' : '没有发送事件'}。`,
        ),
        t(
          `Check that the port is ${impl}'s forward WebSocket server and that ${impl} is logged in.`,
          `请确认该端口是 ${impl} 的正向 WebSocket 服务，且 ${impl} 已登录。`,
        ),
      );
    // Auth enforced? One handshake with a deliberately wrong token. Koishi admits only configured self ids, so it
    // gets the same id; NoneBot would refuse a second connection with the same id, so it gets a fresh one.
    const wrongId = role === 'lagrange' && framework === 'koishi' ? selfId : randomSelfId([selfId]);
    let wrong = await tryOnce(pathOf(url), wrongId, 'wrong');
    if (role === 'lagrange' && wrongId !== selfId && wrong.session?.closedByServer && /invalid x-self-id/i.test(wrong.session.closeReason ?? '')) {
      // The server accepted our id and refuses a fresh one as "invalid x-self-id": Koishi. Ask again with the accepted id.
      framework = 'koishi';
      wrong = await tryOnce(pathOf(url), selfId, 'wrong');
    }
    const proof = authProof(wrong);
    stages.push({
      name: 'diagnosis',
      ms: wrong.ms,
      outcome: `wrong token → ${wrong.status}${wrong.session?.closedByServer ? ` then close ${wrong.session.closeCode ?? '?'}${wrong.session.closeReason ? ` "${wrong.session.closeReason}"` : ''}` : ''} (${proof})`,
    });
    if (proof === 'disabled')
      return report(
        'ok-auth-disabled',
        framework === 'koishi' && role === 'lagrange'
          ? t(
              "The link works, and Koishi's OneBot adapter never checks the token on reverse WebSocket (src/ws.ts): anyone who reaches Koishi's port and knows a selfId can connect as that bot.",
              '连接正常，但 Koishi 的 OneBot 适配器在反向 WebSocket 上从不校验令牌（src/ws.ts）：任何能访问 Koishi 端口并知道 selfId 的人都能以该机器人身份连接。',
            )
          : t(
              'The link works, but the server accepts any token: anyone who reaches the port can connect as a bot.',
              '连接正常，但服务器接受任意令牌：任何能访问该端口的人都能以机器人身份连接。',
            ),
        role === 'nonebot'
          ? t(
              `Set a token on ${impl}'s forward WebSocket server, and the same token in the framework (ONEBOT_ACCESS_TOKEN for NoneBot).`,
              `请为 ${impl} 的正向 WebSocket 服务设置令牌，并在框架中设置相同的令牌（NoneBot 为 ONEBOT_ACCESS_TOKEN）。`,
            )
          : framework === 'koishi'
            ? t(
                "Keep Koishi's server on 127.0.0.1 or a private network (server.host), since the token cannot protect this route.",
                '请让 Koishi 的服务只监听 127.0.0.1 或私有网络（server.host），因为令牌无法保护该路由。',
              )
            : t(
                `Set ONEBOT_ACCESS_TOKEN in NoneBot's .env and the same token in ${impl}, then restart NoneBot.`,
                `请在 NoneBot 的 .env 中设置 ONEBOT_ACCESS_TOKEN，并在 ${impl} 中设置相同的令牌，然后重启 NoneBot。`,
              ),
      );
    if (proof === 'unverified')
      return report(
        'ok-auth-unverified',
        t(
          `The handshake succeeds, but whether the server checks the token is not known: the attempt with a wrong token ended with ${describe(wrong)} instead of a clean refusal (401/403, close 1008, or retcode 1403).`,
          `握手成功，但无法判断服务器是否校验令牌：使用错误令牌的尝试以 ${describe(wrong)} 结束，而不是明确的拒绝（401/403、1008 关闭或 retcode 1403）。`,
        ),
        t(
          'Run the probe again; if this repeats, check the server log for the wrong-token attempt.',
          '请重新运行探测；如果反复出现，请在服务器日志中查看错误令牌的那次尝试。',
        ),
      );
    return report('ok', t('The handshake succeeds and the server checks the token.', '握手成功，服务器会校验令牌。'), t('Nothing to fix.', '无需修复。'));
  }

  if (st === 404) {
    const fastapi = /"detail"\s*:\s*"Not Found"/.test(first.body ?? '');
    return report(
      'not-found',
      role === 'nonebot'
        ? as === 'lagrange'
          ? t(
              `Lagrange answered 404: on Linux its listener matches the Host header against its configured Host (${host} was sent).`,
              `Lagrange 返回 404：在 Linux 上，其监听器会把 Host 头与配置的 Host 比较（发送的是 ${host}）。`,
            )
          : t(`${impl} answered 404 to the WebSocket upgrade on ${pathOf(url)}.`, `${impl} 对 ${pathOf(url)} 的 WebSocket 升级返回 404。`)
        : fastapi
          ? t(
              'NoneBot (FastAPI) answered 404 to the WebSocket upgrade: uvicorn has no WebSocket support installed ("Unsupported upgrade request").',
              'NoneBot（FastAPI）对 WebSocket 升级请求返回 404：uvicorn 没有安装 WebSocket 支持（"Unsupported upgrade request"）。',
            )
          : t(
              `The server answered 404 to the WebSocket upgrade on ${pathOf(url)}: it is not NoneBot's OneBot endpoint.`,
              `服务器对 ${pathOf(url)} 的 WebSocket 升级返回 404：这不是 NoneBot 的 OneBot 端点。`,
            ),
      role === 'nonebot'
        ? as === 'lagrange'
          ? t('Dial exactly the ForwardWebSocket Host, or set its Host to "*".', '请连接与 ForwardWebSocket Host 完全相同的主机名，或将其 Host 设为 "*"。')
          : t(`Point the framework at ${impl}'s forward WebSocket host and port.`, `请让框架连接 ${impl} 正向 WebSocket 的主机和端口。`)
        : fastapi
          ? t(
              'Install uvicorn with WebSocket support: pip install "uvicorn[standard]" (or websockets).',
              '请安装带 WebSocket 支持的 uvicorn：pip install "uvicorn[standard]"（或 websockets）。',
            )
          : t(`Point ${impl} at NoneBot's HOST:PORT and /onebot/v11/ws.`, `请让 ${impl} 连接 NoneBot 的 HOST:PORT 和 /onebot/v11/ws。`),
    );
  }
  if (st !== 403 && st !== 401)
    return report(
      'unexpected-status',
      t(`The server answered HTTP ${st} instead of 101.`, `服务器返回 HTTP ${st}，而不是 101。`),
      t(
        `Check that the port belongs to ${role === 'nonebot' ? impl : fwName()} (a reverse proxy may need WebSocket upgrade enabled).`,
        `请确认该端口属于 ${role === 'nonebot' ? impl : fwName()}（反向代理可能需要开启 WebSocket 升级）。`,
      ),
    );

  // 3. differential diagnosis of a 403 (or the implementation's 401/403 for forward WS)
  if (role === 'nonebot') {
    // go-cqhttp (server/http.go checkAuth) and Lagrange's HTTP API: 401 = no token sent, 403 = a wrong one.
    const none = st === 401 || target.token === null || target.token === '';
    return report(
      'forbidden-token',
      none
        ? t(
            `${impl}'s forward WebSocket requires a token (HTTP ${st}) and the framework sent none.`,
            `${impl} 的正向 WebSocket 要求令牌（HTTP ${st}），而框架没有发送。`,
          )
        : t(`${impl}'s forward WebSocket refused the token (HTTP ${st}).`, `${impl} 的正向 WebSocket 拒绝了令牌（HTTP ${st}）。`),
      t(
        `Make ONEBOT_ACCESS_TOKEN (or Koishi's token) equal to ${impl}'s forward WebSocket token.`,
        `请让 ONEBOT_ACCESS_TOKEN（或 Koishi 的 token）与 ${impl} 正向 WebSocket 的令牌相同。`,
      ),
    );
  }
  const dStart = performance.now();
  if (target.selfId !== undefined || selfIdChosen) {
    const fresh = await tryOnce(pathOf(url), randomSelfId([selfId]), 'configured');
    if (fresh.status === 101) {
      stages.push({ name: 'diagnosis', ms: ms(dStart), outcome: 'a fresh X-Self-ID is accepted' });
      return report(
        'forbidden-duplicate-self-id',
        t(
          `A bot with X-Self-ID ${selfId} is already connected: NoneBot refuses a second connection with the same id.`,
          `X-Self-ID 为 ${selfId} 的机器人已经连接：NoneBot 拒绝同一 id 的第二个连接。`,
        ),
        t(
          `Stop the other connection (an old ${impl} process, or a second reverse WebSocket entry to the same NoneBot), or wait for NoneBot to drop it.`,
          `请停止另一个连接（旧的 ${impl} 进程，或指向同一 NoneBot 的第二个反向 WebSocket 条目），或等待 NoneBot 断开它。`,
        ),
      );
    }
  }
  const configuredPath = pathOf(url);
  if (!V11_ROUTES.includes(configuredPath)) {
    const canonical = await tryOnce(CANONICAL, randomSelfId([selfId]), 'configured');
    if (canonical.status === 101) {
      stages.push({ name: 'diagnosis', ms: ms(dStart), outcome: `${CANONICAL} is accepted` });
      return report(
        'forbidden-path',
        t(
          `NoneBot has no OneBot V11 route at ${configuredPath}; ${CANONICAL} works with the same token.`,
          `NoneBot 在 ${configuredPath} 上没有 OneBot V11 路由；使用相同令牌访问 ${CANONICAL} 可以成功。`,
        ),
        t(
          as === 'lagrange' ? 'Set Suffix to "/onebot/v11/ws".' : `Make ${impl}'s URL end with /onebot/v11/ws.`,
          as === 'lagrange' ? '将 Suffix 设为 "/onebot/v11/ws"。' : `请让 ${impl} 的地址以 /onebot/v11/ws 结尾。`,
        ),
      );
    }
  }
  const routePath = V11_ROUTES.includes(configuredPath) ? configuredPath : CANONICAL;
  const noAuth = await tryOnce(routePath, randomSelfId([selfId]), 'none');
  if (noAuth.status === 101) {
    // Without a token it works, with ours it does not: impossible for NoneBot unless the path was the problem.
    stages.push({ name: 'diagnosis', ms: ms(dStart), outcome: 'accepted without a token' });
    return report(
      'forbidden-token',
      t('The server accepts the handshake without a token but refuses the one configured.', '服务器接受不带令牌的握手，却拒绝配置的令牌。'),
      t(
        `Remove the token from ${impl}, or set the same ONEBOT_ACCESS_TOKEN in NoneBot.`,
        `请从 ${impl} 中删除令牌，或在 NoneBot 中设置相同的 ONEBOT_ACCESS_TOKEN。`,
      ),
    );
  }
  const get = await plainGet(new URL(routePath, target.url).toString(), run.left(), ctl.signal);
  attempts.push({ path: routePath, selfId: '-', auth: 'none', status: get.status, ms: 0 });
  const isFastapi = get.status === 404 && /"detail"\s*:\s*"Not Found"/.test(get.body);
  stages.push({ name: 'diagnosis', ms: ms(dStart), outcome: isFastapi ? 'plain GET: FastAPI 404 (a NoneBot server)' : `plain GET: ${get.status}` });
  if (!isFastapi)
    notes.push(
      t(
        'The server does not answer a plain GET as NoneBot (FastAPI) does: this may not be NoneBot.',
        '服务器对普通 GET 的回应与 NoneBot（FastAPI）不同：这可能不是 NoneBot。',
      ),
    );

  // Every route refuses our token and no token: a token mismatch, or no adapter at all. The workspace may tell.
  if (facts?.v11Adapter === true) {
    const sameInFiles = facts.frameworkToken !== undefined && facts.frameworkToken === target.token;
    if (sameInFiles)
      notes.push(
        t(
          'The workspace files give NoneBot the same token that was sent: the running NoneBot uses another configuration (not restarted since the change, another ENVIRONMENT, or a process environment variable).',
          '工作区文件中 NoneBot 的令牌与发送的相同：正在运行的 NoneBot 使用了其他配置（修改后未重启、ENVIRONMENT 不同，或有进程环境变量）。',
        ),
      );
    return report(
      'forbidden-token',
      t(
        'NoneBot refuses the token: every OneBot V11 route answers 403 with it and without it, and the V11 adapter is registered in this workspace.',
        'NoneBot 拒绝该令牌：带或不带令牌，所有 OneBot V11 路由都返回 403，而工作区中已注册 V11 适配器。',
      ),
      t(
        `Make ${impl}'s token equal to NoneBot's ONEBOT_ACCESS_TOKEN (see the token rules), then restart NoneBot.`,
        `请让 ${impl} 的令牌与 NoneBot 的 ONEBOT_ACCESS_TOKEN 相同（参见令牌相关规则），然后重启 NoneBot。`,
      ),
    );
  }
  return report(
    'forbidden-token-or-adapter',
    facts?.v11Adapter === false
      ? t(
          'Every OneBot V11 route answers 403, and bot.py registers no OneBot V11 adapter: most likely the adapter is missing (a wrong token looks the same).',
          '所有 OneBot V11 路由都返回 403，且 bot.py 没有注册 OneBot V11 适配器：最可能是缺少适配器（令牌错误的表现相同）。',
        )
      : t(
          "Every OneBot V11 route answers 403 with the token and without it: either the token is wrong or no OneBot adapter is registered. From outside both look the same; NoneBot's log separates them (\"Authorization Header is invalid\" for a token; only uvicorn's 403 line for no adapter), and so would this workspace's bot.py.",
          '带或不带令牌，所有 OneBot V11 路由都返回 403：要么令牌错误，要么没有注册 OneBot 适配器。从外部看两者相同；NoneBot 日志可以区分（令牌错误时有 "Authorization Header is invalid"；缺少适配器时只有 uvicorn 的 403 行），工作区中的 bot.py 也可以。',
        ),
    t(
      'Register the OneBot V11 adapter in bot.py and make the tokens equal on both sides, then restart NoneBot.',
      '请在 bot.py 中注册 OneBot V11 适配器，并让两侧令牌一致，然后重启 NoneBot。',
    ),
  );
}

/**
 * What the wrong-token attempt proves. Only a clean refusal shows that the token is checked: HTTP 401/403, a 101
 * followed by retcode 1403 (NapCat, LLOneBot) or by a 1008 close that is not about the self id or role. A 101 that
 * lives on means any token is accepted. Anything else (refused, timeout, reset, another status) proves nothing.
 */
function authProof(r: HandshakeResult): 'checked' | 'disabled' | 'unverified' {
  if (r.status === 401 || r.status === 403) return 'checked';
  if (r.status !== 101 || !r.session) return 'unverified';
  const s = r.session;
  if (s.authRefused) return 'checked';
  if (!s.closedByServer) return s.badFrame ? 'unverified' : 'disabled';
  if (s.closeCode === 1008 && !/x-self-id|x-client-role|connect meta event/i.test(s.closeReason ?? '')) return 'checked';
  return 'unverified';
}

function describe(r: HandshakeResult): string {
  if (typeof r.status === 'number')
    return r.status === 101 && r.session?.closedByServer
      ? `101 then close ${r.session.closeCode ?? '?'}${r.session.closeReason ? ` "${r.session.closeReason}"` : ''}`
      : `HTTP ${r.status}`;
  return r.status;
}

function ms(from: number): number {
  return Math.round((performance.now() - from) * 10) / 10;
}

function refusedFix(target: ProbeTarget, facts: LinkFacts | undefined, impl: string, fw: string): Localized {
  if (target.kind === 'forward-ws')
    return impl === 'Lagrange.OneBot'
      ? t(
          'Start Lagrange (its ForwardWebSocket starts only after login) or fix ONEBOT_WS_URLS.',
          '请启动 Lagrange（其 ForwardWebSocket 在登录后才启动），或修正 ONEBOT_WS_URLS。',
        )
      : t(
          `Start ${impl} with its WebSocket server enabled (and logged in), or fix the URL the framework dials.`,
          `请启动 ${impl} 并启用其 WebSocket 服务（且已登录），或修正框架连接的地址。`,
        );
  if (facts?.clientOnlyDriver !== undefined)
    return t(
      `Start NoneBot with a server driver: DRIVER=${facts.clientOnlyDriver} opens no port; add ~fastapi.`,
      `请使用服务端驱动器启动 NoneBot：DRIVER=${facts.clientOnlyDriver} 不会打开端口；请加入 ~fastapi。`,
    );
  return fw === 'Koishi'
    ? t(
        `Start Koishi (with the server plugin), or make ${impl}'s port equal to Koishi's server port.`,
        `请启动 Koishi（含 server 插件），或让 ${impl} 的端口与 Koishi 的服务端口相同。`,
      )
    : t(`Start NoneBot, or make ${impl}'s port equal to NoneBot's PORT.`, `请启动 NoneBot，或让 ${impl} 的端口与 NoneBot 的 PORT 相同。`);
}

/** The config line a verdict's fix applies to. */
export function actionFor(verdict: VerdictCode, facts: LinkFacts): ProbeReport['action'] {
  const a = facts.anchors;
  switch (verdict) {
    case 'forbidden-path':
      return a.path ?? a.any;
    case 'forbidden-token':
    case 'ok-auth-disabled':
      return a.token ?? a.frameworkToken ?? a.any;
    case 'refused':
      return a.port ?? a.any;
    case 'forbidden-self-id':
      return a.selfId ?? a.any;
    default:
      return { file: a.any.file, range: a.any.range };
  }
}
