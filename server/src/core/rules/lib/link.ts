import type { EditableField, Fix, ImplEndpoint, Link, Localized, Location, RelatedInfo } from '../../model';
import { t } from '../../l10n';
import { IMPL_NAMES, editImpl } from '../../impl';
import type { RuleContext } from '../types';
import { fix, secretFix } from './edits';

/** Helpers for link rules: they speak of endpoints, and ask the endpoint's adapter for locations and edits. */

/** "Lagrange", "NapCat", "go-cqhttp", "LLOneBot". */
export function implName(ep: ImplEndpoint): string {
  return IMPL_NAMES[ep.implementation];
}

/** "NoneBot" or "Koishi". */
export function fwName(link: Link): string {
  return link.framework === 'nonebot' ? 'NoneBot' : 'Koishi';
}

/**
 * Where a field of an implementation endpoint is written: its own node, else the URL that holds it (NapCat,
 * go-cqhttp, LLOneBot write one URL), else the entry's anchor.
 */
export function implFieldLoc(ep: ImplEndpoint, field: 'path' | 'port' | 'host' | 'token' | 'secret' | 'url'): Location {
  const node =
    field === 'path'
      ? (ep.fields.suffix ?? ep.urlNode)
      : field === 'port'
        ? (ep.portNode ?? ep.urlNode)
        : field === 'host'
          ? (ep.hostNode ?? ep.urlNode)
          : field === 'token'
            ? ep.tokenNode
            : field === 'secret'
              ? ep.secretNode
              : ep.urlNode;
  const shown = node?.origin ?? node;
  return shown ? { file: shown.file, range: shown.valueRange } : ep.anchor;
}

/** A fix that sets an implementation field through its adapter; undefined when the adapter has no safe edit. */
export function implFix(
  ep: ImplEndpoint,
  field: EditableField,
  value: string,
  title: Localized,
  text: (file: string) => string | undefined,
  opts: { preferred?: boolean; sensitive?: boolean } = {},
): Fix | undefined {
  const edits = editImpl(ep, field, value, text);
  if (!edits) return undefined;
  return opts.sensitive ? secretFix(title, edits, opts.preferred) : fix(title, edits, opts.preferred);
}

/** Text appended to a message when the pairing was a guess. */
export function assumedNote(link: Link): Localized {
  return link.assumed ? t(` (Pairing ${link.reason.en}.)`, `（配对${link.reason.zh}。）`) : t('', '');
}

export interface BothSides {
  /** The implementation side: where, what it says, and how the other side's related information names it. */
  impl: { at: Location; message: Localized; label: Localized };
  /** The framework side, when it has a place in a file (a default has none). */
  fw?: { at: Location; message: Localized; label: Localized };
  /** Fixes in the implementation side's order of preference; the framework side gets them mirrored. */
  fixes: Fix[];
  /** The framework side's fixes when they are not simply the mirror. */
  fwFixes?: Fix[];
  /** More related information for both reports. */
  related?: RelatedInfo[];
}

/**
 * Reports one mismatch on both sides of a link, each pointing at the other (related information) with the fixes
 * mirrored, and the pairing note appended when the link was assumed.
 */
export function reportBoth(ctx: RuleContext, link: Link, o: BothSides): void {
  const note = assumedNote(link);
  const withNote = (m: Localized): Localized => ({ en: `${m.en}${note.en}`, zh: `${m.zh}${note.zh}` });
  const extra = o.related ?? [];
  ctx.report({
    file: o.impl.at.file,
    range: o.impl.at.range,
    message: withNote(o.impl.message),
    related: [...(o.fw ? [{ file: o.fw.at.file, range: o.fw.at.range, message: o.fw.label }] : []), ...extra],
    fixes: o.fixes,
  });
  if (o.fw)
    ctx.report({
      file: o.fw.at.file,
      range: o.fw.at.range,
      message: withNote(o.fw.message),
      related: [{ file: o.impl.at.file, range: o.impl.at.range, message: o.impl.label }, ...extra],
      fixes: o.fwFixes ?? [...o.fixes].reverse(),
    });
}
