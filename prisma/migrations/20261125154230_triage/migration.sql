-- AlterTable
ALTER TABLE "Bash" ADD COLUMN     "leaderboardHidden" BOOLEAN NOT NULL DEFAULT false;
