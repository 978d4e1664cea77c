import Link from "next/link";
import { ActionButton, type FormAction } from "@/components/ui/action-form";
import { btn } from "@/components/ui/styles";
import { listSavedDevices } from "@/lib/account/queries";
import { MAX_SAVED_DEVICES, sameDevice } from "@/lib/account/schema";
import { getDb } from "@/lib/db";
import { describeDevice } from "@/lib/devices/schema";
import type { Actor } from "@/lib/policy";

type Device = { id: string; kind: "WEB" | "MOBILE"; os: string; osVersion: string; browser: string; browserVersion: string; phoneName: string };

/**
 * On a bash page, under "Your devices": add a device saved on my profile with one tap, and keep a
 * device typed for this bash for next time ("Save to my profile").
 */
export async function SavedDevicePicker({ actor, onBash, addAction, saveAction }: { actor: Actor; onBash: Device[]; addAction: FormAction; saveAction: FormAction }) {
  const saved = await listSavedDevices(getDb(), actor);
  const unsaved = saved.length < MAX_SAVED_DEVICES ? onBash.filter((d) => !saved.some((s) => sameDevice(s, d))) : [];
  return (
    <div className="space-y-3 rounded-md border border-zinc-200 bg-zinc-50/60 p-3" data-testid="saved-devices">
      <div className="space-y-2">
        <h4 className="text-sm font-semibold text-zinc-800">From my saved devices</h4>
        {saved.length ? (
          <ul className="flex flex-wrap gap-2" aria-label="My saved devices">
            {saved.map((d) => {
              const label = describeDevice(d);
              const here = onBash.some((x) => sameDevice(x, d));
              return (
                <li key={d.id} className="max-w-full">
                  {here ? (
                    <span className="inline-flex min-h-11 max-w-full items-center gap-2 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm font-medium text-emerald-900">
                      <span aria-hidden="true">✓</span>
                      <span className="break-words">{label}</span>
                      <span className="sr-only">(already on this bash)</span>
                    </span>
                  ) : (
                    <ActionButton action={addAction} input={{ deviceId: d.id }} className={`${btn.secondary} max-w-full text-left`} pendingLabel="Adding…">
                      <span aria-hidden="true">+</span>
                      <span className="break-words">Add {label}</span>
                    </ActionButton>
                  )}
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="text-sm text-zinc-700">
            Save the devices you usually test on in{" "}
            <Link href="/account#devices" className="font-medium text-accent-700 underline">
              My account
            </Link>{" "}
            and add them to any bash with one tap.
          </p>
        )}
      </div>
      {unsaved.length ? (
        <div className="space-y-2 border-t border-zinc-200 pt-3">
          <h4 className="text-sm font-semibold text-zinc-800">Keep for next time</h4>
          <ul className="flex flex-wrap gap-2" aria-label="Devices not on my profile">
            {unsaved.map((d) => (
              <li key={d.id} className="max-w-full">
                <ActionButton action={saveAction} input={{ deviceId: d.id }} className={`${btn.ghost} max-w-full text-left`} pendingLabel="Saving…">
                  <span className="break-words">Save {describeDevice(d)} to my profile</span>
                </ActionButton>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
