-- Similar reports while typing (word_similarity). pg_trgm is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "ChatPostStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- AlterTable
ALTER TABLE "Bash" ADD COLUMN     "chatWebhookUrl" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "extendedAt" TIMESTAMP(3),
ADD COLUMN     "extendedMinutes" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "lastActiveAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "nudgedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ChatPost" (
    "id" TEXT NOT NULL,
    "bashId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" "ChatPostStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT NOT NULL DEFAULT '',
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatPost_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChatPost_status_nextAttemptAt_idx" ON "ChatPost"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "ChatPost_bashId_createdAt_idx" ON "ChatPost"("bashId", "createdAt");

-- AddForeignKey
ALTER TABLE "ChatPost" ADD CONSTRAINT "ChatPost_bashId_fkey" FOREIGN KEY ("bashId") REFERENCES "Bash"("id") ON DELETE CASCADE ON UPDATE CASCADE;
