/**
 * The image's merged filesystem, restricted to the files OS detection cares about: layers are applied base
 * first, and a layer's whiteouts delete matching paths of the layers below it (OCI image-spec "whiteouts").
 */
import { posix } from 'node:path';
import type { LayerFile, LayerReadResult } from './read-layer-files.js';

export interface ViewEntry {
  /** 1-based layer number, for evidence. */
  layer: number;
  file: LayerFile;
}

export type LayerView = ReadonlyMap<string, ViewEntry>;

export interface AppliedLayer {
  view: LayerView;
  /** `[whiteout, deleted path]` pairs, for evidence. */
  deleted: Array<[string, string]>;
}

export function applyLayer(
  view: LayerView,
  layer: number,
  read: Pick<LayerReadResult, 'files' | 'whiteouts' | 'opaqueDirs'>,
): AppliedLayer {
  const next = new Map(view);
  const deleted: Array<[string, string]> = [];
  const remove = (marker: string, matches: (path: string) => boolean) => {
    for (const path of [...next.keys()]) {
      if (!matches(path)) continue;
      next.delete(path);
      deleted.push([marker, path]);
    }
  };
  for (const dir of read.opaqueDirs) {
    remove(`${dir}/.wh..wh..opq`, (path) => path.startsWith(`${dir}/`) || dir === '');
  }
  for (const gone of read.whiteouts) {
    const slash = gone.lastIndexOf('/');
    const marker = `${gone.slice(0, slash + 1)}.wh.${gone.slice(slash + 1)}`;
    remove(marker, (path) => path === gone || path.startsWith(`${gone}/`));
  }
  for (const file of read.files) next.set(file.path, { layer, file });
  return { view: next, deleted };
}

export interface ResolvedOsRelease {
  /** The file whose text was read. */
  entry: ViewEntry & { file: LayerFile & { content: string } };
  /** Set when `etc/os-release` is a link to it. */
  via?: ViewEntry;
}

/** os-release(5): `etc/os-release` wins; fall back to `usr/lib/os-release`. Follows a couple of links. */
export function resolveOsRelease(view: LayerView): ResolvedOsRelease | undefined {
  const etc = view.get('etc/os-release');
  if (etc) {
    const target = followLinks(view, etc);
    if (target) return target === etc ? { entry: target } : { entry: target, via: etc };
  }
  const usr = view.get('usr/lib/os-release');
  const text = usr && followLinks(view, usr);
  return text ? { entry: text } : undefined;
}

export function packageDbs(view: LayerView): ViewEntry[] {
  return [...view.values()].filter((entry) => ['apk', 'dpkg', 'rpm'].includes(entry.file.role));
}

export function hasShell(view: LayerView): boolean {
  return [...view.values()].some((entry) => entry.file.role === 'shell');
}

/** Enough to answer: an os-release with text, and a package database. */
export function isAnswered(view: LayerView): boolean {
  return resolveOsRelease(view) !== undefined && packageDbs(view).length > 0;
}

function followLinks(view: LayerView, start: ViewEntry): ResolvedOsRelease['entry'] | undefined {
  let entry: ViewEntry | undefined = start;
  for (let hops = 0; entry && hops < 4; hops += 1) {
    const { file } = entry;
    if (file.type === 'file') return file.content === undefined ? undefined : (entry as ResolvedOsRelease['entry']);
    if (file.linkTarget === undefined) return undefined;
    entry = view.get(linkPath(file));
  }
  return undefined;
}

function linkPath(file: LayerFile): string {
  const target = file.linkTarget ?? '';
  if (file.type === 'link' || target.startsWith('/')) return posix.normalize(target).replace(/^\/+/, '');
  return posix.join(posix.dirname(file.path), target);
}
