// A real SMTP server on a random local port for the email tests: it keeps every message it gets
// (parsed with mailparser), and answers 550 to the recipients in `reject`.
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type TestSmtp = { url: string; received: { rcptTo: string[]; mail: ParsedMail }[]; reject: Set<string>; close: () => Promise<void> };

const running: TestSmtp[] = [];

export async function startSmtp(): Promise<TestSmtp> {
  const received: TestSmtp["received"] = [];
  const reject = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (reject.has(address.address.toLowerCase())) {
        return callback(Object.assign(new Error(`No such user here: ${address.address}`), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  const smtp: TestSmtp = { url: `smtp://127.0.0.1:${port}`, received, reject, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  running.push(smtp);
  return smtp;
}

/** Close every server started so far (call in afterEach). */
export async function closeSmtpServers() {
  await Promise.all(running.splice(0).map((s) => s.close()));
}
