/**
 * Walks an image's layers base first, one download at a time, until the OS is known or the byte bound is
 * spent. Layers that cannot be read (zstd on Node 20, foreign, not a filesystem, corrupt) are noted and
 * skipped: the answer may still come from other layers, but "no OS" can then no longer be proved.
 */
import type { EcrPort } from '../aws/ports.js';
import { plural, shortDigest } from '../domain/text.js';
import { layerFormat } from './manifest-media-types.js';
import { applyLayer, isAnswered, type LayerView } from './os-layer-view.js';
import type { ManifestDescriptor } from './parse-manifest.js';
import { readLayerFiles } from './read-layer-files.js';

export type LayerEcr = Pick<EcrPort, 'getDownloadUrlForLayer' | 'streamBlob'>;

export interface LayerScan {
  view: LayerView;
  bytesRead: number;
  /** Layers downloaded (wholly or in part). */
  layersRead: number;
  /** Every layer was read to its end: only then does "nothing found" mean "nothing there". */
  complete: boolean;
  stop?: 'answered' | 'bound' | 'max-layers';
}

export interface ScanLimits {
  maxBytes: number;
  maxLayers: number;
}

export async function scanLayers(
  ecr: LayerEcr,
  repositoryName: string,
  layers: ManifestDescriptor[],
  limits: ScanLimits,
  evidence: string[],
): Promise<LayerScan> {
  const scan: LayerScan = { view: new Map(), bytesRead: 0, layersRead: 0, complete: true };
  const total = layers.length;
  for (const [index, layer] of layers.entries()) {
    const number = index + 1;
    const label = `layer ${number}/${total} (${shortDigest(layer.digest)})`;
    const plan = readPlan(layer.mediaType);
    if ('skip' in plan) {
      evidence.push(`${label}: ${plan.skip}; not read`);
      scan.complete = false;
      continue;
    }
    if (scan.layersRead >= limits.maxLayers) {
      scan.stop = 'max-layers';
      evidence.push(
        `stopped before ${label}: the limit of ${plural(limits.maxLayers, 'layer')} read was reached (${kib(scan.bytesRead)} read)`,
      );
      break;
    }
    if (scan.bytesRead >= limits.maxBytes) {
      scan.stop = 'bound';
      evidence.push(
        `stopped before ${label}: byte bound of ${kib(limits.maxBytes)} reached (${kib(scan.bytesRead)} read)`,
      );
      break;
    }

    const url = await ecr.getDownloadUrlForLayer(repositoryName, layer.digest);
    const lower = scan.view;
    const read = await readLayerFiles(ecr.streamBlob(url), {
      compression: plan.compression,
      maxBytes: limits.maxBytes - scan.bytesRead,
      shouldStop: (soFar) => isAnswered(applyLayer(lower, number, soFar).view),
    });
    scan.bytesRead += read.bytesRead;
    scan.layersRead += 1;
    const applied = applyLayer(lower, number, read);
    scan.view = applied.view;
    for (const [marker, path] of applied.deleted) {
      evidence.push(`${label}: whiteout ${marker} deletes ${path} (layer ${lower.get(path)?.layer}) from the image`);
    }

    if (read.outcome === 'corrupt') {
      evidence.push(`${label}: unreadable after ${kib(read.bytesRead)}: ${read.error}`);
      scan.complete = false;
      continue;
    }
    if (read.outcome === 'bound') {
      scan.stop = 'bound';
      evidence.push(
        `stopped in ${label} at the byte bound of ${kib(limits.maxBytes)}: ${kib(scan.bytesRead)} of layers read, ` +
          `the rest of this layer${number < total ? ' and later layers' : ''} not read`,
      );
      break;
    }
    if (read.outcome === 'stopped') {
      scan.stop = 'answered';
      const rest =
        number === total
          ? ''
          : number + 1 === total
            ? `; layer ${total} not requested`
            : `; layers ${number + 1}–${total} not requested`;
      evidence.push(
        `stopped reading in ${label}: os-release and a package database found (${kib(scan.bytesRead)} read)${rest}`,
      );
      break;
    }
  }
  return scan;
}

function readPlan(mediaType: string): { compression: 'gzip' | 'none' } | { skip: string } {
  const format = layerFormat(mediaType);
  if (!format) return { skip: `media type ${JSON.stringify(mediaType)} is not a filesystem layer` };
  if (format.foreign) return { skip: `${mediaType} is a foreign (Windows base) layer that registries do not store` };
  if (format.compression === 'zstd') return { skip: `${mediaType} cannot be read on Node 20 (no zstd decompressor)` };
  return { compression: format.compression };
}

/** Human-readable size for evidence lines. */
export function kib(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
