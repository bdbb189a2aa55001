/**
 * Layer media types (domain.md §6.3) reduced to what a reader needs: is it a filesystem tarball, how is it
 * compressed, and is it a "foreign" layer. Foreign (Docker) and non-distributable (OCI) layers are Windows
 * base layers that registries usually do not store, so they are never downloaded.
 */
export type LayerCompression = 'gzip' | 'zstd' | 'none';

export interface LayerFormat {
  compression: LayerCompression;
  foreign: boolean;
}

const OCI_LAYER = /^application\/vnd\.oci\.image\.layer\.(nondistributable\.)?v1\.tar(\+gzip|\+zstd)?$/;
const DOCKER_LAYER = /^application\/vnd\.docker\.image\.rootfs\.(foreign\.)?diff\.tar(\.gzip)?$/;

/** Schema 1 manifests carry no layer media types; their layers are always gzipped tarballs. */
export const SCHEMA1_LAYER_MEDIA_TYPE = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

/** `undefined` when the media type is not a filesystem layer (a signature payload, an SBOM, a Helm chart…). */
export function layerFormat(mediaType: string | undefined): LayerFormat | undefined {
  const oci = mediaType === undefined ? null : OCI_LAYER.exec(mediaType);
  if (oci) {
    const compression = oci[2] === '+gzip' ? 'gzip' : oci[2] === '+zstd' ? 'zstd' : 'none';
    return { compression, foreign: oci[1] !== undefined };
  }
  const docker = mediaType === undefined ? null : DOCKER_LAYER.exec(mediaType);
  if (docker) return { compression: docker[2] ? 'gzip' : 'none', foreign: docker[1] !== undefined };
  return undefined;
}
