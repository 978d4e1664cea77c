import { QrCode } from "@/components/ui/qr-code";

const isWebLink = (url: string) => /^https?:\/\//i.test(url.trim());

// The shared QR code is 160 px; from the back of a room a bigger one scans more easily.
const STYLE = {
  page: { box: "space-y-1", link: "block text-center text-sm text-accent-700 underline" },
  projector: {
    box: "space-y-2 rounded-xl border-2 border-zinc-200 bg-white p-3 [&_[role=img]]:size-44 lg:[&_[role=img]]:size-48 [&_figcaption]:text-base [&_figcaption]:text-zinc-800",
    link: "flex min-h-11 items-center justify-center text-base font-medium text-accent-700 underline",
  },
} as const;

/** An environment's iOS and Android builds as QR codes for the phone, each with its plain link. */
export function BuildLinks({
  environment,
  size = "page",
}: {
  environment: { name: string; iosBuildUrl: string; androidBuildUrl: string };
  size?: keyof typeof STYLE;
}) {
  const builds = [
    ["iOS", environment.iosBuildUrl],
    ["Android", environment.androidBuildUrl],
  ].filter(([, url]) => url) as [string, string][];
  if (builds.length === 0) return null;
  const s = STYLE[size];
  return (
    <div className={`flex flex-wrap ${size === "page" ? "gap-6" : "gap-4"}`}>
      {builds.map(([platform, url]) => (
        <div key={platform} className={s.box}>
          <QrCode value={url} label={`${platform} build for ${environment.name}`} />
          {isWebLink(url) ? (
            <a href={url} className={s.link} rel="noopener noreferrer" target="_blank">
              Open the {platform} build
            </a>
          ) : null}
        </div>
      ))}
    </div>
  );
}
