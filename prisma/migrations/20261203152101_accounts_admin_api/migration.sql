-- AlterTable
ALTER TABLE "PasswordResetToken" ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT 'RESET';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "emailPrefs" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key","windowStart")
);

-- CreateIndex
CREATE INDEX "RateLimit_windowStart_idx" ON "RateLimit"("windowStart");

-- CreateIndex
CREATE INDEX "Activity_actorId_id_idx" ON "Activity"("actorId", "id");
