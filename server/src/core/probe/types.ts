import type { Link, Localized, Range } from '../model';
import type { FrameworkKind, ImplementationKind } from './profiles';

/** Stable verdict codes: the CLI's JSON output and the tests use them. */
export type VerdictCode =
  | 'ok'
  | 'ok-auth-disabled'
  | 'refused'
  | 'timeout'
  | 'dns-failed'
  | 'tls-failed'
  | 'forbidden-token'
  | 'forbidden-path'
  | 'forbidden-duplicate-self-id'
  | 'forbidden-token-or-adapter'
  | 'not-found'
  | 'unexpected-status'
  | 'protocol-error'
  | 'closed-after-connect'
  /** Koishi: 101 then close 1008 "invalid x-self-id" (no configured bot has that selfId). */
  | 'forbidden-self-id'
  /** Koishi: 101 then close 1008 "invalid x-client-role" (X-Client-Role is not Universal). */
  | 'forbidden-client-role'
  /** HTTP mode: the framework refused the event's signature (missing or wrong X-Signature). */
  | 'forbidden-secret'
  /** The handshake works, but the wrong-token attempt failed for another reason: whether auth is on is not known. */
  | 'ok-auth-unverified'
  /** Listen mode: the port is taken (the report names the holder when the OS tells). */
  | 'port-busy'
  /** Listen mode: the address cannot be bound (not an address of this machine, no permission, bad port). */
  | 'listen-failed';

export interface ProbeTarget {
  /**
   * reverse-ws: we are the implementation dialling the framework; forward-ws: we are the framework dialling the
   * implementation; url: typed by the user (as the implementation; an http:// URL means HTTP mode, an event POST);
   * http-post: an event POST to the framework's HTTP route; http-api: the framework calling the implementation's
   * HTTP API (get_login_info).
   */
  kind: 'reverse-ws' | 'forward-ws' | 'url' | 'http-post' | 'http-api';
  url: string;
  /** null: no Authorization header; "": Lagrange's bare `Authorization: Bearer`. */
  token: string | null;
  /** X-Self-ID to send; a random probe id when absent. */
  selfId?: string;
  label: string;
  /** The static link the target comes from, for evidence and for the fix's location. */
  link?: Link;
  /** HTTP mode: the secret that signs the event (X-Signature); undefined: no signature. */
  secret?: string;
  /**
   * What a probe run on this machine can and cannot prove about this link (a side runs in a Docker Compose
   * container): added to the report's notes.
   */
  vantage?: Localized[];
}

export interface ProbeStage {
  name: 'resolve' | 'connect' | 'upgrade' | 'session' | 'diagnosis' | 'listen';
  ms: number;
  outcome: string;
}

export interface ProbeAttempt {
  path: string;
  selfId: string;
  auth: 'configured' | 'none' | 'wrong';
  /** HTTP status (101 = accepted), or an error name (ECONNREFUSED, timeout…). */
  status: number | string;
  ms: number;
}

export interface ProbeReport {
  verdict: VerdictCode;
  cause: Localized;
  fix: Localized;
  target: {
    url: string;
    token: string;
    selfId: string;
    label: string;
    kind: ProbeTarget['kind'];
    /** The implementation the probe spoke as (reverse WS, HTTP POST), or the one that dialled (listen). */
    as?: ImplementationKind;
    /** The framework the probe spoke as (forward WS, HTTP API) or expected on the other side. */
    framework?: FrameworkKind;
  };
  stages: ProbeStage[];
  attempts: ProbeAttempt[];
  notes: Localized[];
  /** The configuration line the fix applies to, and the rule whose quick fix does it. */
  action?: { file: string; range: Range; ruleCode?: string };
  /** What the server asked for after the handshake (actions of API calls, escaped, at most 50), for the report. */
  apiCalls?: string[];
  /** API calls beyond those listed. */
  apiCallsDropped?: number;
  /** Listen mode: the request that came in (Authorization masked) and its first frames. */
  captured?: {
    method: string;
    path: string;
    headers: Record<string, string>;
    frames: string[];
    /** Which implementation dialled, and how that was told. */
    implementation?: ImplementationKind;
    identifiedBy?: 'user-agent' | 'header-style' | 'unknown';
  };
  totalMs: number;
}

export interface ProbeOptions {
  /** Bound of each stage (default 3000 ms). */
  stageTimeoutMs?: number;
  /** Bound of the whole probe (default 10000 ms). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Send the account's Uin (from the link) as X-Self-ID instead of a random probe id. */
  useAccountUin?: boolean;
  /** Speak as this implementation (headers, header style, User-Agent). Default: the link's implementation, else lagrange. */
  as?: ImplementationKind;
  /** The framework on the other side (reverse WS, HTTP POST) or the one to speak as (forward WS, HTTP API). Default: the link's, else NoneBot for wording and either for the checks. */
  framework?: FrameworkKind;
  /** HTTP mode: the secret to sign the event with (overrides the target's). */
  secret?: string;
  /** X-Client-Role to send (default Universal; a split client sends Api/API or Event). */
  clientRole?: string;
}
