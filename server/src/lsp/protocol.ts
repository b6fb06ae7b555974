/**
 * The custom messages between the VS Code client and the language server, in one typed place.
 * Plain types only: the client and the server both import this file.
 */

export const SERVER_SOURCE = 'onebot-doctor';

/** Settings under `onebotDoctor.*`. */
export interface DoctorSettings {
  rules: Record<string, 'off' | 'error' | 'warning' | 'information' | 'hint'>;
  run: 'onType' | 'onSave';
  debounceMs: number;
  exclude: string[];
}

export const DEFAULT_SETTINGS: DoctorSettings = { rules: {}, run: 'onType', debounceMs: 150, exclude: [] };

/** Server → client after every publish: what the status bar shows. */
export const STATUS_NOTIFICATION = 'onebotDoctor/status';
export interface StatusParams {
  errors: number;
  warnings: number;
  infos: number;
  links: number;
  lagrangeConfigs: number;
  nonebotProjects: number;
}

/** Client → server: the command the "Show documentation" code action runs. */
export const SHOW_DOCUMENTATION_COMMAND = 'onebotDoctor.showDocumentation';

/** Client → server: re-read everything now. */
export const RELINT_REQUEST = 'onebotDoctor/relint';

/** Client → server: what can be probed in the workspace. */
export const PROBE_TARGETS_REQUEST = 'onebotDoctor/probeTargets';
export interface ProbeTargetInfo {
  index: number;
  label: string;
  url: string;
  /** Masked. */
  token: string;
  kind: 'reverse-ws' | 'forward-ws' | 'url' | 'http-post' | 'http-api';
}

/** Client → server: run the live probe on a workspace target (targetIndex) or a typed URL. Cancellable. */
export const PROBE_REQUEST = 'onebotDoctor/probe';
export interface ProbeParams {
  targetIndex?: number;
  url?: string;
  token?: string | null;
  selfId?: string;
  timeoutMs?: number;
  useAccountUin?: boolean;
}

/** Client → server: listen where NoneBot would and capture Lagrange's handshake. Cancellable. */
export const CAPTURE_REQUEST = 'onebotDoctor/capture';
export interface CaptureParams {
  host?: string;
  port?: number;
  timeoutMs?: number;
}
