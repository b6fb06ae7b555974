/**
 * HTTP mode, both directions:
 * - http-post: POST a harmless heartbeat meta event to the framework's HTTP route as the implementation would
 *   (X-Self-ID; with a secret, `X-Signature: sha1=<hex HMAC-SHA1(secret, body)>`). NoneBot's V11 adapter
 *   (nonebot/adapter-onebot `nonebot/adapters/onebot/v11/adapter.py` `_handle_http`, `_check_signature`): no X-Self-ID
 *   → 400; secret set and no signature → 401; wrong signature → 403; then 204. An unknown path is FastAPI's 404.
 * - http-api: call the implementation's HTTP API as the framework does for ONEBOT_API_ROOTS (`_call_api`: POST
 *   `{root}/get_login_info` with `Authorization: Bearer <token>`). Lagrange (`HttpService.cs`) and go-cqhttp
 *   (`server/http.go` checkAuth) answer 401 without a token and 403 with a wrong one; NapCat
 *   (`packages/napcat-onebot/network/http-server.ts` authorize) and LLOneBot (`src/onebot11/connect/http.ts`) 403.
 */
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Localized } from '../model';
import { maskToken, t } from '../l10n';
import { isLoopbackHost } from '../link/urls';
import { frameworkHeaders, httpPostHeaders, PROFILES } from './profiles';
import { invalidHeaderValue, printable } from './sanitize';
import { probeRoles, randomSelfId } from './probe';
import type { ProbeAttempt, ProbeOptions, ProbeReport, ProbeStage, ProbeTarget, VerdictCode } from './types';

const V11_HTTP_ROUTES = ['/onebot/v11/http', '/onebot/v11/http/', '/onebot/v11/'];
const CANONICAL_HTTP = '/onebot/v11/http';
const WRONG = 'onebot-doctor-wrong-secret';

interface HttpResult {
  status: number | 'refused' | 'timeout' | 'dns-failed' | 'tls-failed' | 'reset' | 'aborted' | 'error';
  body: string;
  ms: number;
  error?: string;
}

function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number, signal: AbortSignal): Promise<HttpResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: Omit<HttpResult, 'ms'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      req?.destroy();
      resolve({ ...r, ms: Math.round((performance.now() - t0) * 10) / 10 });
    };
    const onAbort = () => finish({ status: 'aborted', body: '' });
    const timer = setTimeout(() => finish({ status: 'timeout', body: '' }), timeoutMs);
    let req: http.ClientRequest | undefined;
    try {
      const send = url.startsWith('https:') ? https.request : http.request;
      req = send(url, { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, agent: false, rejectUnauthorized: true }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (text.length < 2048) text += c;
        });
        res.on('end', () => finish({ status: res.statusCode ?? 'error', body: text.slice(0, 2048) }));
        res.on('error', () => finish({ status: res.statusCode ?? 'error', body: text.slice(0, 2048) }));
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        const code = e.code ?? '';
        const status: HttpResult['status'] =
          code === 'ECONNREFUSED' ? 'refused' : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'dns-failed' : /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code) ? 'tls-failed' : code === 'ECONNRESET' ? 'reset' : 'error';
        finish({ status, body: '', error: printable(`${code} ${e.message}`.trim(), 300) });
      });
      req.end(body);
    } catch (e) {
      finish({ status: 'error', body: '', error: printable((e as Error).message, 300) });
    }
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function runHttpProbe(target: ProbeTarget, opts: ProbeOptions = {}): Promise<ProbeReport> {
  const t0 = performance.now();
  const stageMs = opts.stageTimeoutMs ?? 3000;
  const ctl = new AbortController();
  const onAbort = () => ctl.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const overall = setTimeout(() => ctl.abort(), opts.timeoutMs ?? 10_000);
  const stages: ProbeStage[] = [];
  const attempts: ProbeAttempt[] = [];
  // Where the sides run against where the probe runs (compose): what this probe can prove.
  const notes: Localized[] = [...(target.vantage ?? [])];
  const { as, framework, facts } = probeRoles(target, opts);
  const api = target.kind === 'http-api';
  const impl = PROFILES[as].name;
  const selfId = target.selfId ?? (opts.useAccountUin && facts?.accountSelfId ? facts.accountSelfId : randomSelfId());
  const secret = opts.secret ?? target.secret;
  const report = (verdict: VerdictCode, cause: Localized, fix: Localized): ProbeReport => {
    clearTimeout(overall);
    opts.signal?.removeEventListener('abort', onAbort);
    return {
      verdict,
      cause,
      fix,
      target: { url: target.url, token: api ? maskToken(target.token) : `secret ${maskToken(secret)}`, selfId: api ? '-' : selfId, label: target.label, kind: target.kind, ...(api ? {} : { as }), ...(framework ? { framework } : {}) },
      stages,
      attempts,
      notes,
      totalMs: Math.round(performance.now() - t0),
    };
  };
  let url: URL;
  try {
    url = new URL(target.url);
    if (!/^https?:$/.test(url.protocol)) throw new Error('scheme');
  } catch {
    return report('protocol-error', t(`${target.url} is not an http:// or https:// URL.`, `${target.url} 不是 http:// 或 https:// 地址。`), t('Give a URL such as http://127.0.0.1:8080/onebot/v11/http.', '请提供形如 http://127.0.0.1:8080/onebot/v11/http 的地址。'));
  }
  if (api && target.token && invalidHeaderValue(target.token))
    return report('protocol-error', t('The token contains a line break or another character that cannot travel in an HTTP header: nothing was sent, and the program that holds it cannot send it either.', '令牌包含换行或其他无法放入 HTTP 头的字符：没有发送任何内容，持有它的程序同样无法发送。'), t('Remove the line break (or control character) from the token on both sides.', '请在两侧删除令牌中的换行（或控制字符）。'));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol === 'http:' && api && target.token && !isLoopbackHost(host)) notes.push(t(`The token travels in clear text over http:// to ${host}; use https:// or a private network.`, `令牌会通过 http:// 明文发送到 ${host}；请使用 https:// 或私有网络。`));
  const left = () => Math.max(1, Math.min(stageMs, (opts.timeoutMs ?? 10_000) - (performance.now() - t0)));
  const fail = (r: HttpResult, who: string): ProbeReport | undefined => {
    if (r.status === 'aborted') return report('timeout', t('The probe was cancelled or ran out of time.', '探测被取消或超时。'), t('Run it again.', '请重新运行。'));
    if (r.status === 'refused') return report('refused', t(`Nothing listens on ${url.host} (connection refused).`, `${url.host} 上没有程序监听（连接被拒绝）。`), t(`Start ${who} with its HTTP server enabled, or fix the port.`, `请启动 ${who} 并启用其 HTTP 服务，或修正端口。`));
    if (r.status === 'timeout') return report('timeout', t(`${url.host} did not answer within ${stageMs} ms.`, `${url.host} 在 ${stageMs} 毫秒内没有回应。`), t('Check the host, the port and any firewall between them.', '请检查主机、端口以及中间的防火墙。'));
    if (r.status === 'dns-failed') return report('dns-failed', t(`The name ${host} does not resolve.`, `无法解析主机名 ${host}。`), t('Check the host name.', '请检查主机名。'));
    if (r.status === 'tls-failed') return report('tls-failed', t(`The TLS handshake with ${host} failed: ${r.error ?? ''}.`, `与 ${host} 的 TLS 握手失败：${r.error ?? ''}。`), t('Use a certificate the client trusts.', '请使用客户端信任的证书。'));
    if (typeof r.status !== 'number') return report('protocol-error', t(`The server broke off the request: ${r.error ?? r.status}.`, `服务器中断了请求：${r.error ?? r.status}。`), t(`Make sure the port belongs to ${who} and speaks HTTP.`, `请确认该端口属于 ${who} 并使用 HTTP。`));
    return undefined;
  };

  if (api) {
    // The framework calling the implementation's API, as NoneBot's _call_api does.
    const root = url.toString().replace(/\/?$/, '/');
    const call = async (tok: string | null, auth: ProbeAttempt['auth']) => {
      const r = await post(`${root}get_login_info`, { ...frameworkHeaders(framework ?? 'nonebot', tok), 'Content-Type': 'application/json' }, '{}', left(), ctl.signal);
      attempts.push({ path: `${url.pathname.replace(/\/?$/, '/')}get_login_info`, selfId: '-', auth, status: r.status, ms: r.ms });
      return r;
    };
    const first = await call(target.token, 'configured');
    stages.push({ name: 'upgrade', ms: first.ms, outcome: typeof first.status === 'number' ? `HTTP ${first.status}` : first.status });
    const early = fail(first, impl);
    if (early) return early;
    if (first.status === 401 || first.status === 403) {
      const none = first.status === 401 || !target.token;
      return report(
        'forbidden-token',
        none ? t(`${impl}'s HTTP API requires a token (HTTP ${first.status}) and none was sent.`, `${impl} 的 HTTP API 要求令牌（HTTP ${first.status}），但没有发送。`) : t(`${impl}'s HTTP API refused the token (HTTP ${first.status}).`, `${impl} 的 HTTP API 拒绝了令牌（HTTP ${first.status}）。`),
        t(`Make ONEBOT_ACCESS_TOKEN equal to ${impl}'s HTTP server token.`, `请让 ONEBOT_ACCESS_TOKEN 与 ${impl} HTTP 服务的令牌相同。`),
      );
    }
    if (first.status === 404) return report('forbidden-path', t(`${impl} has no API at ${url.pathname.replace(/\/?$/, '/')}get_login_info (404): the API root in ONEBOT_API_ROOTS has a wrong path.`, `${impl} 在 ${url.pathname.replace(/\/?$/, '/')}get_login_info 上没有 API（404）：ONEBOT_API_ROOTS 中的 API 根路径错误。`), t('Use the bare http://HOST:PORT of the implementation\'s HTTP server as the API root.', '请使用实现端 HTTP 服务的 http://HOST:PORT 作为 API 根地址。'));
    let retcode: unknown;
    try {
      retcode = (JSON.parse(first.body) as { retcode?: unknown }).retcode;
    } catch {
      retcode = undefined;
    }
    const code = first.status as number;
    if (code < 200 || code >= 300 || retcode === undefined)
      return report('unexpected-status', t(`The API answered HTTP ${first.status}${retcode === undefined ? ' without a OneBot response' : ''}.`, `API 返回 HTTP ${first.status}${retcode === undefined ? '，且不是 OneBot 响应' : ''}。`), t(`Check that the port is ${impl}'s HTTP API server.`, `请确认该端口是 ${impl} 的 HTTP API 服务。`));
    if (retcode === 1403) return report('forbidden-token', t(`${impl} answered retcode 1403 (token check failed).`, `${impl} 返回 retcode 1403（令牌校验失败）。`), t(`Make ONEBOT_ACCESS_TOKEN equal to ${impl}'s HTTP server token.`, `请让 ONEBOT_ACCESS_TOKEN 与 ${impl} HTTP 服务的令牌相同。`));
    const wrong = await call('onebot-doctor-wrong-token', 'wrong');
    stages.push({ name: 'diagnosis', ms: wrong.ms, outcome: `wrong token → ${wrong.status}` });
    if (wrong.status === 401 || wrong.status === 403) return report('ok', t('The API answers get_login_info, and it checks the token.', 'API 能回应 get_login_info，并且会校验令牌。'), t('Nothing to fix.', '无需修复。'));
    if (typeof wrong.status === 'number' && wrong.status >= 200 && wrong.status < 300)
      return report('ok-auth-disabled', t(`The API works, but ${impl} accepts any token: anyone who reaches the port can act as the bot's account.`, `API 正常，但 ${impl} 接受任意令牌：任何能访问该端口的人都能以机器人的账号操作。`), t(`Set a token on ${impl}'s HTTP server and the same ONEBOT_ACCESS_TOKEN in NoneBot.`, `请为 ${impl} 的 HTTP 服务设置令牌，并在 NoneBot 中设置相同的 ONEBOT_ACCESS_TOKEN。`));
    return report('ok-auth-unverified', t(`The API answers, but the attempt with a wrong token ended with ${wrong.status} instead of 401/403: whether the token is checked is not known.`, `API 能回应，但使用错误令牌的尝试以 ${wrong.status} 结束，而不是 401/403：无法判断是否校验令牌。`), t('Run the probe again.', '请重新运行探测。'));
  }

  // The implementation posting an event to the framework.
  const event = (): string => JSON.stringify({ time: Math.floor(Date.now() / 1000), self_id: /^\d+$/.test(selfId) ? Number(selfId) : selfId, post_type: 'meta_event', meta_event_type: 'heartbeat', status: { online: true, good: true }, interval: 60000 });
  const sign = (key: string, body: string) => `sha1=${createHmac('sha1', key).update(body).digest('hex')}`;
  const send = async (path: string, key: string | undefined, auth: ProbeAttempt['auth']) => {
    const body = event();
    const r = await post(new URL(path, url).toString(), httpPostHeaders(as, selfId, key === undefined ? undefined : sign(key, body)), body, left(), ctl.signal);
    attempts.push({ path, selfId, auth, status: r.status, ms: r.ms });
    return r;
  };
  const fw = framework === 'koishi' ? 'Koishi' : 'NoneBot';
  const path = url.pathname || '/';
  const first = await send(path, secret, 'configured');
  stages.push({ name: 'upgrade', ms: first.ms, outcome: typeof first.status === 'number' ? `HTTP ${first.status}` : first.status });
  const early = fail(first, fw);
  if (early) return early;
  const st = first.status as number;
  if (st === 401)
    return report('forbidden-secret', t(`${fw} requires a signed event (401 "Missing Signature"): it has a secret (ONEBOT_SECRET) and ${impl} sent no X-Signature.`, `${fw} 要求签名的事件（401 "Missing Signature"）：它设置了密钥（ONEBOT_SECRET），而 ${impl} 没有发送 X-Signature。`), t(`Set the same secret in ${impl} (Lagrange: Secret of the HttpPost entry), or remove ONEBOT_SECRET.`, `请在 ${impl} 中设置相同的密钥（Lagrange：HttpPost 条目的 Secret），或删除 ONEBOT_SECRET。`));
  if (st === 403)
    return report('forbidden-secret', secret === undefined ? t(`${fw} refused the event (403) although it carried no signature to refuse.`, `${fw} 拒绝了事件（403），尽管事件没有携带签名。`) : t(`${fw} refused the event's signature (403 "Signature is invalid"): the secrets differ.`, `${fw} 拒绝了事件的签名（403 "Signature is invalid"）：两侧密钥不同。`), t(`Make ${impl}'s secret equal to ONEBOT_SECRET.`, `请让 ${impl} 的密钥与 ONEBOT_SECRET 相同。`));
  if (st === 404 || st === 405) {
    const fastapi = /"detail"\s*:\s*"(?:Not Found|Method Not Allowed)"/.test(first.body);
    if (!V11_HTTP_ROUTES.includes(path)) {
      const canonical = await send(CANONICAL_HTTP, secret, 'configured');
      if (typeof canonical.status === 'number' && canonical.status !== 404 && canonical.status !== 405) {
        stages.push({ name: 'diagnosis', ms: canonical.ms, outcome: `${CANONICAL_HTTP} → ${canonical.status}` });
        return report('forbidden-path', t(`NoneBot has no OneBot V11 HTTP route at ${path}; ${CANONICAL_HTTP} answers.`, `NoneBot 在 ${path} 上没有 OneBot V11 HTTP 路由；${CANONICAL_HTTP} 有回应。`), t(`Make ${impl}'s post URL end with ${CANONICAL_HTTP}.`, `请让 ${impl} 的上报地址以 ${CANONICAL_HTTP} 结尾。`));
      }
    }
    return report(
      'forbidden-path',
      fastapi
        ? t(`NoneBot (FastAPI) answered ${st} on ${path}: no OneBot V11 HTTP route there (the V11 adapter is not registered, or the path is not ${CANONICAL_HTTP}).`, `NoneBot（FastAPI）在 ${path} 上返回 ${st}：那里没有 OneBot V11 HTTP 路由（未注册 V11 适配器，或路径不是 ${CANONICAL_HTTP}）。`)
        : t(`The server answered ${st} on ${path}: no OneBot HTTP route there.`, `服务器在 ${path} 上返回 ${st}：那里没有 OneBot HTTP 路由。`),
      t(`Register the OneBot V11 adapter in NoneBot and post to ${CANONICAL_HTTP}.`, `请在 NoneBot 中注册 OneBot V11 适配器，并上报到 ${CANONICAL_HTTP}。`),
    );
  }
  if (st === 400) return report('protocol-error', t(`${fw} refused the event as malformed (400 ${JSON.stringify(printable(first.body, 80))}).`, `${fw} 认为事件格式错误（400 ${JSON.stringify(printable(first.body, 80))}）。`), t(`Check that ${impl} sends X-Self-ID (it does once logged in).`, `请确认 ${impl} 发送了 X-Self-ID（登录后才会发送）。`));
  if (st < 200 || st >= 300) return report('unexpected-status', t(`The server answered HTTP ${st} to the event.`, `服务器对事件返回 HTTP ${st}。`), t(`Check that the port belongs to ${fw}.`, `请确认该端口属于 ${fw}。`));
  notes.push(t(`The probe posted a heartbeat as a test bot (X-Self-ID ${selfId}): NoneBot keeps that bot listed until it restarts.`, `探测以测试机器人身份（X-Self-ID ${selfId}）上报了一次心跳：NoneBot 会一直保留该机器人，直到重启。`));
  // Is the signature checked? The same event with a signature made from another key.
  const wrong = await send(path, WRONG, 'wrong');
  stages.push({ name: 'diagnosis', ms: wrong.ms, outcome: `wrong signature → ${wrong.status}` });
  if (wrong.status === 401 || wrong.status === 403) return report('ok', t(`${fw} accepts the event and checks its signature.`, `${fw} 接受事件并校验其签名。`), t('Nothing to fix.', '无需修复。'));
  if (typeof wrong.status === 'number' && wrong.status >= 200 && wrong.status < 300)
    return report('ok-auth-disabled', t(`${fw} accepts the event, but without a secret it accepts events from anyone who reaches the port.`, `${fw} 接受事件，但没有设置密钥，任何能访问该端口的人都能上报事件。`), t(`Set ONEBOT_SECRET in NoneBot and the same secret in ${impl}.`, `请在 NoneBot 中设置 ONEBOT_SECRET，并在 ${impl} 中设置相同的密钥。`));
  return report('ok-auth-unverified', t(`${fw} accepts the event, but the attempt with a wrong signature ended with ${wrong.status} instead of 401/403: whether the signature is checked is not known.`, `${fw} 接受事件，但使用错误签名的尝试以 ${wrong.status} 结束，而不是 401/403：无法判断是否校验签名。`), t('Run the probe again.', '请重新运行探测。'));
}
