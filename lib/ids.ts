import { randomBytes } from "node:crypto";

const BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * `n` ids in the shape of Prisma's cuid() ("c" + 24 lowercase letters and digits), from one
 * randomBytes call: for rows written with SQL, where Prisma's client-side default does not apply.
 */
export function newIds(n: number): string[] {
  const time = Date.now().toString(36).padStart(9, "0").slice(-9);
  const bytes = randomBytes(15 * n);
  const ids: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let id = `c${time}`;
    for (let k = i * 15; k < i * 15 + 15; k++) id += BASE36[bytes[k] % 36];
    ids[i] = id;
  }
  return ids;
}

export const newId = (): string => newIds(1)[0];
