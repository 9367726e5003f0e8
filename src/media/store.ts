import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../app/config.js';

/**
 * Where uploaded files live, behind one interface: a folder (the default) or
 * an S3-compatible bucket (production). Keys are random names made by
 * newMediaKey; the store never chooses or trusts a client's file name.
 */
export interface MediaStore {
  /** Stores `body` under `key`, readable at url(key) once this resolves. */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Removes the files; a key already gone is not an error. */
  delete(keys: readonly string[]): Promise<void>;
  /** The public URL a client reads the file at. */
  url(key: string): string;
  /** The file's bytes, for a store whose files the provider serves itself (the folder); null when absent. */
  read?(key: string): Promise<Buffer | null>;
}

/** What a key looks like: 32 hex digits and the type's extension. */
export const MEDIA_KEY = /^[0-9a-f]{32}\.(jpg|png|webp|gif)$/;

/** The path the provider serves the folder store's files under. */
export const MEDIA_PATH = '/system/media';

/** A folder of files, served by the provider at /system/media/KEY. */
export function folderStore(dir: string, publicUrl: string): MediaStore {
  let made: Promise<unknown> | null = null;
  return {
    async put(key, body) {
      if (!MEDIA_KEY.test(key)) throw new Error(`not a media key: ${key}`);
      made ??= mkdir(dir, { recursive: true });
      await made;
      await writeFile(join(dir, key), body, { flag: 'wx' });
    },
    async delete(keys) {
      await Promise.all(keys.filter((k) => MEDIA_KEY.test(k)).map((k) => rm(join(dir, k), { force: true })));
    },
    url: (key) => `${publicUrl}${MEDIA_PATH}/${key}`,
    async read(key) {
      if (!MEDIA_KEY.test(key)) return null;
      try {
        return await readFile(join(dir, key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}

/**
 * An S3-compatible bucket (AWS, MinIO, Ceph, a Chinese cloud's object
 * storage) through the AWS SDK, path-style when an endpoint is given. The
 * objects are read by clients at `publicUrl/KEY` (the bucket's public
 * address or a CDN in front of it), never through the provider.
 */
export function s3Store(s3: NonNullable<Config['s3']>): MediaStore {
  // The SDK is loaded on first use: half a second of start-up that a provider with a folder store never needs.
  let sdk: Promise<{ client: import('@aws-sdk/client-s3').S3Client; mod: typeof import('@aws-sdk/client-s3') }> | null = null;
  const connect = () =>
    (sdk ??= import('@aws-sdk/client-s3').then((mod) => ({
      mod,
      client: new mod.S3Client({
        region: s3.region,
        credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
        ...(s3.endpoint ? { endpoint: s3.endpoint, forcePathStyle: true } : {}),
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 3,
      }),
    })));
  return {
    async put(key, body, contentType) {
      const { client, mod } = await connect();
      await client.send(
        new mod.PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body, ContentType: contentType, CacheControl: 'public, max-age=31536000, immutable', ACL: 'public-read' }),
      );
    },
    async delete(keys) {
      const { client, mod } = await connect();
      await Promise.all(keys.map((k) => client.send(new mod.DeleteObjectCommand({ Bucket: s3.bucket, Key: k }))));
    },
    url: (key) => `${s3.publicUrl}/${key}`,
  };
}

/** The public URL of a stored file, from the config alone (what the store's url() gives): for presenters that have no context. */
export function mediaUrl(config: Pick<Config, 'mediaStore' | 's3' | 'publicUrl'>, key: string): string {
  return config.mediaStore === 's3' && config.s3 ? `${config.s3.publicUrl}/${key}` : `${config.publicUrl}${MEDIA_PATH}/${key}`;
}

/** The store the config names. */
export function mediaStoreFor(config: Config): MediaStore {
  return config.mediaStore === 's3' && config.s3 ? s3Store(config.s3) : folderStore(config.mediaDir, config.publicUrl);
}
