/**
 * The implementation-neutral link model: every OneBot implementation (Lagrange.OneBot, NapCat, go-cqhttp, LLOneBot)
 * and every bot framework (NoneBot2, Koishi) maps its configuration into endpoints. Link rules speak only of
 * endpoints; what is particular to one program stays in its adapter (reading its files, locating a field, writing an
 * edit in that file's own syntax).
 *
 * Plain data, like model.ts. Behaviour (reading, editing) lives in the adapters under `impl/` and `framework/`.
 */
import type { FileHost, Localized, Location, Range, ReadProblem, TextEdit } from './model';

export type ImplementationKind = 'lagrange' | 'napcat' | 'gocqhttp' | 'llonebot';
export type FrameworkKind = 'nonebot' | 'koishi';

/**
 * How the two sides meet.
 * - `ws-reverse`: the implementation dials the framework's WebSocket server.
 * - `ws-forward`: the framework dials the implementation's WebSocket server.
 * - `http-post`: the implementation POSTs events to the framework's HTTP server.
 * - `http-api`: the framework calls the implementation's HTTP API server.
 */
export type EndpointProtocol = 'ws-reverse' | 'ws-forward' | 'http-post' | 'http-api';
export type EndpointRole = 'dials' | 'listens';

/** One value of a structured config file (JSON, JSON5, YAML) with the places it is written. */
export interface ValueNode {
  file: string;
  /** Dotted path as written: "network.websocketClients[0].url", "servers[1].ws-reverse.universal". */
  path: string;
  /** The key's range (without quotes is fine; say which in the reader), undefined for array items. */
  keyRange?: Range;
  /** The value token as written (strings with their quotes). */
  valueRange: Range;
  /** Inside the quotes for strings (equal to valueRange otherwise). */
  innerRange: Range;
  kind: 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
  /** The decoded leaf value as the program reads it (after YAML alias/merge resolution, env expansion). */
  value?: string | number | boolean | null;
  /**
   * The text between the quotes is exactly the decoded string (no escapes, no YAML folding): an edit may then replace
   * a part of it (the path inside a URL) in place.
   */
  literal?: boolean;
  /** YAML: the value reached this key through an alias or a merge key; edit `origin` (the anchored node) instead. */
  origin?: ValueNode;
  /** The value is set by a variable of a compose service's environment (the node's ranges are that variable's). */
  envVar?: EnvBinding;
}

/**
 * A variable of a compose service's container environment that sets a value of the side inside it (a .NET override
 * `Implementations__0__Port` of Lagrange, a NapCat Docker image variable): findings point at it, fixes rewrite it.
 */
export interface EnvBinding {
  name: string;
  /** compose's `environment` (list or map form), a file of `env_file`, or the build's Dockerfile `ENV`. */
  from: 'environment' | 'env_file' | 'dockerfile';
  form: 'map' | 'list';
  /** As in ComposeEnvVar: the list item, or the value as written. */
  loc: Location;
  /** The value alone inside its quotes, when it is exactly the value on one line. */
  valueLoc?: Location;
  /** The quotes around valueLoc as written ('' when none). */
  quote?: '' | '"' | "'";
  /** The variable holds exactly the node's value (not a JSON list of URLs, not a whole template): an edit may rewrite it. */
  whole: boolean;
}

/** Which Authorization header an implementation sends as a client. */
type AuthStyle =
  /** Lagrange: `Bearer <t>` whenever the key exists (`""` sends a bare `Bearer`); nothing when the key is absent. */
  | 'bearer-if-present'
  /** NapCat, LLOneBot: `Bearer <t>` always, `Bearer ` for an empty token. */
  | 'bearer-always'
  /** go-cqhttp: `Token <t>` only when the token is non-empty. */
  | 'token-if-nonempty';

/** What an endpoint is on either side: where it is configured, how it is named, what it does, whether it runs. */
interface EndpointBase {
  /** The config file that holds it (NoneBot: the winning .env file or the first loaded one; Koishi: koishi.yml). */
  file: string;
  /** Its key within its config, stable across edits of other entries: "websocketClients[0]", "NoneBot in ./bot". */
  key: string;
  /** Names it in messages: "NapCat's websocketClients[0]", "go-cqhttp's servers[1].ws-reverse", "NoneBot in ./bot". */
  label: Localized;
  protocol: EndpointProtocol;
  role: EndpointRole;
  /** Where to point at it as a whole (its type/key, else its first character). */
  anchor: Location;
  /** The program would open this connection (after its own defaults: NapCat `enable` defaults to false). */
  enabled: boolean;
  /** The value that disables it (`enable: false`, `disabled: true`, `"Enable": "false"`), or the anchor when a default does. */
  enabledNode?: ValueNode;
}

/** One connection entry of an implementation's config (a websocketClients[] item, a servers[] item, an Implementations[] item). */
export interface ImplEndpoint extends EndpointBase {
  implementation: ImplementationKind;
  /**
   * Dialers: the URL the program dials, exactly as it builds it (Lagrange composes Host:Port+Suffix; NapCat takes
   * `url` as written). go-cqhttp with split api/event sockets: the universal URL, else the event URL.
   */
  url?: string;
  /** The node holding the whole URL (absent where the program composes it from parts, as Lagrange does). */
  urlNode?: ValueNode;
  /** Listeners: bind host and port as the program binds them (defaults applied). */
  host?: string;
  hostNode?: ValueNode;
  port?: number;
  portNode?: ValueNode;
  /** The access token: `null` when none is configured (nothing sent / nothing checked); "" when empty. */
  token: string | null;
  tokenNode?: ValueNode;
  /** Dialers: how the token goes on the wire. */
  auth: AuthStyle;
  /** HTTP POST signing secret (HMAC-SHA1 X-Signature), when the program has one. */
  secret?: string;
  secretNode?: ValueNode;
  /** Every field of the entry by lower-case key (for hovers and key checks). */
  fields: Record<string, ValueNode>;
  /** The account the implementation logs in as (its X-Self-ID), when the config says. */
  selfId?: string;
  /**
   * The entry is in no file: a container image builds it from its compose service's environment at start (NapCat's
   * Docker image). Edits go to the service's variables only.
   */
  fromImage?: boolean;
  /** Lagrange only: the bound implementation section, for the rules about Lagrange's own URL composition quirks. */
  lagrange?: import('./model').LagrangeImplementation;
}

/** The fields an adapter can rewrite. `path` means the path part of a dial URL (Lagrange: Suffix). */
export type EditableField = 'path' | 'port' | 'host' | 'token' | 'secret' | 'enable' | 'url';

/** A key the program ignores (misspelt, wrong level), with the closest key it would read. */
export interface UnknownKey {
  node: ValueNode;
  key: string;
  suggestion?: string;
  /** Why it is ignored, in the user's terms. */
  reason?: Localized;
}

/** Everything read from one implementation's config (one program instance). */
export interface ImplConfig {
  implementation: ImplementationKind;
  /** The main config file (the one a user opens). */
  file: string;
  /** Every file read for it (overlays, anchors' files), main first. */
  files: string[];
  dir: string;
  /** The account the program logs in as, when the config or its file name says (NapCat onebot11_<uin>.json). */
  selfId?: string;
  selfIdNode?: ValueNode;
  endpoints: ImplEndpoint[];
  unknownKeys: UnknownKey[];
  problems: ReadProblem[];
  /**
   * What the program does with a file it cannot parse, when that is worse than an error: NapCat logs and runs with
   * `{}` (no network at all); LLOneBot falls back to its defaults.
   */
  parseFailure?: Localized;
  /**
   * Built from a compose service's image and environment rather than read from a file (NapCat's Docker image): the
   * service, and what its entrypoint does that the user should know (variables it no longer reads…).
   */
  image?: { service: string; composeFile: string; notes: (ReadProblem & { severity?: 'information' })[] };
}

/** One place a framework listens or dials. */
export interface FrameworkEndpoint extends EndpointBase {
  framework: FrameworkKind;
  /** Listeners: bind host/port (Koishi: its server's host/port; NoneBot: HOST/PORT). */
  host?: string;
  hostLoc?: Location;
  port?: number;
  portLoc?: Location;
  /** Listeners: the paths that accept the implementation (NoneBot V11: three routes; Koishi: `path`, default /onebot). */
  paths: string[];
  pathLoc?: Location;
  /** Dialers (forward WS, HTTP API): the URL it dials. */
  url?: string;
  urlLoc?: Location;
  /** Token configured on this side, null when none. */
  token: string | null;
  tokenLoc?: Location;
  /** Whether a listener checks the token the implementation sends (Koishi's reverse WS never does). */
  checksToken: boolean;
  /**
   * Self ids this endpoint accepts (Koishi `selfId`), or the one bot a NoneBot ONEBOT_API_ROOTS entry serves (its
   * key); undefined when any id is accepted.
   */
  selfIds?: { value: string; loc?: Location }[];
  secret?: string;
  secretLoc?: Location;
  /** The folder of the framework project (NoneBot) or of koishi.yml. */
  dir: string;
}

export interface KoishiConfig {
  framework: 'koishi';
  file: string;
  dir: string;
  /** Koishi's own server (plugin `server` or top-level `host`/`port`), defaults applied (127.0.0.1:5140). */
  host: string;
  hostNode?: ValueNode;
  port: number;
  portNode?: ValueNode;
  /**
   * The server's `maxPort` when above `port`: a port in use makes Koishi's server try the next one, up to this,
   * without an error (@cordisjs/plugin-server `listen`; the boilerplate's koishi.yml sets 5149).
   */
  maxPort?: number;
  endpoints: FrameworkEndpoint[];
  unknownKeys: UnknownKey[];
  problems: ReadProblem[];
}

/** Reading and editing one implementation's files. One adapter per implementation. */
export interface ImplAdapter {
  kind: ImplementationKind;
  /** Display name: "Lagrange.OneBot", "NapCat", "go-cqhttp", "LLOneBot". */
  name: string;
  /** Does discovery consider this file (by name and relative path)? The content check is `read`'s. */
  claims(fileName: string, relPath: string): boolean;
  /** Reads the config; undefined when the file is missing or is not this program's (decided by content). */
  read(file: string, host: FileHost, opts: ReadOptions): ImplConfig | undefined;
  /**
   * An edit that makes the endpoint's field hold `value` (a path, a port, a host, a token, "true" for enable), in the
   * file's own syntax, keeping comments, anchors and formatting. Undefined when no safe edit exists.
   */
  edit(ep: ImplEndpoint, field: EditableField, value: string, text: (file: string) => string | undefined): TextEdit[] | undefined;
}

export interface ReadOptions {
  /** Process environment the program would see (go-cqhttp `${VAR}`, .NET overrides). */
  processEnv?: Record<string, string | undefined>;
  /** DOTNET_ENVIRONMENT for Lagrange's overlay. */
  dotnetEnvironment?: string;
}
