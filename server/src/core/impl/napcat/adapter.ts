import type { TextEdit } from '../../model';
import type { EditableField, ImplAdapter, ImplEndpoint } from '../../endpoints';
import { editUrlString, literal, member, replaceUrlPart, replaceValue, type J5Document, type J5Node } from '../json5';
import { json5Adapter, setScalar } from '../json5Config';
import { NAPCAT_FILE, readNapCatConfig } from './reader';

/** NapCat: `config/onebot11_<uin>.json` (or `onebot11.json`), JSON5, edited in place. */
export const napcatAdapter: ImplAdapter = json5Adapter({ kind: 'napcat', name: 'NapCat', file: NAPCAT_FILE, read: readNapCatConfig, edit: editNapCat });

/** The entry object an endpoint came from, found again in the current text by its key. */
function locate(doc: J5Document, key: string): { obj?: J5Node; item?: J5Node } {
  const root = doc.root!;
  let m = /^(\w+)\[(\d+)\]$/.exec(key);
  if (m) {
    const arr = member(member(root, 'network')?.value, m[1])?.value;
    const item = arr?.kind === 'array' ? arr.items?.[Number(m[2])] : undefined;
    return { obj: item?.kind === 'object' ? item : undefined };
  }
  if (key === 'http' || key === 'ws') {
    const obj = member(root, key)?.value;
    return { obj: obj?.kind === 'object' ? obj : undefined };
  }
  m = /^reverseWs\.urls\[(\d+)\]$/.exec(key);
  if (m) {
    const urls = member(member(root, 'reverseWs')?.value, 'urls')?.value;
    return { item: urls?.kind === 'array' ? urls.items?.[Number(m[1])] : undefined, obj: member(root, 'reverseWs')?.value };
  }
  return {};
}

function editNapCat(doc: J5Document, ep: ImplEndpoint, field: EditableField, value: string): TextEdit[] | undefined {
  const file = ep.file;
  const { obj, item } = locate(doc, ep.key);
  const isV1Client = item !== undefined;
  const isHttpClient = ep.key.startsWith('httpClients[');
  /** Set `key` of the entry object to a scalar. */
  const set = (o: J5Node | undefined, key: string, kind: 'string' | 'number' | 'boolean', v: string): TextEdit[] | undefined =>
    o?.kind === 'object' ? setScalar(doc, file, o, key, member(o, key)?.value, kind, v) : undefined;
  const urlNode = (): J5Node | undefined => (isV1Client ? item : member(obj, 'url')?.value);

  switch (field) {
    case 'enable':
      return set(obj, 'enable', 'boolean', value);
    case 'url': {
      if (ep.role !== 'dials') return undefined;
      if (isV1Client) return item ? replaceValue(doc, file, item, literal(doc, 'string', value, item)) : undefined;
      return set(obj, 'url', 'string', value);
    }
    case 'path':
    case 'host':
    case 'port': {
      if (ep.role === 'dials') {
        const u = urlNode();
        if (u) return editUrlString(doc, file, u, field, value);
        // The default URL applies: write it out with the part changed.
        if (!ep.url) return undefined;
        const r = replaceUrlPart(ep.url, field, value);
        if (!r) return undefined;
        const url = ep.url.slice(0, r.start) + r.text + ep.url.slice(r.end);
        return set(obj, 'url', 'string', url);
      }
      if (field === 'path') return undefined;
      return set(obj, field, field === 'port' ? 'number' : 'string', value);
    }
    case 'token': {
      if (isHttpClient) return undefined; // its `token` is the signing secret
      if (ep.key === 'http') return set(obj, 'secret', 'string', value);
      if (ep.key === 'ws' || isV1Client) return set(doc.root, 'token', 'string', value);
      return set(obj, 'token', 'string', value);
    }
    case 'secret':
      return isHttpClient ? set(obj, 'token', 'string', value) : undefined;
  }
  return undefined;
}
