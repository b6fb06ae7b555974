import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeFileHost } from '../../server/src/core/fs';
import { looksLikeLagrange } from '../../server/src/core/lagrange/reader';
import { isNoneBotDir } from '../../server/src/core/nonebot/project';
import { SKIPPED_DIRS } from '../../server/src/core/analyze';

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
 * Recognised today: Lagrange.OneBot and NoneBot2. The other file names in the activation events (NapCat, go-cqhttp,
 * LLOneBot, Koishi, compose files) start the extension so that their readers, when they come, need no new release of
 * the manifest; until then they are not recognised and the extension stays silent.
 */

/** The files the language server reads (its document selector and file watchers). */
export const SERVER_DOCUMENTS = ['**/appsettings*.json', '**/.env', '**/.env.*', '**/bot.py', '**/pyproject.toml'];

/** The files that can make a folder recognised. */
export const CANDIDATES = '**/{appsettings.json,.env,.env.*,bot.py,pyproject.toml}';
const EXCLUDE = `**/{${[...SKIPPED_DIRS].join(',')}}/**`;
/** A bound on the search: a monorepo with thousands of `.env` files is still answered quickly. */
const MAX_CANDIDATES = 500;

export interface Recognition {
  lagrange: string[];
  nonebot: string[];
}

/** Finds the Lagrange configs and NoneBot project folders of the open workspace folders (file scheme only). */
export async function recognise(token?: vscode.CancellationToken): Promise<Recognition> {
  const files = await vscode.workspace.findFiles(CANDIDATES, EXCLUDE, MAX_CANDIDATES, token);
  const lagrange: string[] = [];
  const dirs = new Set<string>();
  for (const uri of files) {
    if (uri.scheme !== 'file') continue;
    const file = uri.fsPath;
    if (path.basename(file).toLowerCase() === 'appsettings.json') {
      const text = nodeFileHost.readFile(file);
      if (text !== undefined && looksLikeLagrange(text)) lagrange.push(file);
    } else dirs.add(path.dirname(file));
  }
  const nonebot = [...dirs].filter((d) => isNoneBotDir(d, nodeFileHost));
  return { lagrange: lagrange.sort(), nonebot: nonebot.sort() };
}

export function recognised(r: Recognition): boolean {
  return r.lagrange.length > 0 || r.nonebot.length > 0;
}
