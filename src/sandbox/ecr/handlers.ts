/** ECR operations the sandbox emulates, by `X-Amz-Target` operation name. */
import type { Handler } from '../handler.js';
import { batchGetImage, describeImages, getDownloadUrlForLayer, listImages } from './images.js';
import { putImage } from './put-image.js';
import {
  batchGetRepositoryScanningConfiguration,
  createRepository,
  describeRepositories,
  getRegistryScanningConfiguration,
  putRegistryScanningConfiguration,
} from './registry.js';
import { describeImageScanFindings, startImageScan } from './scans.js';

export const ecrHandlers: Record<string, Handler> = {
  DescribeImages: describeImages,
  ListImages: listImages,
  BatchGetImage: batchGetImage,
  GetDownloadUrlForLayer: getDownloadUrlForLayer,
  DescribeImageScanFindings: describeImageScanFindings,
  StartImageScan: startImageScan,
  DescribeRepositories: describeRepositories,
  CreateRepository: createRepository,
  PutImage: putImage,
  GetRegistryScanningConfiguration: getRegistryScanningConfiguration,
  PutRegistryScanningConfiguration: putRegistryScanningConfiguration,
  BatchGetRepositoryScanningConfiguration: batchGetRepositoryScanningConfiguration,
};
