// SQL pieces shared by the pages that read every report of a bash at once (the triage board, the
// live console): per-report counts from grouped subqueries, so 2 000 reports cost one statement
// instead of one lookup per report per count. Each is a derived table to LEFT JOIN on "reportId".
import { attachmentThumbUrl } from "@/lib/attachments/schema";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Per report with attachments: `n` (how many) and the first one's (by upload time) `first_id`,
 * `first_thumb` (thumbnail key, null for a video) and `first_type` (content type).
 */
export const attachmentSummarySql = (bashId: string) => Prisma.sql`(
  select "reportId", count(*) as n,
    (array_agg(id order by "createdAt", id))[1] as first_id,
    (array_agg("thumbnailKey" order by "createdAt", id))[1] as first_thumb,
    (array_agg("contentType" order by "createdAt", id))[1] as first_type
  from "Attachment" where "bashId" = ${bashId} and "reportId" is not null group by "reportId"
)`;

/** Per report with "same problem" notes: `n`. */
export const meTooCountsSql = (bashId: string) => Prisma.sql`(
  select x."reportId", count(*) as n from "MeToo" x join "Report" y on y.id = x."reportId" where y."bashId" = ${bashId} group by x."reportId"
)`;

/** The first attachment's thumbnail URL, when it has a thumbnail. */
export const firstThumbUrl = (bashId: string, r: { firstAttachmentId: string | null; firstThumbnailKey: string | null }): string | null =>
  r.firstAttachmentId && r.firstThumbnailKey ? attachmentThumbUrl(bashId, r.firstAttachmentId) : null;
