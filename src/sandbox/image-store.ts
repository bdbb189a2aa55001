/**
 * A repository's images, addressed by position (for paging), digest and tag. Seeded and API-created
 * repositories keep real objects (`ArrayImageStore`); generated benchmark repositories compute images
 * from their index on demand (generated-world.ts) so 200,000 images stay cheap. Images a store hands
 * out may be fresh copies: whoever changes one calls `put` to keep the change.
 */
import type { SandboxImage } from './world.js';

export interface ImageStore {
  readonly size: number;
  /** The image at a position, 0 ≤ index < size; positions are stable while images are only added. */
  at(index: number): SandboxImage;
  byDigest(digest: string): SandboxImage | undefined;
  byTag(tag: string): SandboxImage | undefined;
  /** True when an image of this repository references the blob (ECR serves only such blobs). */
  references(blobDigest: string): boolean;
  /** Adds the image, or replaces the one with its digest; its tags move off other images as on a push. */
  put(image: SandboxImage): void;
}

export function* iterateImages(store: ImageStore): Generator<SandboxImage> {
  for (let i = 0; i < store.size; i++) yield store.at(i);
}

/** Removes the new image's tags from any other image that holds them (ECR moves a tag on push). */
export function untagOthers(store: ImageStore, image: SandboxImage): void {
  for (const tag of image.tags) {
    const holder = store.byTag(tag);
    if (holder && holder.digest !== image.digest) {
      store.put({ ...holder, tags: holder.tags.filter((t) => t !== tag) });
    }
  }
}

export class ArrayImageStore implements ImageStore {
  private readonly images: SandboxImage[] = [];
  private readonly byDigestIndex = new Map<string, number>();
  private readonly blobRefs = new Map<string, number>();

  constructor(images: Iterable<SandboxImage> = []) {
    for (const image of images) this.put(image);
  }

  get size(): number {
    return this.images.length;
  }

  at(index: number): SandboxImage {
    const image = this.images[index];
    if (!image) throw new RangeError(`no image at ${index}`);
    return image;
  }

  byDigest(digest: string): SandboxImage | undefined {
    const index = this.byDigestIndex.get(digest);
    return index === undefined ? undefined : this.images[index];
  }

  byTag(tag: string): SandboxImage | undefined {
    return this.images.find((image) => image.tags.includes(tag));
  }

  references(blobDigest: string): boolean {
    return (this.blobRefs.get(blobDigest) ?? 0) > 0;
  }

  put(image: SandboxImage): void {
    untagOthers(this, image);
    const index = this.byDigestIndex.get(image.digest);
    if (index === undefined) {
      this.byDigestIndex.set(image.digest, this.images.length);
      this.images.push(image);
    } else {
      this.count(this.images[index]!, -1);
      this.images[index] = image;
    }
    this.count(image, 1);
  }

  private count(image: SandboxImage, delta: number): void {
    for (const digest of image.blobDigests) this.blobRefs.set(digest, (this.blobRefs.get(digest) ?? 0) + delta);
  }
}
