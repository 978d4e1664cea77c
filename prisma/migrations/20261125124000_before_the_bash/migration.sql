-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('OUTBOX', 'SENT', 'FAILED');

-- AlterTable
ALTER TABLE "Bash" ADD COLUMN     "releaseTicketsDone" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "testDataReady" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "remindedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CoverageTarget" (
    "id" TEXT NOT NULL,
    "bashId" TEXT NOT NULL,
    "kind" "DeviceKind" NOT NULL,
    "os" TEXT NOT NULL,
    "osVersion" TEXT NOT NULL DEFAULT '',
    "browser" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CoverageTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" TEXT NOT NULL,
    "bashId" TEXT,
    "kind" TEXT NOT NULL,
    "toEmail" TEXT NOT NULL,
    "toName" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "link" TEXT NOT NULL DEFAULT '',
    "ics" TEXT,
    "status" "EmailStatus" NOT NULL DEFAULT 'OUTBOX',
    "error" TEXT NOT NULL DEFAULT '',
    "sentAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CoverageTarget_bashId_position_idx" ON "CoverageTarget"("bashId", "position");

-- CreateIndex
CREATE INDEX "EmailMessage_bashId_createdAt_idx" ON "EmailMessage"("bashId", "createdAt");

-- AddForeignKey
ALTER TABLE "CoverageTarget" ADD CONSTRAINT "CoverageTarget_bashId_fkey" FOREIGN KEY ("bashId") REFERENCES "Bash"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_bashId_fkey" FOREIGN KEY ("bashId") REFERENCES "Bash"("id") ON DELETE CASCADE ON UPDATE CASCADE;
