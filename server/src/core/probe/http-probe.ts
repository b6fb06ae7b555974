/**
 * HTTP mode, both directions:
 * - http-post: POST a harmless heartbeat meta event to the framework's HTTP route as the implementation would
 *   (X-Self-ID; with a secret, `X-Signature: sha1=<hex HMAC-SHA1(secret, body)>`). NoneBot's V11 adapter
 *   (nonebot/adapter-onebot `nonebot/adapters/onebot/v11/adapter.py` `_handle_http`, `_check_signature`): no X-Self-ID
 *   → 400; secret set and no signature → 401; wrong signature → 403; then 204. An unknown path is FastAPI's 404.
 *   Koishi's adapter (koishijs/koishi-plugin-adapter-onebot 6.x `src/http.ts` HttpServer.connect) serves POST `path`
 *   (default /onebot): with a `secret`, no X-Signature → 401 and a signature of another key → 403 (HMAC over
 *   `JSON.stringify` of the parsed body); then an X-Self-ID that is no configured bot's selfId → 403; else 204. An
 *   unknown path is Koa's plain-text 404.
 * - http-api: call the implementation's HTTP API as the framework does for ONEBOT_API_ROOTS (`_call_api`: POST
 *   `{root}/get_login_info` with `Authorization: Bearer <token>`; Koishi's HttpServer.fork sends
 *   `Authorization: Token <token>` to `endpoint`). Lagrange (`HttpService.cs`) and go-cqhttp
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
import { plainGet } from './handshake';
import { KOISHI_DEFAULT_PATH } from './link-facts';
import { actionFor, beginRun } from './probe';
import type { ProbeAttempt, ProbeOptions, ProbeReport, ProbeTarget, VerdictCode } from './types';

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
      req = send(
        url,
        { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, agent: false, rejectUnauthorized: true },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            if (text.length < 2048) text += c;
          });
          res.on('end', () => finish({ status: res.statusCode ?? 'error', body: text.slice(0, 2048) }));
          res.on('error', () => finish({ status: res.statusCode ?? 'error', body: text.slice(0, 2048) }));
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => {
        const code = e.code ?? '';
        const status: HttpResult['status'] =
          code === 'ECONNREFUSED'
            ? 'refused'
            : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
              ? 'dns-failed'
              : /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)
                ? 'tls-failed'
                : code === 'ECONNRESET'
                  ? 'reset'
                  : 'error';
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
  const run = beginRun(target, opts);
  const { t0, stageMs, ctl, stages, attempts, notes, as, facts, selfIdChosen, selfId, left } = run;
  let framework = run.framework;
  const api = target.kind === 'http-api';
  const impl = PROFILES[as].name;
  const secret = opts.secret ?? target.secret;
  const report = (verdict: VerdictCode, cause: Localized, fix: Localized): ProbeReport => {
    run.end();
    return {
      verdict,
      cause,
      fix,
      target: {
        url: target.url,
        token: api ? maskToken(target.token) : `secret ${maskToken(secret)}`,
        selfId: api ? '-' : selfId,
        label: target.label,
        kind: target.kind,
        ...(api ? {} : { as }),
        ...(framework ? { framework } : {}),
      },
      stages,
      attempts,
      notes,
      ...(facts ? { action: actionFor(verdict, facts) } : {}),
      totalMs: Math.round(performance.now() - t0),
    };
  };
  let url: URL;
  try {
    url = new URL(target.url);
    if (!/^https?:$/.test(url.protocol)) throw new Error('scheme');
  } catch {
    return report(
      'protocol-error',
      t(`${target.url} is not an http:// or https:// URL.`, `${target.url} 不是 http:// 或 https:// 地址。`),
      t('Give a URL such as http://127.0.0.1:8080/onebot/v11/http.', '请提供形如 http://127.0.0.1:8080/onebot/v11/http 的地址。'),
    );
  }
  if (api && target.token && invalidHeaderValue(target.token))
    return report(
      'protocol-error',
      t(
        'The token contains a line break or another character that cannot travel in an HTTP header: nothing was sent, and the program that holds it cannot send it either.',
        '令牌包含换行或其他无法放入 HTTP 头的字符：没有发送任何内容，持有它的程序同样无法发送。',
      ),
      t('Remove the line break (or control character) from the token on both sides.', '请在两侧删除令牌中的换行（或控制字符）。'),
    );
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol === 'http:' && api && target.token && !isLoopbackHost(host))
    notes.push(
      t(
        `The token travels in clear text over http:// to ${host}; use https:// or a private network.`,
        `令牌会通过 http:// 明文发送到 ${host}；请使用 https:// 或私有网络。`,
      ),
    );
  const fail = (r: HttpResult, who: string): ProbeReport | undefined => {
    if (r.status === 'aborted')
      return report('timeout', t('The probe was cancelled or ran out of time.', '探测被取消或超时。'), t('Run it again.', '请重新运行。'));
    if (r.status === 'refused')
      return report(
        'refused',
        t(`Nothing listens on ${url.host} (connection refused).`, `${url.host} 上没有程序监听（连接被拒绝）。`),
        t(`Start ${who} with its HTTP server enabled, or fix the port.`, `请启动 ${who} 并启用其 HTTP 服务，或修正端口。`),
      );
    if (r.status === 'timeout')
      return report(
        'timeout',
        t(`${url.host} did not answer within ${stageMs} ms.`, `${url.host} 在 ${stageMs} 毫秒内没有回应。`),
        t('Check the host, the port and any firewall between them.', '请检查主机、端口以及中间的防火墙。'),
      );
    if (r.status === 'dns-failed')
      return report('dns-failed', t(`The name ${host} does not resolve.`, `无法解析主机名 ${host}。`), t('Check the host name.', '请检查主机名。'));
    if (r.status === 'tls-failed')
      return report(
        'tls-failed',
        t(`The TLS handshake with ${host} failed: ${r.error ?? ''}.`, `与 ${host} 的 TLS 握手失败：${r.error ?? ''}。`),
        t('Use a certificate the client trusts.', '请使用客户端信任的证书。'),
      );
    if (typeof r.status !== 'number')
      return report(
        'protocol-error',
        t(`The server broke off the request: ${r.error ?? r.status}.`, `服务器中断了请求：${r.error ?? r.status}。`),
        t(`Make sure the port belongs to ${who} and speaks HTTP.`, `请确认该端口属于 ${who} 并使用 HTTP。`),
      );
    return undefined;
  };

  if (api) {
    // The framework calling the implementation's API, as NoneBot's _call_api does.
    const root = url.toString().replace(/\/?$/, '/');
    const call = async (tok: string | null, auth: ProbeAttempt['auth']) => {
      const r = await post(
        `${root}get_login_info`,
        { ...apiHeaders(framework ?? 'nonebot', tok), 'Content-Type': 'application/json' },
        '{}',
        left(),
        ctl.signal,
      );
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
        none
          ? t(
              `${impl}'s HTTP API requires a token (HTTP ${first.status}) and none was sent.`,
              `${impl} 的 HTTP API 要求令牌（HTTP ${first.status}），但没有发送。`,
            )
          : t(`${impl}'s HTTP API refused the token (HTTP ${first.status}).`, `${impl} 的 HTTP API 拒绝了令牌（HTTP ${first.status}）。`),
        t(`Make ONEBOT_ACCESS_TOKEN equal to ${impl}'s HTTP server token.`, `请让 ONEBOT_ACCESS_TOKEN 与 ${impl} HTTP 服务的令牌相同。`),
      );
    }
    if (first.status === 404)
      return report(
        'forbidden-path',
        t(
          `${impl} has no API at ${url.pathname.replace(/\/?$/, '/')}get_login_info (404): the API root in ONEBOT_API_ROOTS has a wrong path.`,
          `${impl} 在 ${url.pathname.replace(/\/?$/, '/')}get_login_info 上没有 API（404）：ONEBOT_API_ROOTS 中的 API 根路径错误。`,
        ),
        t("Use the bare http://HOST:PORT of the implementation's HTTP server as the API root.", '请使用实现端 HTTP 服务的 http://HOST:PORT 作为 API 根地址。'),
      );
    let retcode: unknown;
    try {
      retcode = (JSON.parse(first.body) as { retcode?: unknown }).retcode;
    } catch {
      retcode = undefined;
    }
    const code = first.status as number;
    if (code < 200 || code >= 300 || retcode === undefined)
      return report(
        'unexpected-status',
        t(
          `The API answered HTTP ${first.status}${retcode === undefined ? ' without a OneBot response' : ''}.`,
          `API 返回 HTTP ${first.status}${retcode === undefined ? '，且不是 OneBot 响应' : ''}。`,
        ),
        t(`Check that the port is ${impl}'s HTTP API server.`, `请确认该端口是 ${impl} 的 HTTP API 服务。`),
      );
    if (retcode === 1403)
      return report(
        'forbidden-token',
        t(`${impl} answered retcode 1403 (token check failed).`, `${impl} 返回 retcode 1403（令牌校验失败）。`),
        t(`Make ONEBOT_ACCESS_TOKEN equal to ${impl}'s HTTP server token.`, `请让 ONEBOT_ACCESS_TOKEN 与 ${impl} HTTP 服务的令牌相同。`),
      );
    const wrong = await call('onebot-doctor-wrong-token', 'wrong');
    stages.push({ name: 'diagnosis', ms: wrong.ms, outcome: `wrong token → ${wrong.status}` });
    if (wrong.status === 401 || wrong.status === 403)
      return report(
        'ok',
        t('The API answers get_login_info, and it checks the token.', 'API 能回应 get_login_info，并且会校验令牌。'),
        t('Nothing to fix.', '无需修复。'),
      );
    if (typeof wrong.status === 'number' && wrong.status >= 200 && wrong.status < 300)
      return report(
        'ok-auth-disabled',
        t(
          `The API works, but ${impl} accepts any token: anyone who reaches the port can act as the bot's account.`,
          `API 正常，但 ${impl} 接受任意令牌：任何能访问该端口的人都能以机器人的账号操作。`,
        ),
        t(
          `Set a token on ${impl}'s HTTP server and the same ONEBOT_ACCESS_TOKEN in NoneBot.`,
          `请为 ${impl} 的 HTTP 服务设置令牌，并在 NoneBot 中设置相同的 ONEBOT_ACCESS_TOKEN。`,
        ),
      );
    return report(
      'ok-auth-unverified',
      t(
        `The API answers, but the attempt with a wrong token ended with ${wrong.status} instead of 401/403: whether the token is checked is not known.`,
        `API 能回应，但使用错误令牌的尝试以 ${wrong.status} 结束，而不是 401/403：无法判断是否校验令牌。`,
      ),
      t('Run the probe again.', '请重新运行探测。'),
    );
  }

  // The implementation posting an event to the framework.
  const event = (): string =>
    JSON.stringify({
      time: Math.floor(Date.now() / 1000),
      self_id: /^\d+$/.test(selfId) ? Number(selfId) : selfId,
      post_type: 'meta_event',
      meta_event_type: 'heartbeat',
      status: { online: true, good: true },
      interval: 60000,
    });
  const sign = (key: string, body: string) => `sha1=${createHmac('sha1', key).update(body).digest('hex')}`;
  const send = async (path: string, key: string | undefined, auth: ProbeAttempt['auth']) => {
    const body = event();
    const r = await post(new URL(path, url).toString(), httpPostHeaders(as, selfId, key === undefined ? undefined : sign(key, body)), body, left(), ctl.signal);
    attempts.push({ path, selfId, auth, status: r.status, ms: r.ms });
    return r;
  };
  const fwName = (): Localized =>
    framework === 'koishi' ? t('Koishi', 'Koishi') : framework === 'nonebot' ? t('NoneBot', 'NoneBot') : t('The framework', '框架');
  const secretName = () =>
    framework === 'koishi' ? t("the adapter's secret in koishi.yml", 'koishi.yml 中适配器的 secret') : t('ONEBOT_SECRET', 'ONEBOT_SECRET');
  const path = url.pathname || '/';
  const first = await send(path, secret, 'configured');
  stages.push({ name: 'upgrade', ms: first.ms, outcome: typeof first.status === 'number' ? `HTTP ${first.status}` : first.status });
  const early = fail(first, framework === 'koishi' ? 'Koishi' : 'NoneBot');
  if (early) return early;
  const st = first.status as number;
  /** Which framework answers, when neither the options nor the link say: FastAPI's JSON errors are NoneBot's, Koa's plain text Koishi's. */
  const fingerprint = async (): Promise<void> => {
    if (framework) return;
    const g = await plainGet(new URL(path, url).toString(), left(), ctl.signal);
    attempts.push({ path, selfId: '-', auth: 'none', status: g.status, ms: 0 });
    framework = /"detail"\s*:/.test(g.body) ? 'nonebot' : typeof g.status === 'number' && (g.status === 404 || g.status === 405) ? 'koishi' : undefined;
    stages.push({ name: 'diagnosis', ms: 0, outcome: `plain GET ${path} → ${g.status}${framework ? ` (${framework})` : ''}` });
  };
  await fingerprint();
  const selfIdRefused = (): ProbeReport => {
    framework = 'koishi';
    return report(
      'forbidden-self-id',
      selfIdChosen
        ? t(
            `Koishi refused the event (403): no OneBot bot with protocol http in koishi.yml has selfId ${selfId}.`,
            `Koishi 拒绝了事件（403）：koishi.yml 中没有 protocol 为 http 且 selfId 为 ${selfId} 的 OneBot 机器人。`,
          )
        : t(
            `Koishi refused the event of the probe's test id ${selfId} (403): Koishi admits only the selfId of a configured bot, so the path is right and the self id was not tested.`,
            `Koishi 拒绝了探测测试 id ${selfId} 的事件（403）：Koishi 只接受已配置机器人的 selfId，因此路径正确，self id 未被测试。`,
          ),
      selfIdChosen
        ? t(
            `Set the OneBot adapter's selfId in koishi.yml to the account ${impl} logs in with (${selfId} as sent), and restart Koishi.`,
            `请把 koishi.yml 中 OneBot 适配器的 selfId 设为 ${impl} 登录的账号（发送的是 ${selfId}），然后重启 Koishi。`,
          )
        : t(
            `Make koishi.yml's selfId equal to ${impl}'s account; to test it, run the probe with --self-id <that selfId>.`,
            `请让 koishi.yml 的 selfId 与 ${impl} 的账号一致；如需测试，请使用 --self-id <该 selfId> 运行探测。`,
          ),
    );
  };
  if (st === 401)
    return report(
      'forbidden-secret',
      t(
        `${fwName().en} requires a signed event (401 "Missing Signature"): it has a secret (${secretName().en}) and ${impl} sent no X-Signature.`,
        `${fwName().zh} 要求签名的事件（401 "Missing Signature"）：它设置了密钥（${secretName().zh}），而 ${impl} 没有发送 X-Signature。`,
      ),
      t(
        `Set the same secret in ${impl} (Lagrange: Secret of the HttpPost entry), or remove ${secretName().en}.`,
        `请在 ${impl} 中设置相同的密钥（Lagrange：HttpPost 条目的 Secret），或删除${secretName().zh}。`,
      ),
    );
  if (st === 403) {
    // NoneBot answers 403 only to a wrong signature (an unsigned event is 401). Koishi answers 403 to a wrong
    // signature and to an X-Self-ID no configured bot has: an unsigned 403 is the self id; a signed one is the
    // secret unless the self id cannot be a configured bot (the probe's test id, or one the workspace does not list).
    await fingerprint();
    if (secret === undefined)
      return framework === 'nonebot'
        ? report(
            'forbidden-secret',
            t('NoneBot refused the event (403) although it carried no signature to refuse.', 'NoneBot 拒绝了事件（403），尽管事件没有携带签名。'),
            t(`Make ${impl}'s secret equal to ONEBOT_SECRET.`, `请让 ${impl} 的密钥与 ONEBOT_SECRET 相同。`),
          )
        : selfIdRefused();
    if (framework !== 'nonebot') {
      const unsigned = await send(path, undefined, 'none');
      stages.push({ name: 'diagnosis', ms: unsigned.ms, outcome: `unsigned → ${unsigned.status}` });
      if (unsigned.status === 403) return selfIdRefused(); // no secret is checked at all: the 403 was the self id
      const listed = facts?.frameworkSelfIds;
      if (framework === 'koishi' && (!selfIdChosen || (listed !== undefined && !listed.includes(selfId)))) return selfIdRefused();
    }
    return report(
      'forbidden-secret',
      framework === 'koishi'
        ? t(
            `Koishi refused the signed event (403) and asks for a signature when there is none (401): the secrets differ${facts?.frameworkSelfIds ? '' : `, or no bot in koishi.yml has selfId ${selfId}`}.`,
            `Koishi 拒绝了带签名的事件（403），而无签名时要求签名（401）：两侧密钥不同${facts?.frameworkSelfIds ? '' : `，或 koishi.yml 中没有 selfId 为 ${selfId} 的机器人`}。`,
          )
        : t(
            `${fwName().en} refused the event's signature (403 "Signature is invalid"): the secrets differ.`,
            `${fwName().zh} 拒绝了事件的签名（403 "Signature is invalid"）：两侧密钥不同。`,
          ),
      t(`Make ${impl}'s secret equal to ${secretName().en}.`, `请让 ${impl} 的密钥与${secretName().zh}相同。`),
    );
  }
  if (st === 404 || st === 405) {
    const fastapi = /"detail"\s*:\s*"(?:Not Found|Method Not Allowed)"/.test(first.body);
    if (fastapi && !framework) framework = 'nonebot';
    // Where the framework does serve events: NoneBot's V11 routes, Koishi's default path; both when it is not known.
    const alternatives = (
      framework === 'koishi' ? [KOISHI_DEFAULT_PATH] : framework === 'nonebot' ? [CANONICAL_HTTP] : [CANONICAL_HTTP, KOISHI_DEFAULT_PATH]
    ).filter((p) => p !== path && !(framework !== 'koishi' && V11_HTTP_ROUTES.includes(path) && p === CANONICAL_HTTP));
    for (const alt of alternatives) {
      const r = await send(alt, secret, 'configured');
      if (typeof r.status === 'number' && r.status !== 404 && r.status !== 405) {
        stages.push({ name: 'diagnosis', ms: r.ms, outcome: `${alt} → ${r.status}` });
        if (!framework) framework = alt === KOISHI_DEFAULT_PATH ? 'koishi' : 'nonebot';
        return report(
          'forbidden-path',
          framework === 'koishi'
            ? t(
                `Koishi has no OneBot HTTP route at ${path} (404); ${alt} answers (HTTP ${r.status}).`,
                `Koishi 在 ${path} 上没有 OneBot HTTP 路由（404）；${alt} 有回应（HTTP ${r.status}）。`,
              )
            : t(`NoneBot has no OneBot V11 HTTP route at ${path}; ${alt} answers.`, `NoneBot 在 ${path} 上没有 OneBot V11 HTTP 路由；${alt} 有回应。`),
          framework === 'koishi'
            ? t(
                `Make ${impl}'s post URL path equal to the adapter's path in koishi.yml (${alt}).`,
                `请让 ${impl} 的上报地址路径与 koishi.yml 中适配器的 path（${alt}）相同。`,
              )
            : t(`Make ${impl}'s post URL end with ${alt}.`, `请让 ${impl} 的上报地址以 ${alt} 结尾。`),
        );
      }
    }
    return report(
      'forbidden-path',
      fastapi
        ? t(
            `NoneBot (FastAPI) answered ${st} on ${path}: no OneBot V11 HTTP route there (the V11 adapter is not registered, or the path is not ${CANONICAL_HTTP}).`,
            `NoneBot（FastAPI）在 ${path} 上返回 ${st}：那里没有 OneBot V11 HTTP 路由（未注册 V11 适配器，或路径不是 ${CANONICAL_HTTP}）。`,
          )
        : framework === 'koishi'
          ? t(
              `Koishi answered ${st} on ${path}: no OneBot adapter with protocol http serves that path.`,
              `Koishi 在 ${path} 上返回 ${st}：没有 protocol 为 http 的 OneBot 适配器服务该路径。`,
            )
          : t(`The server answered ${st} on ${path}: no OneBot HTTP route there.`, `服务器在 ${path} 上返回 ${st}：那里没有 OneBot HTTP 路由。`),
      framework === 'koishi'
        ? t(
            `Add the OneBot adapter with protocol: http to koishi.yml, and make ${impl}'s post URL path equal to its path (default ${KOISHI_DEFAULT_PATH}).`,
            `请在 koishi.yml 中加入 protocol: http 的 OneBot 适配器，并让 ${impl} 的上报地址路径与其 path 相同（默认 ${KOISHI_DEFAULT_PATH}）。`,
          )
        : t(`Register the OneBot V11 adapter in NoneBot and post to ${CANONICAL_HTTP}.`, `请在 NoneBot 中注册 OneBot V11 适配器，并上报到 ${CANONICAL_HTTP}。`),
    );
  }
  if (st === 500 && secret !== undefined) {
    // Koishi 4.18 with koishi-plugin-adapter-onebot 6.x: the route hashes `ctx.body` (Koa's response body, still
    // empty; @koishijs/plugin-server parses the event into ctx.request.body), so the HMAC call throws and every signed
    // event is a 500, the right secret included; an unsigned one is a 401 while a secret is set.
    await fingerprint();
    const unsigned = await send(path, undefined, 'none');
    stages.push({ name: 'diagnosis', ms: unsigned.ms, outcome: `unsigned → ${unsigned.status}` });
    if (framework === 'koishi' && unsigned.status === 401)
      return report(
        'unexpected-status',
        t(
          "Koishi answers HTTP 500 to every signed event and 401 to an unsigned one: its OneBot adapter (protocol http) computes the signature of a body this Koishi does not hand it, so the check throws whatever the secret is (Koishi's log shows a TypeError from Hmac.update). The secret is not what differs.",
          'Koishi 对每个带签名的事件都返回 HTTP 500，对无签名的事件返回 401：其 OneBot 适配器（protocol http）对一个此版本 Koishi 并未交给它的请求体计算签名，所以无论密钥是什么，校验都会抛出异常（Koishi 日志中有来自 Hmac.update 的 TypeError）。不同的并不是密钥。',
        ),
        t(
          `Use protocol ws-reverse in koishi.yml and a reverse WebSocket in ${impl}; or remove the secret on both sides and keep Koishi's server on 127.0.0.1.`,
          `请在 koishi.yml 中使用 protocol ws-reverse，并在 ${impl} 中使用反向 WebSocket；或在两侧都删除密钥，并让 Koishi 的服务只监听 127.0.0.1。`,
        ),
      );
  }
  if (st === 400)
    return report(
      'protocol-error',
      t(
        `${fwName().en} refused the event as malformed (400 ${JSON.stringify(printable(first.body, 80))}).`,
        `${fwName().zh} 认为事件格式错误（400 ${JSON.stringify(printable(first.body, 80))}）。`,
      ),
      t(`Check that ${impl} sends X-Self-ID (it does once logged in).`, `请确认 ${impl} 发送了 X-Self-ID（登录后才会发送）。`),
    );
  if (st < 200 || st >= 300)
    return report(
      'unexpected-status',
      t(`The server answered HTTP ${st} to the event.`, `服务器对事件返回 HTTP ${st}。`),
      t(`Check that the port belongs to ${fwName().en}.`, `请确认该端口属于${fwName().zh}。`),
    );
  notes.push(
    framework === 'koishi'
      ? t(
          `The probe posted a heartbeat as the bot with selfId ${selfId}: Koishi handled it as an event of that bot.`,
          `探测以 selfId 为 ${selfId} 的机器人身份上报了一次心跳：Koishi 把它当作该机器人的事件处理。`,
        )
      : t(
          `The probe posted a heartbeat as a test bot (X-Self-ID ${selfId}): NoneBot keeps that bot listed until it restarts.`,
          `探测以测试机器人身份（X-Self-ID ${selfId}）上报了一次心跳：NoneBot 会一直保留该机器人，直到重启。`,
        ),
  );
  // Is the signature checked? The same event with a signature made from another key.
  const wrong = await send(path, WRONG, 'wrong');
  stages.push({ name: 'diagnosis', ms: wrong.ms, outcome: `wrong signature → ${wrong.status}` });
  if (wrong.status === 401 || wrong.status === 403)
    return report(
      'ok',
      t(`${fwName().en} accepts the event and checks its signature.`, `${fwName().zh} 接受事件并校验其签名。`),
      t('Nothing to fix.', '无需修复。'),
    );
  if (typeof wrong.status === 'number' && wrong.status >= 200 && wrong.status < 300)
    return report(
      'ok-auth-disabled',
      t(
        `${fwName().en} accepts the event, but without a secret it accepts events from anyone who reaches the port.`,
        `${fwName().zh} 接受事件，但没有设置密钥，任何能访问该端口的人都能上报事件。`,
      ),
      framework === 'koishi'
        ? t(
            `Set a secret on the OneBot adapter in koishi.yml and the same secret in ${impl}.`,
            `请在 koishi.yml 的 OneBot 适配器上设置 secret，并在 ${impl} 中设置相同的密钥。`,
          )
        : t(`Set ONEBOT_SECRET in NoneBot and the same secret in ${impl}.`, `请在 NoneBot 中设置 ONEBOT_SECRET，并在 ${impl} 中设置相同的密钥。`),
    );
  return report(
    'ok-auth-unverified',
    t(
      `${fwName().en} accepts the event, but the attempt with a wrong signature ended with ${wrong.status} instead of 401/403: whether the signature is checked is not known.`,
      `${fwName().zh} 接受事件，但使用错误签名的尝试以 ${wrong.status} 结束，而不是 401/403：无法判断是否校验签名。`,
    ),
    t('Run the probe again.', '请重新运行探测。'),
  );
}

/**
 * The Authorization a framework sends to an implementation's HTTP API: NoneBot `Bearer <token>` when set
 * (nonebot/adapter-onebot v11 `_call_api`); Koishi `Token <token>` always, `Token undefined` without one
 * (koishi-plugin-adapter-onebot 6.x `src/http.ts` HttpServer.fork, a template string of `config.token`).
 */
function apiHeaders(framework: 'nonebot' | 'koishi', token: string | null): Record<string, string> {
  if (framework === 'koishi') return { Authorization: `Token ${token ?? 'undefined'}` };
  return frameworkHeaders(framework, token);
}
