import * as vscode from 'vscode';
import { isChinese, msg } from './l10n';
import { requireTrust } from './trust';

/**
 * Lagrange's shipped appsettings.json names a `$schema` URL that no longer exists, so VS Code's JSON support shows
 * "Unable to load schema" (and, without the schema's allowComments, "Comments are not permitted"). A document's
 * `$schema` wins over file associations, and VS Code's JSON extension reads `json.schemas` from user and workspace
 * settings only (not from extension defaults): so, on request or after asking once, the user's `json.schemas` gets an
 * entry for that URL whose schema is only a `$ref` to the schema file bundled with the extension (a reference, not a
 * copy; comments and trailing commas are allowed there too, as VS Code reads them from the top-level schema). The entry is re-pointed when the extension moves (a new version is installed in another folder).
 */
const DEAD_SCHEMA_URL = 'https://raw.githubusercontent.com/LagrangeDev/Lagrange.Core/master/Lagrange.OneBot/Resources/appsettings_schema.json';

interface SchemaEntry {
  url?: string;
  fileMatch?: string[];
  schema?: { $ref?: string; allowComments?: boolean; allowTrailingCommas?: boolean };
}

const DECLINED = 'onebotDoctor.schemaDeclined';
const NOT_NOW = 'onebotDoctor.schemaNotNow';

/** The bundled schema in the language the user reads. */
function bundledSchemaUri(context: vscode.ExtensionContext): string {
  const file = isChinese() ? 'schemas/lagrange-appsettings.schema.zh-cn.json' : 'schemas/lagrange-appsettings.schema.json';
  return vscode.Uri.file(context.asAbsolutePath(file)).toString();
}

function entries(): SchemaEntry[] {
  return vscode.workspace.getConfiguration('json').inspect<SchemaEntry[]>('schemas')?.globalValue ?? [];
}

function ourEntry(): SchemaEntry | undefined {
  return entries().find((e) => e.url === DEAD_SCHEMA_URL);
}

/** Writes (or re-points) the user's json.schemas entry. Needs trust: it changes the user's settings. */
export async function useCorrectedSchema(context: vscode.ExtensionContext, quiet = false): Promise<boolean> {
  if (!(await requireTrust(msg('Using the corrected Lagrange schema'), quiet))) return false;
  const others = entries().filter((e) => e.url !== DEAD_SCHEMA_URL);
  await vscode.workspace
    .getConfiguration('json')
    .update(
      'schemas',
      [...others, { url: DEAD_SCHEMA_URL, schema: { $ref: bundledSchemaUri(context), allowComments: true, allowTrailingCommas: true } }],
      vscode.ConfigurationTarget.Global,
    );
  return true;
}

/** A registered entry that points at another folder (an older version) or language is re-pointed, quietly. */
export async function refreshSchemaReference(context: vscode.ExtensionContext): Promise<void> {
  const e = ourEntry();
  if (!e || !vscode.workspace.isTrusted) return;
  if (e.schema?.$ref !== bundledSchemaUri(context)) await useCorrectedSchema(context, true).catch(() => undefined);
}

let offered = false;

/**
 * Asks once per workspace when one of its Lagrange configs names the dead URL. Closing the message means "not now"
 * (not asked again in this workspace); "Don't ask again" is remembered everywhere. The command stays available.
 */
export async function offerCorrectedSchema(context: vscode.ExtensionContext, lagrangeFiles: readonly string[]): Promise<void> {
  if (offered || !vscode.workspace.isTrusted || ourEntry() || context.globalState.get(DECLINED) || context.workspaceState.get(NOT_NOW)) return;
  let dead = false;
  for (const f of lagrangeFiles.slice(0, 20)) {
    try {
      if (
        Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(f)))
          .toString('utf8')
          .includes(DEAD_SCHEMA_URL)
      )
        dead = true;
    } catch {
      // unreadable: nothing to offer for it
    }
  }
  if (!dead || offered) return;
  offered = true;
  const use = msg('Use the corrected schema');
  const notNow = msg('Not now');
  const never = msg("Don't ask again");
  const choice = await vscode.window.showInformationMessage(
    msg(
      'Lagrange\'s appsettings.json names a schema URL that no longer exists, so VS Code reports "Unable to load schema". Use the corrected schema bundled with OneBot Link Doctor? (Your json.schemas setting gets a reference to it.)',
    ),
    use,
    notNow,
    never,
  );
  if (choice === use) await useCorrectedSchema(context);
  else if (choice === never) await context.globalState.update(DECLINED, true);
  else await context.workspaceState.update(NOT_NOW, true);
}
