// Prisma's own schema engine, compiled to WebAssembly (@prisma/schema-engine-wasm), driven through
// the pg driver adapter. Works offline, unlike the CLI's native engine (see ../shared/STACK.md).
// Used to write new migrations and to check that prisma/schema.prisma and the migrations agree.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import pg from "pg";

const require = createRequire(import.meta.url);

let lastPanic = "";
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  set_message(message) {
    lastPanic = message;
  },
};
export function lastEnginePanic() {
  return lastPanic;
}

// The wasm-bindgen glue caches views of the instance's memory: instantiate once per process.
let enginePromise = null;
function loadEngineModule() {
  enginePromise ??= instantiateEngine();
  return enginePromise;
}

async function instantiateEngine() {
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bg = await import(bgPath);
  const bytes = fs.readFileSync(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return bg;
}

export function readMigrations(dir) {
  const migrationDirectories = fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
        .map((name) => {
          const file = path.join(dir, name, "migration.sql");
          return {
            path: name,
            migrationFile: {
              path: "migration.sql",
              content: fs.existsSync(file)
                ? { tag: "ok", value: fs.readFileSync(file, "utf8") }
                : { tag: "error", value: "missing migration.sql" },
            },
          };
        })
    : [];
  const lockPath = path.join(dir, "migration_lock.toml");
  return {
    baseDir: path.resolve(dir),
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

// Postgres "char" columns (OID 18, in pg_catalog) make @prisma/adapter-pg 7.10 fail with "Column type
// 'char' could not be deserialized", while the engine reads them as Character. Patch the adapter's
// base class once: parse them as text, and report their column type as Character.
let charPatched = false;
function patchCharColumns(adapter, ColumnTypeEnum) {
  if (charPatched) return;
  let proto = Object.getPrototypeOf(adapter);
  while (proto && !Object.hasOwn(proto, "performIO")) proto = Object.getPrototypeOf(proto);
  if (!proto || !Object.hasOwn(proto, "queryRaw")) throw new Error("@prisma/adapter-pg changed: performIO/queryRaw not found");
  const performIO = proto.performIO;
  const queryRaw = proto.queryRaw;
  proto.performIO = async function (query) {
    const result = await performIO.call(this, query);
    const charColumns = [];
    (result.fields ?? []).forEach((f, i) => {
      if (f.dataTypeID === 18) {
        f.dataTypeID = 25;
        charColumns.push(i);
      }
    });
    this.__charColumns = charColumns;
    return result;
  };
  proto.queryRaw = async function (query) {
    const result = await queryRaw.call(this, query);
    for (const i of this.__charColumns ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  charPatched = true;
}

/**
 * A migration-aware adapter factory whose shadow databases are created from separate connection
 * fields (a connection string silently reuses the main database) and always dropped WITH (FORCE).
 */
async function adapterFactory(url) {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const { ColumnTypeEnum } = await import("@prisma/driver-adapter-utils");
  const u = new URL(url);
  const fields = {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1) || "postgres",
  };
  const factory = new PrismaPg(fields);
  factory.connectToShadowDb = async () => {
    const name = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID().replace(/-/g, "")}`;
    const admin = new pg.Client(fields);
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const shadow = new PrismaPg({ ...fields, database: name });
    const adapter = await shadow.connect();
    patchCharColumns(adapter, ColumnTypeEnum);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      const c = new pg.Client(fields);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
    return adapter;
  };
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    patchCharColumns(adapter, ColumnTypeEnum);
    return adapter;
  };
  return factory;
}

export async function openEngine({ url, schemaPath }) {
  const bg = await loadEngineModule();
  const { bindMigrationAwareSqlAdapterFactory } = await import("@prisma/driver-adapter-utils");
  const datamodel = fs.readFileSync(schemaPath, "utf8");
  const logs = [];
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[schemaPath, datamodel]] },
    (msg) => logs.push(msg),
    bindMigrationAwareSqlAdapterFactory(await adapterFactory(url)),
  );
  return { engine, datamodel, logs };
}

const NO_FILTER = { externalTables: [], externalEnums: [] };

/** SQL that takes a database from the migrations' end state to schema.prisma ("" when they agree). */
export async function diffMigrationsToSchema({ url, schemaPath, migrationsDir }) {
  const { engine, datamodel } = await openEngine({ url, schemaPath });
  const migrations = readMigrations(migrationsDir);
  try {
    const result = await engine.diff({
      from: migrations.migrationDirectories.length ? { tag: "migrations", ...migrations } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: datamodel }] },
      script: true,
      exitCode: true,
      filters: NO_FILTER,
    });
    const script = (result.stdout ?? "").trim();
    const empty = script === "" || /^-- This is an empty migration\.?$/m.test(script) && !/;\s*$/m.test(script.replace(/^--.*$/gm, ""));
    return { drift: result.exitCode === 2 && !empty, script };
  } finally {
    engine.free?.();
  }
}
