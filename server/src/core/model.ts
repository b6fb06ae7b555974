import type { FrameworkEndpoint, ImplConfig, ImplEndpoint, KoishiConfig } from './endpoints';

export type * from './endpoints';

/**
 * The domain model shared by the readers, the link model, the rules, the probe, the CLI and the language server.
 * Plain data only: no classes with behaviour, nothing from `vscode` or `vscode-languageserver`.
 *
 * Conventions:
 * - File paths are absolute, with the platform's separators, exactly as the FileHost was asked for them.
 * - Positions are 0-based lines and UTF-16 characters (the LSP convention).
 * - A "value range" covers the value token as written (for a quoted string: including its quotes) so that a fix can
 *   replace it whole; readers also give `innerRange` (inside the quotes) where an edit should keep the quotes.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Location {
  file: string;
  range: Range;
}

/** A user-facing text in every language the product speaks. `zh` is Simplified Chinese (VS Code locale `zh-cn`). */
export interface Localized {
  en: string;
  zh: string;
}

export type Lang = 'en' | 'zh';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Reading the file system: implemented over `fs` for the CLI, and over open buffers + `fs` in the language server. */
export interface FileHost {
  /** The file's text (UTF-8 decoded, BOM kept if present), or undefined when it is missing or cannot be read. */
  readFile(path: string): string | undefined;
  /** The entries of a folder, or undefined when it is missing or cannot be read. */
  readDir(path: string): { name: string; isDirectory: boolean }[] | undefined;
}

/** A problem a reader found in a file it could not read as its program would (syntax, binary, too large). */
export interface ReadProblem {
  file: string;
  range: Range;
  message: Localized;
}

// ---------------------------------------------------------------------------------------------------------------
// Lagrange.OneBot `appsettings.json` (+ `appsettings.{DOTNET_ENVIRONMENT}.json` overlays)
// ---------------------------------------------------------------------------------------------------------------

export type LagrangeType = 'ReverseWebSocket' | 'ForwardWebSocket' | 'HttpPost' | 'Http';
export const LAGRANGE_TYPES: readonly LagrangeType[] = ['ReverseWebSocket', 'ForwardWebSocket', 'HttpPost', 'Http'];

/** One key of the .NET configuration tree, as written in one file. */
export interface ConfigNode {
  file: string;
  /** The key as written ("Port", "port"); for array items the index as a string. */
  key: string;
  /** The .NET configuration path with the keys as written, ':'-separated: "Implementations:0:Port". */
  path: string;
  /** Range of the key including its quotes; undefined for array items. */
  keyRange?: Range;
  /** Range of the value token as written (strings include their quotes; objects/arrays their brackets). */
  valueRange: Range;
  /** For strings: the range inside the quotes; otherwise equal to valueRange. */
  innerRange: Range;
  kind: 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
  /**
   * The string .NET's configuration stores for a leaf: strings as decoded, numbers as written, booleans as
   * "True"/"False", null as "". Undefined for objects and arrays.
   */
  value?: string;
  /** Set by an environment variable of the compose service Lagrange runs in (`Implementations__0__Port`), not by a file. */
  envVar?: import('./endpoints').EnvBinding;
}

export interface LagrangeImplementation {
  /** File that holds the section (the base file, or an overlay when only the overlay defines it). */
  file: string;
  /** Position among the implementations as .NET enumerates them. */
  index: number;
  /** The configuration section key: "0", "1"… for the array form, the property name for object/legacy forms. */
  sectionKey: string;
  form: 'array' | 'object' | 'legacy';
  /** The section node itself (kind 'object'); its valueRange spans the braces. */
  node: ConfigNode;
  /** `config["Type"] ?? section.Key`, matched case-sensitively; undefined when it names none of the four. */
  type?: LagrangeType;
  /** The raw type string that was matched (from Type, or from the section key). */
  typeText?: string;
  /** Effective fields after overlays, keyed by lower-case key (the .NET lookup is case-insensitive). */
  fields: Record<string, ConfigNode>;
  /** `section["Enable"] == "false"` (ordinal) disables the entry; nothing else does. */
  enabled: boolean;
  /** Typed values as Lagrange binds them (per-type defaults where absent: docs/facts/lagrange.md#per-type-fields). */
  host: string;
  /** undefined when the value does not convert to UInt32 (Lagrange would crash after login). */
  port?: number;
  suffix: string;
  /** null when the key is absent (no Authorization header); "" sends a bare `Authorization: Bearer`. */
  accessToken: string | null;
  secret: string;
  apiSuffix: string;
  eventSuffix: string;
  useUniversalClient: boolean;
  heartBeatInterval?: number;
  heartBeatEnable: boolean;
  reconnectInterval?: number;
}

export interface LagrangeConfig {
  kind: 'lagrange';
  /** The base `appsettings.json`. */
  file: string;
  dir: string;
  /** Overlay files that were applied, in load order. */
  overlays: string[];
  implementationsForm: 'array' | 'object' | 'legacy' | 'none';
  /** The `Implementations`/`Implementation` node in the file that defines it, if any. */
  implementationsNode?: ConfigNode;
  implementations: LagrangeImplementation[];
  /** Every node of every file read (base first, then overlays), in document order per file. */
  nodes: ConfigNode[];
  /** Keys that differ only in case within one object: .NET fails at startup. [first, second] as written. */
  duplicateKeys: [ConfigNode, ConfigNode][];
  /** Account:Uin as .NET stores it (string), when present. */
  uin?: ConfigNode;
  protocol?: ConfigNode;
  problems: ReadProblem[];
}

// ---------------------------------------------------------------------------------------------------------------
// NoneBot2 `.env` family, bot.py and pyproject.toml
// ---------------------------------------------------------------------------------------------------------------

/** One binding of a .env file, as python-dotenv parses it. */
export interface EnvEntry {
  file: string;
  /** 0-based line where the binding starts. */
  line: number;
  /** The key as written (case kept). */
  key: string;
  keyRange: Range;
  /** The value after python-dotenv's unquoting, escapes and `${VAR}` interpolation; undefined for a key without `=`. */
  value?: string;
  /** The value text as written (with quotes), "" when absent. */
  raw: string;
  /** Range of the value as written (with quotes). For `KEY=` an empty range after `=`; for a bare key, at its end. */
  valueRange: Range;
  /** Range inside the quotes (or equal to valueRange when unquoted). */
  innerRange: Range;
  quote: '' | '"' | "'";
  exported: boolean;
}

export interface EnvFile {
  file: string;
  /** `.env`, `.env.prod`… */
  name: string;
  entries: EnvEntry[];
  problems: ReadProblem[];
}

/** What decides a NoneBot setting: the winning entry, or a default. */
export interface EffectiveSetting {
  /** Upper-case name as NoneBot matches it (case-insensitive); aliases keep their own name. */
  name: string;
  /** The string value before any JSON decoding; undefined for a key without `=` (python-dotenv's None). */
  value?: string;
  /** The winning entry; undefined when the default applies or the process environment sets it. */
  entry?: EnvEntry;
  /** Set by a variable of NoneBot's process environment (which beats every .env file). */
  fromProcessEnv?: boolean;
  /** No file or variable sets it: NoneBot's default applies. */
  isDefault?: boolean;
  /** Entries of the same setting that the winner overrides, in load order. */
  overridden: EnvEntry[];
  /** How NoneBot's config JSON-decodes a non-core value: the JSON type it becomes. */
  decodedKind?: 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';
  decoded?: unknown;
}

export interface AdapterRegistration {
  /** Python module, e.g. "nonebot.adapters.onebot.v11". */
  module: string;
  /** OneBot version it speaks, when it is a OneBot adapter. */
  onebot?: 'v11' | 'v12';
  file: string;
  range: Range;
  via: 'bot.py' | 'pyproject';
}

export interface NoneBotProject {
  kind: 'nonebot';
  dir: string;
  /** Every `.env` / `.env.*` file in the folder. */
  envFiles: EnvFile[];
  /** ENVIRONMENT (default "prod") and where it came from. */
  environment: string;
  environmentEntry?: EnvEntry;
  /** The files NoneBot loads, in order (`.env` then `.env.{ENVIRONMENT}`), those that exist. */
  loaded: string[];
  /** Every effective setting keyed by upper-case name. */
  settings: Record<string, EffectiveSetting>;
  host: EffectiveSetting;
  port: EffectiveSetting;
  /** Parsed PORT, undefined when not an integer. */
  portNumber?: number;
  driver: EffectiveSetting;
  /** Driver modules after `~` expansion, e.g. ["fastapi", "httpx", "websockets"] for `~fastapi+~httpx+~websockets`. */
  drivers: string[];
  /** The V11 adapter's effective token setting (ONEBOT_V11_ACCESS_TOKEN or ONEBOT_ACCESS_TOKEN), if any. */
  accessToken?: EffectiveSetting;
  secret?: EffectiveSetting;
  wsUrls?: EffectiveSetting;
  /** ONEBOT_WS_URLS decoded, each with the range of the URL inside the value. */
  wsUrlList: { url: string; range: Range; file: string }[];
  /** The V11 adapter's effective ONEBOT_API_ROOTS setting (ONEBOT_V11_API_ROOTS or ONEBOT_API_ROOTS), if any. */
  apiRoots?: EffectiveSetting;
  /**
   * ONEBOT_API_ROOTS decoded (a JSON object self id → HTTP API root), each string root with the range of its URL
   * inside the value and of its key (both the value's range when positions are unknown; `file` "" without a file).
   */
  apiRootList: { selfId: string; url: string; range: Range; keyRange: Range; file: string }[];
  /** Adapter registration; `known` is false when neither bot.py nor a `[tool.nonebot]` pyproject exists. */
  adapters: { known: boolean; list: AdapterRegistration[]; sources: string[] };
  botPy?: string;
  pyproject?: string;
  problems: ReadProblem[];
}

// ---------------------------------------------------------------------------------------------------------------
// Link model
// ---------------------------------------------------------------------------------------------------------------

export type LinkKind = 'reverse-ws' | 'forward-ws' | 'http-post' | 'http-api';

interface LinkBase {
  kind: LinkKind;
  /** The implementation side: one connection entry of one implementation's config. */
  impl: ImplEndpoint;
  implConfig: ImplConfig;
  /** The framework side: where it listens (reverse WS, HTTP POST) or what it dials (forward WS, HTTP API). */
  fw: FrameworkEndpoint;
  /** For forward-ws: the ONEBOT_WS_URLS entry that targets this implementation, if any. */
  wsUrl?: { url: string; range: Range; file: string };
  /** True when the pairing was a guess among several candidates (say so to the user). */
  assumed: boolean;
  /** Why these two were paired. */
  reason: Localized;
  /** The URL the implementation dials (reverse-ws, http-post) or the framework dials (forward-ws, http-api). */
  url?: string;
}

/** A link between an implementation endpoint and a framework endpoint; `framework` says which framework model is attached. */
export type Link = LinkBase &
  ({ framework: 'nonebot'; nonebot: NoneBotProject; koishi?: undefined } | { framework: 'koishi'; koishi: KoishiConfig; nonebot?: undefined });

export interface WorkspaceModel {
  roots: string[];
  /** Every implementation config read, whatever the implementation. */
  implementations: ImplConfig[];
  /** Lagrange's own model (for the Lagrange-only rules, hovers and completion). */
  lagrange: LagrangeConfig[];
  nonebot: NoneBotProject[];
  koishi: KoishiConfig[];
  links: Link[];
  /** Files found but not read or not analysed (unreadable, too large, not a regular file, too deep, out of time). */
  fileProblems?: ReadProblem[];
  /** Docker Compose projects found and the service each side runs in; absent when the workspace has no compose file. */
  compose?: import('./compose/placement').ComposeInfo;
}

// ---------------------------------------------------------------------------------------------------------------
// Findings (what rules report)
// ---------------------------------------------------------------------------------------------------------------

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

/** A machine-readable fix: the language server turns it into a quick fix, the CLI can describe it. */
export interface Fix {
  /** Never contains a token. */
  title: Localized;
  edits: TextEdit[];
  /** Set where the fix is certain (at most one per finding). */
  preferred?: boolean;
  /** The edits write a token or secret: reports show them masked (the editor applies them as they are). */
  sensitive?: boolean;
}

export interface RelatedInfo {
  file: string;
  range: Range;
  message: Localized;
}

export interface Finding {
  code: string;
  severity: Severity;
  file: string;
  range: Range;
  message: Localized;
  related: RelatedInfo[];
  fixes: Fix[];
  tags?: ('unnecessary' | 'deprecated')[];
}
