// S3-compatible storage (AWS S3, MinIO, Cloudflare R2, Backblaze B2, Ceph…), configured by
// S3_BUCKET, S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE.
// Without access keys the SDK's default chain is used (instance roles, AWS_* variables…).
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { assertSafeKey, type ByteRange, type Storage, type StoredObject } from "@/lib/storage/index";

export type S3StorageOptions = {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
};

export class S3Storage implements Storage {
  readonly client: S3Client;
  private readonly bucket: string;

  constructor(opts: S3StorageOptions) {
    this.bucket = opts.bucket;
    this.client = new S3Client({
      region: opts.region,
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle ?? false,
      credentials:
        opts.accessKeyId && opts.secretAccessKey ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } : undefined,
      // Newer SDKs add CRC checksums to every request and validate them on every response; several
      // S3-compatible stores reject or omit those, so only do it where the API requires it.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    assertSafeKey(key);
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }),
    );
  }

  async get(key: string, range?: ByteRange): Promise<StoredObject | null> {
    assertSafeKey(key);
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      if (!res.Body) return null;
      // With a range, ContentLength is the range's length; the whole size is after the slash.
      const total = res.ContentRange ? Number(/\/(\d+)\s*$/.exec(res.ContentRange)?.[1]) : NaN;
      const size = Number.isFinite(total) ? total : (res.ContentLength ?? 0);
      return { stream: res.Body.transformToWebStream() as ReadableStream<Uint8Array>, size };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}

function isNotFound(e: unknown): boolean {
  if (e instanceof S3ServiceException) return e.name === "NoSuchKey" || e.name === "NotFound" || e.$metadata?.httpStatusCode === 404;
  return (e as { name?: string } | null)?.name === "NoSuchKey";
}
