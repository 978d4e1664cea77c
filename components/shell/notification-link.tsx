"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { markReadAction } from "@/app/(app)/notifications/actions";

/** Opening a notification marks it read, then follows its link. */
export function NotificationLink({ id, url, children, className }: { id: string; url: string; children: React.ReactNode; className?: string }) {
  const router = useRouter();
  const [, start] = useTransition();
  return (
    <a
      href={url || "#"}
      className={className}
      onClick={(e) => {
        e.preventDefault();
        start(async () => {
          await markReadAction({ id });
          router.push(url || "/notifications");
          router.refresh();
        });
      }}
    >
      {children}
    </a>
  );
}
