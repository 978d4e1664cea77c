// A realistic demo bash: 2 environments, 5 features, 8 participants with devices and ~40 reports
// across statuses and priorities. Used by `npm run db:seed`, the "Load demo data" button and tests.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { DeviceKind, Priority, ReportStatus, Severity } from "@/lib/generated/prisma/enums";
import { assertCan, type Actor } from "@/lib/policy";

type DemoPerson = {
  name: string;
  email: string;
  designation: string;
  role: "PARTICIPANT" | "TRIAGER" | "FACILITATOR" | "OBSERVER";
  device: { kind: DeviceKind; os: string; osVersion: string; browser?: string; browserVersion?: string; phoneName?: string };
};

export const DEMO_PEOPLE: DemoPerson[] = [
  { name: "Priya Natarajan", email: "priya.demo@bashboard.local", designation: "QA Engineer", role: "FACILITATOR", device: { kind: "WEB", os: "macOS", osVersion: "15.2", browser: "Chrome", browserVersion: "131" } },
  { name: "Tom Becker", email: "tom.demo@bashboard.local", designation: "Backend Developer", role: "PARTICIPANT", device: { kind: "WEB", os: "Windows", osVersion: "11", browser: "Edge", browserVersion: "131" } },
  { name: "Aiko Tanaka", email: "aiko.demo@bashboard.local", designation: "Product Designer", role: "PARTICIPANT", device: { kind: "MOBILE", os: "iOS", osVersion: "18.1", phoneName: "iPhone 15" } },
  { name: "Lucas Silva", email: "lucas.demo@bashboard.local", designation: "Product Owner", role: "TRIAGER", device: { kind: "WEB", os: "macOS", osVersion: "14.6", browser: "Safari", browserVersion: "18.1" } },
  { name: "Fatima Zahra", email: "fatima.demo@bashboard.local", designation: "Technical Writer", role: "PARTICIPANT", device: { kind: "MOBILE", os: "Android", osVersion: "14", phoneName: "Pixel 8" } },
  { name: "Noah Williams", email: "noah.demo@bashboard.local", designation: "Marketing Manager", role: "PARTICIPANT", device: { kind: "WEB", os: "Windows", osVersion: "10", browser: "Firefox", browserVersion: "133" } },
  { name: "Elena Popescu", email: "elena.demo@bashboard.local", designation: "Frontend Developer", role: "PARTICIPANT", device: { kind: "MOBILE", os: "Android", osVersion: "13", phoneName: "Samsung Galaxy S23" } },
  { name: "Grace Okafor", email: "grace.demo@bashboard.local", designation: "Client representative", role: "OBSERVER", device: { kind: "WEB", os: "Ubuntu", osVersion: "24.04", browser: "Chrome", browserVersion: "131" } },
];

const FEATURES = [
  { menuName: "Sign up & login", description: "Email sign-up with verification, social login, password reset." },
  { menuName: "Product search", description: "New search with filters for size, colour and price; typo tolerance." },
  { menuName: "Cart", description: "Saved carts across devices; quantity limits; promo codes." },
  { menuName: "Checkout", description: "One-page checkout, Apple Pay / Google Pay, address autocomplete." },
  { menuName: "Order history", description: "Order list with tracking links, re-order and invoice PDF." },
];

const REPORTS: Array<[feature: number, title: string, steps: string, expected: string, actual: string]> = [
  [0, "Verification email arrives after 10 minutes", "1. Sign up with a new email\n2. Wait for the verification email", "Email within a minute", "Email arrived after ~10 minutes"],
  [0, "Password reset link says 'expired' on first use", "1. Request a password reset\n2. Open the link at once", "Reset form opens", "'This link has expired'"],
  [0, "Google login button overlaps the terms text on small phones", "1. Open login on a 360px-wide phone", "Button and text stacked", "Button covers the last line of the terms"],
  [0, "Caps-lock warning missing on password field", "1. Turn on caps lock\n2. Type the password", "A caps-lock hint", "No hint"],
  [0, "Signing up twice with the same email shows a server error", "1. Sign up with ana@example.com\n2. Sign up again with the same email", "'You already have an account'", "'Something went wrong (500)'"],
  [0, "Remember me does not keep me signed in", "1. Sign in with 'Remember me'\n2. Close and reopen the browser", "Still signed in", "Asked to sign in again"],
  [0, "Login page title reads 'Untitled'", "1. Open /login and look at the tab title", "'Sign in – Shopfront'", "'Untitled'"],
  [0, "Error message not read by the screen reader", "1. Enable VoiceOver\n2. Submit a wrong password", "The error is announced", "Nothing is announced"],
  [1, "Search for 'tshirt' finds nothing, 't-shirt' finds 120 items", "1. Search for tshirt", "T-shirts", "No results"],
  [1, "Price filter ignores the maximum", "1. Search shoes\n2. Set price 0–50", "Only items up to 50", "Items up to 200 shown"],
  [1, "Filter chips disappear after going back", "1. Apply colour = red\n2. Open a product\n3. Press back", "Filter kept", "Filter gone, full list shown"],
  [1, "Search suggestions flicker while typing", "1. Type 'jacket' quickly", "Stable list", "List flickers on each key"],
  [1, "Sorting by newest puts old items first", "1. Search dresses\n2. Sort by newest", "Newest first", "Oldest first"],
  [1, "No results page has a broken image", "1. Search 'zzzz'", "Illustration", "Broken image icon"],
  [1, "Size filter shows sizes that are out of stock", "1. Search boots\n2. Open size filter", "Only available sizes", "All sizes including sold out"],
  [1, "Search box loses focus after the first results load", "1. Type 'sh'\n2. Keep typing", "Keep typing", "Focus lost; keys ignored"],
  [2, "Promo code SAVE10 applied twice", "1. Add an item\n2. Apply SAVE10\n3. Apply SAVE10 again", "'Code already applied'", "Discount applied twice"],
  [2, "Cart badge shows 0 after adding on another device", "1. Add item on phone\n2. Open desktop", "Badge shows 1", "Badge shows 0 until reload"],
  [2, "Quantity can be set to -1", "1. Open cart\n2. Type -1 in quantity", "Refused", "Total becomes negative"],
  [2, "Removing the last item leaves an empty table header", "1. Remove the only item", "Empty-cart message", "Table header with no rows"],
  [2, "Saved cart lost after sign-out", "1. Add items signed in\n2. Sign out and in", "Items kept", "Cart empty"],
  [2, "Promo field accepts 500 characters and breaks the layout", "1. Paste a very long text into promo", "Limited input", "Layout overflows"],
  [2, "Cart total rounding differs from checkout by 0.01", "1. Add 3 items at 3.33", "Same totals", "9.99 vs 10.00"],
  [2, "Undo after remove does not restore quantity", "1. Set quantity 3\n2. Remove\n3. Undo", "Quantity 3", "Quantity 1"],
  [3, "Apple Pay sheet shows the wrong merchant name", "1. Checkout with Apple Pay", "'Shopfront'", "'TEST MERCHANT'"],
  [3, "Address autocomplete picks the wrong postcode", "1. Type '10 Downing'\n2. Pick the first suggestion", "SW1A 2AA", "SW1A 1AA"],
  [3, "Pay button active while the card form is invalid", "1. Enter an expired card", "Button disabled", "Button active; error after submit"],
  [3, "Checkout crashes when the phone number has spaces", "1. Enter '+44 20 7946 0958'\n2. Pay", "Order placed", "Blank page"],
  [3, "Order confirmation email has no order number", "1. Complete an order\n2. Open the email", "Order number shown", "'Order #undefined'"],
  [3, "Google Pay button missing on Android Chrome", "1. Open checkout on Android", "Google Pay button", "Only card form"],
  [3, "Double-clicking Pay creates two orders", "1. Double-click Pay quickly", "One order", "Two orders and two charges"],
  [3, "Delivery date shown in UTC instead of local time", "1. Checkout from Tokyo", "Local date", "Date one day early"],
  [3, "Terms checkbox label not clickable", "1. Click the label text", "Checkbox toggles", "Nothing happens"],
  [4, "Invoice PDF download returns 404", "1. Open an order\n2. Download invoice", "PDF", "404 page"],
  [4, "Re-order adds items at today's price without a warning", "1. Re-order an old order", "Price change notice", "Silent price change"],
  [4, "Tracking link opens in the same tab", "1. Click 'Track parcel'", "New tab", "Leaves the shop"],
  [4, "Order list paginates to an empty page 3", "1. Have 21 orders\n2. Open page 3", "No page 3", "Empty page"],
  [4, "Cancelled orders show as 'Processing'", "1. Cancel an order\n2. Open history", "'Cancelled'", "'Processing'"],
  [4, "Order history slow with 200 orders", "1. Use the load-test account\n2. Open history", "Under 2 s", "About 9 s"],
  [4, "Dates in order list use US format for UK users", "1. Set locale en-GB\n2. Open history", "25/11/2026", "11/25/2026"],
];

const STATUS_CYCLE: ReportStatus[] = ["OPEN", "CONFIRMED", "CONFIRMED", "NEEDS_INFO", "NOT_A_BUG", "CONFIRMED", "DUPLICATE", "IN_PROGRESS", "OPEN", "DONE"];
const PRIORITY_CYCLE: Priority[] = ["P1", "P2", "P3", "P2", "P4", "P3"];
const SEVERITY_CYCLE: Severity[] = ["MAJOR", "MINOR", "CRITICAL", "MINOR", "TRIVIAL", "MAJOR"];

/** Create the demo bash with `actor` as its facilitator. Returns the new bash's id. */
export async function createDemoBash(db: PrismaClient, actor: Actor, now = new Date()): Promise<string> {
  assertCan(actor, "demo.load");
  return db.$transaction(
    async (tx) => {
      const started = new Date(now.getTime() - 3 * 60 * 60_000);
      const ended = new Date(started.getTime() + 75 * 60_000);
      const bash = await tx.bash.create({
        data: {
          title: "Shopfront 2.4 checkout bug bash",
          product: "Shopfront",
          release: "2.4.0-rc1",
          scope:
            "Everything a shopper touches from **sign-up to order history** in release 2.4.\n\n- New one-page checkout with Apple Pay and Google Pay\n- Search filters\n- Saved carts across devices\n\nOut of scope: the admin back office.",
          scheduledStart: started,
          timeZone: "Europe/London",
          durationMinutes: 75,
          location: "Room 4.01 (Ada Lovelace)",
          videoLink: "https://meet.example.com/shopfront-bash",
          status: "ENDED",
          startedAt: started,
          endsAt: ended,
          endedAt: ended,
          prerequisitesWeb: "Use Chrome, Firefox, Safari or Edge (latest two versions). No proxy needed. Test cards are in the test-data notes.",
          prerequisitesMobile: "Install the iOS build through TestFlight or the Android APK from the link (allow installs from unknown sources).",
          createdById: actor.id,
          reportCounter: REPORTS.length,
        },
      });
      const envs = await Promise.all([
        tx.environment.create({
          data: {
            bashId: bash.id,
            name: "Staging",
            url: "https://staging.shopfront.example.com",
            testDataNotes: "Test card 4242 4242 4242 4242, any future date, CVC 123. Promo codes SAVE10, FREESHIP.",
            iosBuildUrl: "https://testflight.apple.com/join/shopfront24",
            androidBuildUrl: "https://builds.example.com/shopfront-2.4.0-rc1.apk",
            position: 0,
            isUp: true,
          },
        }),
        tx.environment.create({
          data: {
            bashId: bash.id,
            name: "UAT",
            url: "https://uat.shopfront.example.com",
            testDataNotes: "Accounts uat01–uat20@shopfront.example.com, password in the credential pool.",
            position: 1,
            isUp: true,
          },
        }),
      ]);
      const features = [];
      for (const [i, f] of FEATURES.entries()) {
        features.push(await tx.feature.create({ data: { bashId: bash.id, menuName: f.menuName, description: f.description, position: i } }));
      }
      await tx.membership.create({ data: { bashId: bash.id, userId: actor.id, role: "FACILITATOR", rsvp: "GOING", accessConfirmedAt: started } });

      const people = [];
      for (const p of DEMO_PEOPLE) {
        const user = await tx.user.upsert({
          where: { email: p.email },
          create: { email: p.email, name: p.name, designation: p.designation },
          update: {},
        });
        const membership = await tx.membership.create({
          data: {
            bashId: bash.id,
            userId: user.id,
            role: p.role,
            designation: p.designation,
            rsvp: "GOING",
            rsvpAt: new Date(started.getTime() - 86_400_000),
            accessConfirmedAt: new Date(started.getTime() - 3_600_000),
          },
        });
        const device = await tx.device.create({
          data: {
            userId: user.id,
            membershipId: membership.id,
            kind: p.device.kind,
            os: p.device.os,
            osVersion: p.device.osVersion,
            browser: p.device.browser ?? "",
            browserVersion: p.device.browserVersion ?? "",
            phoneName: p.device.phoneName ?? "",
          },
        });
        people.push({ user, device, person: p });
      }
      const reporters = people.filter((p) => p.person.role === "PARTICIPANT" || p.person.role === "TRIAGER");
      const created: { id: string }[] = [];
      for (const [i, [f, title, steps, expected, actual]] of REPORTS.entries()) {
        const r = reporters[i % reporters.length];
        const status = STATUS_CYCLE[i % STATUS_CYCLE.length];
        const triaged = status !== "OPEN" && status !== "NEEDS_INFO";
        const report = await tx.report.create({
          data: {
            bashId: bash.id,
            number: i + 1,
            clientId: `demo-${bash.id}-${i + 1}`,
            featureId: features[f].id,
            environmentId: envs[i % 3 === 0 ? 1 : 0].id,
            deviceId: r.device.id,
            title,
            description: `${title}. Seen during the bash on ${r.person.device.kind === "WEB" ? r.person.device.browser : r.person.device.phoneName}.`,
            steps: i % 7 === 3 ? "" : steps,
            expected,
            actual,
            severity: SEVERITY_CYCLE[i % SEVERITY_CYCLE.length],
            priority: triaged ? PRIORITY_CYCLE[i % PRIORITY_CYCLE.length] : null,
            status,
            duplicateOfId: status === "DUPLICATE" && created.length > 0 ? created[created.length - 2]?.id ?? created[0].id : null,
            sprint: status === "CONFIRMED" || status === "IN_PROGRESS" || status === "DONE" ? (i % 3 === 0 ? "LATER" : "CURRENT") : null,
            remarks: status === "NOT_A_BUG" ? "Works as designed." : "",
            deviceKind: r.device.kind,
            os: r.device.os,
            osVersion: r.device.osVersion,
            browser: r.device.browser,
            browserVersion: r.device.browserVersion,
            phoneName: r.device.phoneName,
            reporterId: r.user.id,
            reporterName: r.user.name,
            createdAt: new Date(started.getTime() + (i + 1) * 100_000),
          },
        });
        created.push(report);
      }
      await tx.activity.create({
        data: { bashId: bash.id, actorId: actor.id, type: "bash.demo_loaded", entityType: "bash", entityId: bash.id, data: { reports: REPORTS.length } },
      });
      return bash.id;
    },
    { timeout: 30_000 },
  );
}

export const DEMO_COUNTS = { environments: 2, features: FEATURES.length, participants: DEMO_PEOPLE.length, reports: REPORTS.length };
