import bcrypt from "bcryptjs";

const ROUNDS = Number(process.env.BCRYPT_ROUNDS ?? 12);
// Compared against when the account does not exist, so a wrong email costs the same time.
const DUMMY_HASH = "$2a$12$C6UzMDM.H6dfI/f/IKcEeO6Jb6e9mNNQxdNdQ2Z2kq0Zk6sX8Ue3i";

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, ROUNDS);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return ok && !!hash;
}
