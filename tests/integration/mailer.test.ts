import ICAL from "ical.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildBashIcs } from "@/lib/calendar/ics";
import { deliverEmails, queueEmails, retryEmail, smtpConfigured, type OutgoingEmail } from "@/lib/mail/mailer";
import { closeSmtpServers, startSmtp } from "../factories/smtp";
import { db, resetDb } from "./db";

beforeEach(resetDb);

const savedEnv = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };

afterEach(async () => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await closeSmtpServers();
});


function email(over: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    kind: "test",
    toEmail: "pat@example.com",
    toName: "Pat Tester",
    subject: "You're invited: Checkout bash",
    text: "Hello Pat,\n\nJoin the bash: https://bashboard.example.com/bashes/b1\n",
    link: "https://bashboard.example.com/bashes/b1",
    ...over,
  };
}

const ics = buildBashIcs(
  {
    id: "b1",
    title: "Checkout bash",
    product: "Shop",
    release: "2.4",
    scope: "Checkout, cart",
    scheduledStart: new Date("2026-12-01T14:00:00Z"),
    durationMinutes: 60,
    location: "Room 4",
    videoLink: "",
    calendarSequence: 2,
    prerequisitesWeb: "",
    prerequisitesMobile: "",
    environments: [],
    features: [],
    url: "https://bashboard.example.com/bashes/b1",
  },
  { method: "REQUEST", organizer: { email: "fay@example.com", name: "Fay" }, attendee: { email: "pat@example.com", name: "Pat Tester" } },
);

describe("mailer", () => {
  it("without SMTP_URL, queued messages stay in the outbox and nothing is sent", async () => {
    const smtp = await startSmtp();
    delete process.env.SMTP_URL;
    expect(smtpConfigured()).toBe(false);

    const ids = await queueEmails(db(), [email(), email({ toEmail: "sam@example.com", toName: "", ics })]);
    expect(ids).toHaveLength(2);
    await expect(deliverEmails(db(), ids)).resolves.toEqual({ sent: 0, failed: 0, outbox: 2 });
    await expect(retryEmail(db(), ids[0])).resolves.toBe("OUTBOX");

    const rows = await db().emailMessage.findMany({ orderBy: { toEmail: "asc" } });
    expect(rows.map((r) => [r.toEmail, r.status, r.sentAt, r.error])).toEqual([
      ["pat@example.com", "OUTBOX", null, ""],
      ["sam@example.com", "OUTBOX", null, ""],
    ]);
    expect(rows[0]).toMatchObject({ kind: "test", toName: "Pat Tester", link: "https://bashboard.example.com/bashes/b1", ics: null, bashId: null });
    expect(rows[1].ics).toBe(ics);
    expect(smtp.received).toHaveLength(0);
  });

  it("with SMTP_URL, sends the message with its calendar invite and marks it SENT", async () => {
    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    delete process.env.MAIL_FROM;
    expect(smtpConfigured()).toBe(true);
    const bash = await db().bash.create({ data: { title: "Checkout bash" } });

    const ids = await queueEmails(db(), [email({ bashId: bash.id, kind: "invite", ics })]);
    const before = Date.now();
    await expect(deliverEmails(db(), ids)).resolves.toEqual({ sent: 1, failed: 0, outbox: 0 });

    expect(smtp.received).toHaveLength(1);
    const { rcptTo, mail } = smtp.received[0];
    expect(rcptTo).toEqual(["pat@example.com"]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : []).toEqual([{ address: "pat@example.com", name: "Pat Tester" }]);
    expect(mail.from?.value).toEqual([{ address: "bashboard@localhost", name: "Bashboard" }]);
    expect(mail.subject).toBe("You're invited: Checkout bash");
    expect(mail.text?.trim()).toBe("Hello Pat,\n\nJoin the bash: https://bashboard.example.com/bashes/b1");

    const invite = mail.attachments.find((a) => a.filename === "invite.ics");
    expect(invite).toBeDefined();
    expect(invite?.contentType).toBe("text/calendar");
    const calendar = new ICAL.Component(ICAL.parse(invite!.content.toString("utf8")));
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
    expect(event.uid).toBe("bash-b1@bashboard");
    expect(event.sequence).toBe(2);
    expect(event.summary).toBe("Checkout bash — Shop 2.4");
    // The icalEvent alternative makes mail clients show the invite inline as well.
    expect(mail.attachments.filter((a) => a.contentType === "text/calendar").length).toBeGreaterThanOrEqual(2);

    const row = await db().emailMessage.findUniqueOrThrow({ where: { id: ids[0] } });
    expect(row.status).toBe("SENT");
    expect(row.error).toBe("");
    expect(row.sentAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.bashId).toBe(bash.id);

    // Delivering again does not send the message twice; a retry of a SENT message is a no-op.
    await expect(deliverEmails(db(), ids)).resolves.toEqual({ sent: 0, failed: 0, outbox: 0 });
    await expect(retryEmail(db(), ids[0])).resolves.toBe("SENT");
    expect(smtp.received).toHaveLength(1);
  });

  it("uses MAIL_FROM and follows a change of SMTP_URL", async () => {
    const first = await startSmtp();
    const second = await startSmtp();
    process.env.MAIL_FROM = "Bug Bash Team <bugs@example.com>";
    process.env.SMTP_URL = first.url;
    await deliverEmails(db(), await queueEmails(db(), [email({ subject: "one" })]));
    process.env.SMTP_URL = second.url;
    await deliverEmails(db(), await queueEmails(db(), [email({ subject: "two" })]));
    expect(first.received.map((r) => r.mail.subject)).toEqual(["one"]);
    expect(second.received.map((r) => r.mail.subject)).toEqual(["two"]);
    expect(second.received[0].mail.from?.value).toEqual([{ address: "bugs@example.com", name: "Bug Bash Team" }]);
  });

  it("a refused recipient marks the row FAILED with a readable reason, without throwing; a retry can then succeed", async () => {
    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    smtp.reject.add("nobody@example.com");

    const ids = await queueEmails(db(), [email({ toEmail: "nobody@example.com" }), email()]);
    await expect(deliverEmails(db(), ids)).resolves.toEqual({ sent: 1, failed: 1, outbox: 0 });

    const failed = await db().emailMessage.findUniqueOrThrow({ where: { id: ids[0] } });
    expect(failed.status).toBe("FAILED");
    expect(failed.sentAt).toBeNull();
    expect(failed.error).toMatch(/^The mail server refused the recipient: 550 No such user here: nobody@example\.com$/);
    expect(failed.error.length).toBeLessThanOrEqual(300);
    expect(await db().emailMessage.findUniqueOrThrow({ where: { id: ids[1] } })).toMatchObject({ status: "SENT" });
    expect(smtp.received.map((r) => r.rcptTo)).toEqual([["pat@example.com"]]);

    smtp.reject.clear();
    await expect(retryEmail(db(), ids[0])).resolves.toBe("SENT");
    expect(await db().emailMessage.findUniqueOrThrow({ where: { id: ids[0] } })).toMatchObject({ status: "SENT", error: "" });
    expect(smtp.received.map((r) => r.rcptTo)).toEqual([["pat@example.com"], ["nobody@example.com"]]);
  });

  it("two sends of one message at the same instant (a double click, two instances) deliver it once", async () => {
    const smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    const ids = await queueEmails(db(), [email()]);
    const results = await Promise.all([deliverEmails(db(), ids), deliverEmails(db(), ids), retryEmail(db(), ids[0])]);
    expect(smtp.received).toHaveLength(1);
    expect(results.filter((r) => r === "SENT" || (typeof r === "object" && r.sent === 1))).toHaveLength(1);
    expect(await db().emailMessage.findUniqueOrThrow({ where: { id: ids[0] } })).toMatchObject({ status: "SENT" });
    // Once sent, a retry sends nothing more.
    await expect(retryEmail(db(), ids[0])).resolves.toBe("SENT");
    expect(smtp.received).toHaveLength(1);
  });

  it("an unreachable server marks the row FAILED without throwing", async () => {
    const smtp = await startSmtp();
    await smtp.close();
    process.env.SMTP_URL = smtp.url; // nothing listens there any more
    const ids = await queueEmails(db(), [email()]);
    await expect(deliverEmails(db(), ids)).resolves.toEqual({ sent: 0, failed: 1, outbox: 0 });
    const row = await db().emailMessage.findUniqueOrThrow({ where: { id: ids[0] } });
    expect(row).toMatchObject({ status: "FAILED", sentAt: null, error: "Could not connect to the mail server (connection refused)." });
  });

  it("queueEmails inside a transaction that rolls back leaves no rows; one that commits keeps them", async () => {
    await expect(
      db().$transaction(async (tx) => {
        await queueEmails(tx, [email(), email({ toEmail: "sam@example.com" })]);
        expect(await tx.emailMessage.count()).toBe(2);
        throw new Error("the write failed");
      }),
    ).rejects.toThrow("the write failed");
    expect(await db().emailMessage.count()).toBe(0);

    const ids = await db().$transaction((tx) => queueEmails(tx, [email(), email({ toEmail: "sam@example.com" })]));
    expect(await db().emailMessage.count({ where: { id: { in: ids }, status: "OUTBOX" } })).toBe(2);
  });

  it("retryEmail of an unknown id is a not-found error", async () => {
    await expect(retryEmail(db(), "missing")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
