import type { EditableField, FileHost, ImplAdapter, ImplEndpoint, ImplementationKind, KoishiConfig, TextEdit } from '../model';
import { lagrangeAdapter } from '../lagrange/adapter';
import { napcatAdapter } from './napcat/adapter';
import { llonebotAdapter } from './llonebot/adapter';
import { gocqhttpAdapter } from './gocqhttp/adapter';
import { readKoishiConfig } from '../framework/koishi/reader';

/**
 * The implementation adapters: one per program. Discovery asks each which files it claims; rules ask the endpoint's
 * adapter to write an edit in that program's file syntax.
 */
export const IMPL_ADAPTERS: readonly ImplAdapter[] = [lagrangeAdapter, napcatAdapter, gocqhttpAdapter, llonebotAdapter];

/** Short program names for messages. */
export const IMPL_NAMES: Readonly<Record<ImplementationKind, string>> = {
  lagrange: 'Lagrange',
  napcat: 'NapCat',
  gocqhttp: 'go-cqhttp',
  llonebot: 'LLOneBot',
};

export function adapterOf(kind: ImplementationKind): ImplAdapter | undefined {
  return IMPL_ADAPTERS.find((a) => a.kind === kind);
}

/** An edit that gives the endpoint's field this value, in its file's own syntax; undefined when none is safe. */
export function editImpl(ep: ImplEndpoint, field: EditableField, value: string, text: (file: string) => string | undefined): TextEdit[] | undefined {
  const edits = adapterOf(ep.implementation)?.edit(ep, field, value, text);
  return edits && edits.length > 0 ? edits : undefined;
}

/** Reads a `koishi.yml`; undefined when it is missing or not Koishi's. */
export function readKoishi(file: string, host: FileHost, processEnv?: Record<string, string | undefined>): KoishiConfig | undefined {
  return readKoishiConfig(file, host, { processEnv });
}
