import { getLocation } from 'jsonc-parser';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position } from 'vscode-languageserver';
import type { Lang, LagrangeType, WorkspaceModel } from '../core/model';
import { LAGRANGE_TYPES } from '../core/model';
import { pick, t } from '../core/l10n';
import { LineIndex } from '../core/text/lineIndex';
import { IMPLEMENTATION_FIELDS } from '../core/lagrange/keys';
import { DRIVER_VALUES, NONEBOT_KEYS } from '../core/nonebot/keys';
import { completeImplAt } from './completionImpl';

const IMPLEMENTATION_SNIPPET =
  '{\n\t"Type": "${1|ReverseWebSocket,ForwardWebSocket,HttpPost,Http|}",\n\t"Host": "${2:127.0.0.1}",\n\t"Port": ${3:8080},\n\t"Suffix": "${4:/onebot/v11/ws}",\n\t"ReconnectInterval": 5000,\n\t"HeartBeatInterval": 5000,\n\t"AccessToken": "$5"\n}';

/** Completion in appsettings.json (keys per Type, Type values, a whole entry) and in .env files (keys, DRIVER values). */
export function completeAt(text: string, file: string, pos: Position, model: WorkspaceModel | undefined, lang: Lang): CompletionItem[] {
  const impl = completeImplAt(text, file, pos, model, lang);
  if (impl) return impl;
  if (/\.ya?ml$/i.test(file)) return [];
  const idx = new LineIndex(text);
  if (/\.json$/i.test(file)) return completeJson(text, idx.offset(pos), model, file, lang);
  return completeEnv(idx.lineText(pos.line).slice(0, pos.character), lang);
}

function completeJson(text: string, offset: number, model: WorkspaceModel | undefined, file: string, lang: Lang): CompletionItem[] {
  const loc = getLocation(text, offset);
  const p = loc.path;
  const inImplementations = typeof p[0] === 'string' && /^implementations?$/i.test(p[0]);
  if (!inImplementations) return [];
  // "Implementations": [ | ]  → a whole entry
  if (p.length === 2 && typeof p[1] === 'number' && !loc.isAtPropertyKey && loc.previousNode === undefined) {
    return [
      { label: 'ReverseWebSocket entry', kind: CompletionItemKind.Snippet, insertText: IMPLEMENTATION_SNIPPET, insertTextFormat: InsertTextFormat.Snippet },
    ];
  }
  if (p.length === 3 && typeof p[2] === 'string' && /^type$/i.test(p[2]) && !loc.isAtPropertyKey) {
    return LAGRANGE_TYPES.map((ty) => ({ label: ty, kind: CompletionItemKind.EnumMember, insertText: loc.previousNode ? ty : `"${ty}"` }));
  }
  if (p.length === 3 && loc.isAtPropertyKey) {
    const impl = model?.lagrange
      .find((c) => c.file === file || c.overlays.includes(file))
      ?.implementations.find((i) => String(i.sectionKey).toLowerCase() === String(p[1]).toLowerCase());
    const type: LagrangeType | undefined = impl?.type;
    const present = new Set(Object.keys(impl?.fields ?? {}));
    return IMPLEMENTATION_FIELDS.filter((f) => (!type || f.types.includes(type)) && !present.has(f.name.toLowerCase())).map((f) => ({
      label: f.name,
      kind: CompletionItemKind.Property,
      detail: `${f.type} = ${f.default}`,
      documentation: { kind: 'markdown', value: pick(f.doc, lang) },
      insertText: loc.previousNode ? f.name : `"${f.name}"`,
    }));
  }
  return [];
}

const aliasOf = (name: string) => t(`Alias of \`${name}\`.`, `\`${name}\` 的别名。`);

function completeEnv(before: string, lang: Lang): CompletionItem[] {
  const eq = before.indexOf('=');
  if (eq < 0) {
    if (/^\s*#/.test(before)) return [];
    // Each key and its aliases (ONEBOT_V11_ACCESS_TOKEN beside ONEBOT_ACCESS_TOKEN): the alias sorts after its key.
    return NONEBOT_KEYS.flatMap((k, i) =>
      [k.name, ...k.aliases].map((name, j) => ({
        label: name,
        kind: CompletionItemKind.Property,
        detail: `${k.type}${k.default ? ` = ${k.default}` : ''}`,
        documentation: { kind: 'markdown' as const, value: j === 0 ? pick(k.doc, lang) : `${pick(aliasOf(k.name), lang)}\n\n${pick(k.doc, lang)}` },
        insertText: `${name}=`,
        sortText: `${String(i).padStart(3, '0')}${j}`,
      })),
    );
  }
  const key = before
    .slice(0, eq)
    .trim()
    .replace(/^export\s+/, '')
    .toUpperCase();
  if (key === 'DRIVER') return DRIVER_VALUES.map((v, i) => ({ label: v, kind: CompletionItemKind.Value, sortText: String(i).padStart(2, '0') }));
  if (key === 'ENVIRONMENT') return ['prod', 'dev'].map((v) => ({ label: v, kind: CompletionItemKind.Value }));
  if (key === 'HOST') return ['127.0.0.1', '0.0.0.0'].map((v) => ({ label: v, kind: CompletionItemKind.Value }));
  return [];
}
