/**
 * An ImageStore whose images are functions of their index (see generated-world.ts). Digest lookups use
 * a lazily built index of 8 bytes per image (digest prefix + position), so memory stays small.
 */
import { createHash } from 'node:crypto';
import type { BuiltImage } from './image-builder.js';
import { type ImageStore, untagOthers } from './image-store.js';
import { DESCRIPTIONS } from './scan-lifecycle.js';
import { VULN_POOL } from './vulns.js';
import type { SandboxImage, VulnSpec } from './world.js';

export interface GeneratedImageSpec {
  seed: number;
  account: number;
  repository: number;
  count: number;
  now: Date;
  /** CONTINUOUS_SCAN repository (else scan on push). */
  continuous: boolean;
  /** Shared config and layers every image of the repository points at. */
  base: BuiltImage;
}

const DAY = 86_400_000;

function mix(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    h = Math.imul(h ^ v, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

const TAG = /^build-(\d+)$/;

export class GeneratedImageStore implements ImageStore {
  private readonly spec: GeneratedImageSpec;
  /** The shared manifest minus its closing brace; each image appends its own annotation. */
  private readonly manifestHead: string;
  private readonly changed = new Map<number, SandboxImage>();
  private readonly extras: SandboxImage[] = [];
  private index?: { prefixes: Uint32Array; order: Uint32Array };

  constructor(spec: GeneratedImageSpec) {
    this.spec = spec;
    this.manifestHead = JSON.stringify(JSON.parse(spec.base.manifest)).slice(0, -1);
  }

  get size(): number {
    return this.spec.count + this.extras.length;
  }

  at(index: number): SandboxImage {
    if (index >= this.spec.count) {
      const extra = this.extras[index - this.spec.count];
      if (!extra) throw new RangeError(`no image at ${index}`);
      return extra;
    }
    return this.changed.get(index) ?? this.make(index);
  }

  byDigest(digest: string): SandboxImage | undefined {
    const position = this.positionOf(digest);
    return position === undefined ? undefined : this.at(position);
  }

  byTag(tag: string): SandboxImage | undefined {
    const kept = [...this.changed.values(), ...this.extras].find((image) => image.tags.includes(tag));
    if (kept) return kept;
    const match = TAG.exec(tag);
    const i = match ? Number(match[1]) : tag === 'latest' ? this.spec.count - 1 : -1;
    if (i < 0 || i >= this.spec.count) return undefined;
    const image = this.at(i);
    return image.tags.includes(tag) ? image : undefined;
  }

  references(blobDigest: string): boolean {
    return (
      this.spec.base.blobDigests.includes(blobDigest) ||
      [...this.changed.values(), ...this.extras].some((image) => image.blobDigests.includes(blobDigest))
    );
  }

  put(image: SandboxImage): void {
    untagOthers(this, image);
    const position = this.positionOf(image.digest);
    if (position === undefined) this.extras.push(image);
    else if (position < this.spec.count) this.changed.set(position, image);
    else this.extras[position - this.spec.count] = image;
  }

  private positionOf(digest: string): number | undefined {
    const extra = this.extras.findIndex((image) => image.digest === digest);
    if (extra >= 0) return this.spec.count + extra;
    const index = this.buildIndex();
    const prefix = Number.parseInt(digest.slice(7, 15), 16);
    let lo = 0;
    let hi = index.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (index.prefixes[index.order[mid]!]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < index.order.length && index.prefixes[index.order[k]!] === prefix; k++) {
      const position = index.order[k]!;
      if (this.manifestDigest(position) === digest) return position;
    }
    return undefined;
  }

  private buildIndex(): { prefixes: Uint32Array; order: Uint32Array } {
    if (this.index) return this.index;
    const n = this.spec.count;
    const prefixes = new Uint32Array(n);
    for (let i = 0; i < n; i++) prefixes[i] = Number.parseInt(this.manifestDigest(i).slice(7, 15), 16);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((x, y) => prefixes[x]! - prefixes[y]!);
    this.index = { prefixes, order };
    return this.index;
  }

  private manifest(i: number): string {
    const revision = `${this.spec.account}.${this.spec.repository}.${i}.${this.spec.seed}`;
    return `${this.manifestHead},"annotations":{"org.opencontainers.image.revision":"${revision}"}}`;
  }

  private manifestDigest(i: number): string {
    return `sha256:${createHash('sha256').update(this.manifest(i)).digest('hex')}`;
  }

  private make(i: number): SandboxImage {
    const { seed, account, repository, count, now, continuous, base } = this.spec;
    const h = mix(seed, account, repository, i);
    const bucket = h % 100;
    const spread = (h >>> 8) % 1000;
    let pushedDays: number;
    let pulledDays: number | undefined;
    if (bucket < 10) {
      pushedDays = 40 + (spread % 80);
      pulledDays = 15 + (spread % 45);
    } else if (bucket < 18) {
      pushedDays = 35 + (spread % 55);
      pulledDays = 14 - (1 + (spread % 7)) + 0.5;
    } else {
      pushedDays = spread % 23;
      pulledDays = spread % 3 === 0 ? undefined : spread % 6;
    }
    const pushedAt = new Date(now.getTime() - pushedDays * DAY - (h % 3600) * 1000);
    const lastRecordedPullTime = pulledDays === undefined ? undefined : new Date(now.getTime() - pulledDays * DAY);
    const expired = bucket < 10;
    const vulns: VulnSpec[] = [];
    if (!expired) for (let k = 0; k < (h >>> 20) % 4; k++) vulns.push(VULN_POOL[(h + k * 7) % VULN_POOL.length]!);
    const scanned = new Date(Math.max(pushedAt.getTime() + 600_000, now.getTime() - DAY));
    const manifest = this.manifest(i);
    return {
      digest: `sha256:${createHash('sha256').update(manifest).digest('hex')}`,
      tags: i === count - 1 ? [`build-${i}`, 'latest'] : [`build-${i}`],
      pushedAt,
      lastRecordedPullTime,
      imageStatus: 'ACTIVE',
      manifest,
      manifestMediaType: base.mediaType,
      artifactMediaType: base.artifactMediaType,
      sizeInBytes: base.sizeInBytes,
      blobDigests: base.blobDigests,
      platform: { architecture: base.platform.architecture, inspectorPlatform: base.platform.inspectorPlatform },
      scan: {
        status: expired ? 'SCAN_ELIGIBILITY_EXPIRED' : continuous ? 'ACTIVE' : 'COMPLETE',
        description: expired ? undefined : continuous ? DESCRIPTIONS.continuous : DESCRIPTIONS.complete,
        engine: 'enhanced',
        vulns,
        completedAt: scanned,
        vulnerabilitySourceUpdatedAt: scanned,
      },
      coverage: expired
        ? { statusCode: 'INACTIVE', reason: 'SCAN_ELIGIBILITY_EXPIRED', lastScannedAt: scanned }
        : {
            statusCode: 'ACTIVE',
            reason: continuous ? 'SUCCESSFUL' : 'SCAN_FREQUENCY_SCAN_ON_PUSH',
            lastScannedAt: scanned,
          },
    };
  }
}
