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
