/**
 * The link map request: thin glue over core/link/linkMap (one map per workspace folder's analysis, merged), and the
 * memory of the last probe verdict per link.
 */
import type { AnalysisResult } from '../core/analyze';
import { buildLinkMap, linkId, type LinkMap, type LinkMapProbe } from '../core/link/linkMap';
import type { Lang } from '../core/model';
import type { ProbeTarget } from '../core/probe';
import type { VerdictCode } from '../core/probe/types';

/** Link id → the last probe of that link. */
export type ProbeMemory = Map<string, LinkMapProbe>;

const OK_VERDICTS: ReadonlySet<VerdictCode> = new Set<VerdictCode>(['ok', 'ok-auth-disabled', 'ok-auth-unverified']);

/** Remembers a probe's verdict on its link; false when the target is no link of the workspace (a typed URL). */
export function probeRecord(memory: ProbeMemory, target: ProbeTarget, verdict: VerdictCode): boolean {
  if (!target.link) return false;
  memory.set(linkId(target.link), { verdict, ok: OK_VERDICTS.has(verdict), at: Date.now() });
  return true;
}

/**
 * Every folder's map, merged (a nested folder and its parent see the same files: each place, endpoint and link is
 * listed once). `targets` is the probe's target list, whose indexes `ProbeParams.targetIndex` takes.
 */
export function mergedLinkMap(
  results: readonly AnalysisResult[],
  targets: readonly ProbeTarget[],
  probes: ProbeMemory,
  lang: Lang,
  text: (file: string) => string | undefined,
): LinkMap {
  const out: LinkMap = { places: [], endpoints: [], links: [] };
  const add = <T extends { id: string }>(list: T[], seen: Set<string>, xs: readonly T[]) => {
    for (const x of xs) {
      if (seen.has(x.id)) continue;
      seen.add(x.id);
      list.push(x);
    }
  };
  const seen = { places: new Set<string>(), endpoints: new Set<string>(), links: new Set<string>() };
  for (const r of results) {
    const map = buildLinkMap(r.model, r.findings, {
      lang,
      text,
      probes,
      probeIndex: (link) => {
        const i = targets.findIndex((t) => t.link === link);
        return i < 0 ? undefined : i;
      },
    });
    add(out.places, seen.places, map.places);
    add(out.endpoints, seen.endpoints, map.endpoints);
    add(out.links, seen.links, map.links);
  }
  return out;
}
