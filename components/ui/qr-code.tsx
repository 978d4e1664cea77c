import { qrSvg } from "@/lib/qr";

/** A scannable QR code (about 160px square) with a caption. Server component. */
export async function QrCode({ value, label }: { value: string; label: string }) {
  const svg = await qrSvg(value);
  return (
    <figure className="inline-flex flex-col items-center gap-2">
      <div
        role="img"
        aria-label={label}
        className="size-40 rounded-md bg-white [&>svg]:block [&>svg]:size-full"
        // The markup comes from the qrcode library; `value` is only encoded in the modules, never inserted as text.
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      <figcaption className="max-w-60 text-center text-sm break-words text-zinc-700">{label}</figcaption>
    </figure>
  );
}
