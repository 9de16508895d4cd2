import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { is } from "drizzle-orm";
import { getTableConfig as pgConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, test } from "vitest";

// Every table is written twice, for SQLite and for PostgreSQL (lib/db/dialect.ts). A column
// added to one and not the other would still type-check: this holds each pair of files to each
// other, table by table — names, columns, types, nullability, defaults, keys and indexes.

const root = process.cwd();
const emulators = readdirSync(path.join(root, "lib/methods"))
  .flatMap((method) => [`lib/methods/${method}/tables`, `lib/methods/${method}/emulator/tables`])
  .filter((base) => existsSync(path.join(root, `${base}.ts`)));
const pairs: [string, string][] = [
  ["lib/db/schema/core", "lib/db/schema-pg/core"],
  ["lib/db/schema/sessions", "lib/db/schema-pg/sessions"],
  ["lib/db/schema/sandbox", "lib/db/schema-pg/sandbox"],
  ...emulators.map((base): [string, string] => [base, `${base}.pg`]),
];

type Shape = {
  columns: Record<string, unknown>;
  primaryKey: string[];
  indexes: Record<string, { columns: string[]; unique: boolean }>;
};

function column(c: {
  name: string;
  dataType: string;
  notNull: boolean;
  primary: boolean;
  hasDefault: boolean;
  default: unknown;
  enumValues?: string[];
  isUnique: boolean;
}) {
  return {
    // string, number or boolean: what a row holds in TypeScript, on either database.
    dataType: c.dataType,
    notNull: c.notNull,
    primary: c.primary,
    hasDefault: c.hasDefault,
    default: c.default,
    enumValues: c.enumValues ?? [],
    unique: c.isUnique,
  };
}

function shapeOf(config: ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>): Shape {
  const indexes: Shape["indexes"] = {};
  for (const index of config.indexes) {
    const { name, columns, unique } = index.config;
    indexes[name ?? "(unnamed)"] = {
      columns: columns.map((c) => ("name" in c ? String(c.name) : "(expression)")),
      unique,
    };
  }
  return {
    columns: Object.fromEntries(config.columns.map((c) => [c.name, column(c)])),
    primaryKey: config.primaryKeys.flatMap((key) => key.columns.map((c) => c.name)),
    indexes,
  };
}

async function tablesOf(file: string, kind: "sqlite" | "postgres") {
  const exported = (await import(path.join(root, `${file}.ts`))) as Record<string, unknown>;
  const tables = new Map<string, Shape>();
  for (const value of Object.values(exported)) {
    if (kind === "sqlite" && is(value, SQLiteTable)) {
      const config = sqliteConfig(value);
      tables.set(config.name, shapeOf(config));
    }
    if (kind === "postgres" && is(value, PgTable)) {
      const config = pgConfig(value);
      tables.set(config.name, shapeOf(config));
    }
  }
  return tables;
}

describe("the SQLite and PostgreSQL schemas agree", () => {
  test("every table file has its PostgreSQL twin", () => {
    for (const [, twin] of pairs)
      expect(existsSync(path.join(root, `${twin}.ts`)), twin).toBe(true);
    expect(emulators.length).toBeGreaterThanOrEqual(3);
  });

  test.each(pairs)("%s and %s", async (sqliteFile, postgresFile) => {
    const sqlite = await tablesOf(sqliteFile, "sqlite");
    const postgres = await tablesOf(postgresFile, "postgres");
    expect(sqlite.size).toBeGreaterThan(0);
    expect([...postgres.keys()].sort()).toEqual([...sqlite.keys()].sort());
    for (const [name, shape] of sqlite) {
      expect(postgres.get(name), `table ${name}`).toEqual(shape);
    }
  });
});

// The shapes above compare what a row holds in TypeScript, which is the same for a PostgreSQL
// `integer` and `bigint`. The SQL types must pair up too, and a time (epoch milliseconds) must
// be a `bigint` on PostgreSQL: today's milliseconds overflow a 32-bit `integer`.
const pairedTypes: Record<string, string[]> = {
  text: ["text"],
  integer: ["integer", "bigint", "serial", "boolean"],
};
const holdsTime = (column: string) => /(At|_at)$|^slot$/.test(column);

async function sqlTypesOf(file: string, kind: "sqlite" | "postgres") {
  const exported = (await import(path.join(root, `${file}.ts`))) as Record<string, unknown>;
  const types = new Map<string, string>();
  for (const value of Object.values(exported)) {
    const config =
      kind === "sqlite" && is(value, SQLiteTable)
        ? sqliteConfig(value)
        : kind === "postgres" && is(value, PgTable)
          ? pgConfig(value)
          : undefined;
    for (const c of config?.columns ?? []) types.set(`${config!.name}.${c.name}`, c.getSQLType());
  }
  return types;
}

describe("the SQL types pair up", () => {
  test.each(pairs)("%s and %s", async (sqliteFile, postgresFile) => {
    const sqlite = await sqlTypesOf(sqliteFile, "sqlite");
    const postgres = await sqlTypesOf(postgresFile, "postgres");
    for (const [column, sqliteType] of sqlite) {
      const postgresType = postgres.get(column);
      expect(pairedTypes[sqliteType] ?? [], `${column}: ${sqliteType} / ${postgresType}`).toContain(
        postgresType,
      );
      if (holdsTime(column.split(".")[1]!)) expect(postgresType, column).toBe("bigint");
    }
  });

  test("the time rule sees the times", async () => {
    const postgres = await sqlTypesOf("lib/db/schema-pg/core", "postgres");
    const times = [...postgres.keys()].filter((column) => holdsTime(column.split(".")[1]!));
    expect(times).toEqual(
      expect.arrayContaining(["verifications.expiresAt", "rate_limit_counts.slot"]),
    );
  });
});
