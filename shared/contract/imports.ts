/** Member import from CSV/xlsx through S3 (issue 16). */
import * as z from 'zod';
import { Instant } from './common';

export const ImportId = z.string().regex(/^imp_[0-9a-z]{8,40}$/, 'not an import id');
export const ImportIdParams = z.object({ importId: ImportId });

export const ImportFormat = z.enum(['csv', 'xlsx']);
export const ImportCreateRequest = z
  .object({
    fileName: z.string().trim().min(1).max(200),
    format: ImportFormat,
  })
  .strict();

export const ImportUpload = z.object({
  importId: z.string(),
  /** PUT the file's bytes here with the `contentType` header, before `expiresAt`. */
  uploadUrl: z.string(),
  contentType: z.string(),
  expiresAt: Instant,
});

/** Column index (0-based) per field; `phone` is required. */
const Column = z.number().int().min(0).max(199);
export const ColumnMapping = z
  .object({
    phone: Column,
    name: Column.optional(),
    gender: Column.optional(),
    birthday: Column.optional(),
    store: Column.optional(),
    tier: Column.optional(),
    points: Column.optional(),
    cardNo: Column.optional(),
  })
  .strict();

export const ImportPreview = z.object({
  importId: z.string(),
  fileName: z.string(),
  /** How the file was read: utf-8-bom, utf-8, gbk (CSV) or xlsx. */
  encoding: z.enum(['utf-8-bom', 'utf-8', 'gbk', 'xlsx']),
  header: z.array(z.string()),
  /** The first data rows, as text. */
  rows: z.array(z.array(z.string())),
  /** Proposed from the header's words (Chinese or English). */
  mapping: z.record(z.string(), z.number().int()),
  sizeBytes: z.number().int(),
});

export const ImportStartRequest = z.object({ mapping: ColumnMapping }).strict();

export const ImportCounts = z.object({
  processed: z.number().int(),
  total: z.number().int().nullable(),
  created: z.number().int(),
  merged: z.number().int(),
  failed: z.number().int(),
  /** Of the merged rows, those that changed nothing (already imported, nothing empty to fill). */
  unchanged: z.number().int(),
});

export const ImportStatus = z.object({
  importId: z.string(),
  fileName: z.string(),
  format: ImportFormat,
  state: z.enum(['uploading', 'ready', 'running', 'done', 'failed']),
  counts: ImportCounts,
  createdAt: Instant,
  startedAt: Instant.nullable(),
  finishedAt: Instant.nullable(),
  /** The error file (CSV, UTF-8 with BOM): a presigned link valid one hour, once the import is done with failed rows. */
  errorFileUrl: z.string().nullable(),
  /** Why a failed import stopped, in Chinese. */
  message: z.string().nullable(),
});
export const ImportList = z.object({ imports: z.array(ImportStatus) });

