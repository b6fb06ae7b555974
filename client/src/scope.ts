import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeFileHost } from '../../server/src/core/fs';
import { looksLikeLagrange } from '../../server/src/core/lagrange/reader';
import { isNoneBotDir } from '../../server/src/core/nonebot/project';
import { SKIPPED_DIRS } from '../../server/src/core/analyze';
import { IMPL_ADAPTERS, readKoishi } from '../../server/src/core/impl';

/**
 * Where the extension works. The activation events name every file a OneBot implementation or framework keeps its
 * configuration in (package.json), and such names are common (`.env`, `pyproject.toml`, `appsettings.json`): so the
 * extension only starts its language server once the same recognisers the server uses find a Lagrange config
 * (`looksLikeLagrange`) or a NoneBot project (`isNoneBotDir`) among them. Elsewhere it keeps no server process and
 * no status item, and it looks again when such a file is created or changed.
 *
 * The usual layouts are also listed as plain paths (`lagrange/appsettings.json`, `.env`…): VS Code checks those with
 * one stat each, while it gives up a glob search that takes over 7 s (a large or busy tree) without activating.
 *
 * Recognised: Lagrange.OneBot, NapCat, go-cqhttp and LLOneBot configs (each adapter's own content check), NoneBot
 * projects and Koishi's `koishi.yml`.
 */

/**
 * The files the language server reads (its document selector and file watchers). The files a compose project reads
 * under other names (its `env_file` entries, the build's Dockerfile, files named by COMPOSE_FILE or
 * `onebotDoctor.composeFiles`) are not listed: the server asks the client to watch exactly those, and only where it
 * found a compose project (`workspace/didChangeWatchedFiles` registered at run time, server/src/lsp/doctorServer.ts).
 */
export const SERVER_DOCUMENTS = [
  '**/appsettings*.json',
  '**/.env',
  '**/.env.*',
  '**/bot.py',
  '**/pyproject.toml',
  '**/onebot11*.json',
  '**/config_*.json',
  '**/config.{yml,yaml}',
  '**/koishi.{yml,yaml}',
  // Docker Compose files: where each side runs (hovers on services, ports and networks; re-read when they change).
  '**/{compose,docker-compose}.{yml,yaml}',
  '**/{compose,docker-compose}.override.{yml,yaml}',
];

/** The files that can make a folder recognised. */
export const CANDIDATES = '**/{appsettings.json,.env,.env.*,bot.py,pyproject.toml,onebot11*.json,config_*.json,config.yml,config.yaml,koishi.yml,koishi.yaml}';
const EXCLUDE = `**/{${[...SKIPPED_DIRS].join(',')}}/**`;
/** A bound on the search: a monorepo with thousands of `.env` files is still answered quickly. */
const MAX_CANDIDATES = 500;

export interface Recognition {
  lagrange: string[];
  nonebot: string[];
  /** Configs of the other implementations (NapCat, go-cqhttp, LLOneBot) and Koishi's koishi.yml. */
  others: string[];
}

/** Finds the Lagrange configs and NoneBot project folders of the open workspace folders (file scheme only). */
export async function recognise(token?: vscode.CancellationToken): Promise<Recognition> {
  const files = await vscode.workspace.findFiles(CANDIDATES, EXCLUDE, MAX_CANDIDATES, token);
  const lagrange: string[] = [];
  const others: string[] = [];
  const dirs = new Set<string>();
  for (const uri of files) {
    if (uri.scheme !== 'file') continue;
    const file = uri.fsPath;
    const base = path.basename(file);
    if (base.toLowerCase() === 'appsettings.json') {
      const text = nodeFileHost.readFile(file);
      if (text !== undefined && looksLikeLagrange(text)) lagrange.push(file);
    } else if (/^koishi\.ya?ml$/i.test(base)) {
      if (readKoishi(file, nodeFileHost)) others.push(file);
    } else {
      const adapter = IMPL_ADAPTERS.find((a) => a.kind !== 'lagrange' && a.claims(base, file.split(path.sep).join('/')));
      if (adapter) {
        if (adapter.read(file, nodeFileHost, {})) others.push(file);
      } else dirs.add(path.dirname(file));
    }
  }
  const nonebot = [...dirs].filter((d) => isNoneBotDir(d, nodeFileHost));
  return { lagrange: lagrange.sort(), nonebot: nonebot.sort(), others: others.sort() };
}

export function recognised(r: Recognition): boolean {
  return r.lagrange.length > 0 || r.nonebot.length > 0 || r.others.length > 0;
}
