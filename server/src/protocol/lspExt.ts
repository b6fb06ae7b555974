/**
 * The extension's own LSP messages, each declared once with its parameter and result types. The language server
 * (server/src/lsp), the VS Code client (client/src) and the tests import these objects and never spell a method
 * name or pick a result type themselves. The same layout as rust-analyzer's `editors/code/src/lsp_ext.ts`.
 *
 * Only `vscode-languageserver-protocol` is imported here (both the client library and the server library are built
 * on it); the payloads are plain data, some of them the domain core's own types.
 */
import { NotificationType, NotificationType0, RequestType, RequestType0, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { LinkMap } from '../core/link/linkMap';
import type { ProbeReport } from '../core/probe/types';
import type { SeverityOverride } from '../core/rules/engine';

/** `Diagnostic.source` of every diagnostic the server publishes. */
export const SERVER_SOURCE = 'onebot-doctor';

/** Settings under `onebotDoctor.*` (resource-scoped: one object per workspace folder). */
export interface DoctorSettings {
  rules: Record<string, SeverityOverride>;
  run: 'onType' | 'onSave';
  debounceMs: number;
  exclude: string[];
  /** Compose files (relative to the folder), as `docker compose -f`: they replace COMPOSE_FILE and the default names. */
  composeFiles: string[];
}

export const DEFAULT_SETTINGS: DoctorSettings = { rules: {}, run: 'onType', debounceMs: 150, exclude: [], composeFiles: [] };

/** The section the server asks for with `workspace/configuration`, once per workspace folder. */
export const SETTINGS_SECTION = 'onebotDoctor';

/** What the server publishes after every analysis: the status bar's content. */
export interface StatusParams {
  errors: number;
  warnings: number;
  infos: number;
  links: number;
  lagrangeConfigs: number;
  nonebotProjects: number;
}
/** Server → client after every publish. */
export const status = new NotificationType<StatusParams>('onebotDoctor/status');

/** The command the "Show documentation" code action runs (a client command, argument: the rule code). */
export const SHOW_DOCUMENTATION_COMMAND = 'onebotDoctor.showDocumentation';

/** Client → server: re-read every workspace folder now. */
export const relint = new RequestType0<null, void>('onebotDoctor/relint');

/** One thing "Test Connection" can dial, as the quick pick lists it. */
export interface ProbeTargetInfo {
  index: number;
  label: string;
  url: string;
  /** Masked. */
  token: string;
  kind: ProbeReport['target']['kind'];
}
/** Client → server: what can be probed in the workspace. */
export const probeTargets = new RequestType0<ProbeTargetInfo[], void>('onebotDoctor/probeTargets');

/** A probe or capture report with its text rendered in the server's language. */
export type ProbeResult = ProbeReport & { text: string };

export interface ProbeParams {
  /** An entry of `probeTargets`' answer (the first when neither this nor url is given). */
  targetIndex?: number;
  url?: string;
  token?: string | null;
  selfId?: string;
  timeoutMs?: number;
  useAccountUin?: boolean;
}
/** Client → server: run the live probe on a workspace target or a typed URL. Cancellable. */
export const probe = new RequestType<ProbeParams, ProbeResult, void>('onebotDoctor/probe');

export interface CaptureParams {
  host?: string;
  port?: number;
  timeoutMs?: number;
}
/** Client → server: listen where NoneBot would and capture Lagrange's handshake. Cancellable. */
export const capture = new RequestType<CaptureParams, ProbeResult, void>('onebotDoctor/capture');

// ---------------------------------------------------------------------------------------------------------------
// The link map (client/src/linkMap.ts: the view and its diagram), built by server/src/core/link/linkMap.ts
// ---------------------------------------------------------------------------------------------------------------
export type { LinkMap, LinkMapEndpoint, LinkMapFinding, LinkMapLink } from '../core/link/linkMap';

export interface LinkMapParams {
  /** Only this workspace folder's analysis (its URI); every folder's, merged, when absent. */
  folderUri?: string;
}
/** Client → server: the endpoints, places and links of the workspace, in the server's language, tokens masked. */
export const linkMap = new RequestType<LinkMapParams, LinkMap, void>('onebotDoctor/linkMap');
/** Server → client: the link map changed (after every analysis and every probe): ask again. */
export const linkMapChanged = new NotificationType0('onebotDoctor/linkMapChanged');

// ---------------------------------------------------------------------------------------------------------------
// Fix All (client/src/fixAll.ts: the source action source.fixAll.onebot-doctor and "OneBot: Fix All Certain Problems")
// ---------------------------------------------------------------------------------------------------------------
export interface FixAllResult {
  /** The certain fixes of every published finding, as one edit (each file tagged with the document version they were made for). */
  edit: WorkspaceEdit;
  /** How many findings it fixes. */
  count: number;
  /** Findings with a certain fix left for the next run (their edits clash with one taken). */
  deferred: number;
}
/**
 * Client → server: one edit with the certain fix of each finding in the workspace (server/src/core/certainFixes.ts).
 * Answered from the findings published, after any analysis waiting for its debounce; it opens and reads nothing, so
 * it is fast and changes no diagnostics while the editor waits for it.
 */
export const fixAll = new RequestType0<FixAllResult, void>('onebotDoctor/fixAll');
