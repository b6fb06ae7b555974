import type { Link, Localized, Range } from '../model';

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
  | 'closed-after-connect';

export interface ProbeTarget {
  /** reverse-ws: we are Lagrange dialling NoneBot; forward-ws: we are NoneBot dialling Lagrange; url: typed by the user (as Lagrange). */
  kind: 'reverse-ws' | 'forward-ws' | 'url';
  url: string;
  /** null: no Authorization header; "": Lagrange's bare `Authorization: Bearer`. */
  token: string | null;
  /** X-Self-ID to send; a random probe id when absent. */
  selfId?: string;
  label: string;
  /** The static link the target comes from, for evidence and for the fix's location. */
  link?: Link;
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
  target: { url: string; token: string; selfId: string; label: string; kind: ProbeTarget['kind'] };
  stages: ProbeStage[];
  attempts: ProbeAttempt[];
  notes: Localized[];
  /** The configuration line the fix applies to, and the rule whose quick fix does it. */
  action?: { file: string; range: Range; ruleCode?: string };
  /** What the server asked for after the handshake (actions of API calls), for the report. */
  apiCalls?: string[];
  /** Listen mode: the request Lagrange made (Authorization masked) and its first frames. */
  captured?: { method: string; path: string; headers: Record<string, string>; frames: string[] };
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
}
