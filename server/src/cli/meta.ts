/** What the CLI says about itself: name and version from package.json, where its rule documentation lives. */
import * as pkg from '../../../package.json';

interface PackageMeta {
  name: string;
  version: string;
  homepage?: string;
  repository?: string | { type?: string; url?: string; directory?: string };
}

const meta = pkg as unknown as PackageMeta;

export const PACKAGE_NAME: string = meta.name;
export const VERSION: string = meta.version;

/**
 * The web page of docs/rules.md, where `#CODE` is a rule's section (SARIF `helpUri`):
 * - the repository named in package.json (`repository`, or a GitHub/GitLab `homepage`): its docs/rules.md;
 * - otherwise the file inside the published npm package of this version (package.json `files` ships docs/rules.md).
 */
export function rulesDocUrl(p: PackageMeta = meta): string {
  const repo = typeof p.repository === 'string' ? p.repository : p.repository?.url;
  const dir = typeof p.repository === 'object' && p.repository.directory ? `${p.repository.directory.replace(/^\/+|\/+$/g, '')}/` : '';
  const web = repoWebUrl(repo) ?? repoWebUrl(p.homepage);
  if (web) return `${web}/blob/HEAD/${dir}docs/rules.md`;
  return `https://unpkg.com/${p.name}@${p.version}/docs/rules.md`;
}

/** `git+https://github.com/o/r.git`, `github:o/r`, `o/r`, `https://gitlab.com/o/r` → `https://host/o/r`; else undefined. */
function repoWebUrl(u: string | undefined): string | undefined {
  if (!u) return undefined;
  const short = /^(?:(github|gitlab|bitbucket):)?([\w.-]+)\/([\w.-]+)$/.exec(u);
  if (short) return `https://${short[1] ?? 'github'}.${short[1] === 'bitbucket' ? 'org' : 'com'}/${short[2]}/${short[3].replace(/\.git$/, '')}`;
  const m = /^(?:git\+)?(?:https?|ssh|git):\/\/(?:[^@/]+@)?(github\.com|gitlab\.com|bitbucket\.org)[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?(?:[#?].*)?$/.exec(u);
  return m ? `https://${m[1]}/${m[2]}/${m[3]}` : undefined;
}
