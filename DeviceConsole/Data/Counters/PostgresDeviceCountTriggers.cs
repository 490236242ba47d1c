namespace DeviceConsole.Data.Counters;

/// <summary>
/// PostgreSQL's upkeep of <see cref="DeviceCount"/>, the counterpart of
/// <see cref="SqliteDeviceCountTriggers"/>: one PL/pgSQL row trigger on device insert, delete and
/// change of organization or status, in the writing statement's transaction, so set-based updates
/// and raw SQL keep the counts exact too.
/// </summary>
public static class PostgresDeviceCountTriggers
{
    public const string Create = """
        CREATE FUNCTION devices_count() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                UPDATE "DeviceCounts" SET "Count" = "Count" - 1
                WHERE "OrganizationId" = OLD."OrganizationId" AND "Status" = OLD."Status";
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO "DeviceCounts" ("OrganizationId", "Status", "Count") VALUES (NEW."OrganizationId", NEW."Status", 1)
                ON CONFLICT ("OrganizationId", "Status") DO UPDATE SET "Count" = "DeviceCounts"."Count" + 1;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER "Devices_Count_Insert" AFTER INSERT ON "Devices" FOR EACH ROW EXECUTE FUNCTION devices_count();
        CREATE TRIGGER "Devices_Count_Delete" AFTER DELETE ON "Devices" FOR EACH ROW EXECUTE FUNCTION devices_count();
        CREATE TRIGGER "Devices_Count_Update" AFTER UPDATE OF "OrganizationId", "Status" ON "Devices" FOR EACH ROW
            WHEN (OLD."OrganizationId" <> NEW."OrganizationId" OR OLD."Status" <> NEW."Status") EXECUTE FUNCTION devices_count();
        """;

    /// <summary>The counts recomputed from the devices (after a bulk copy, or for devices written before the triggers).</summary>
    public const string Rebuild = """
        DELETE FROM "DeviceCounts";
        INSERT INTO "DeviceCounts" ("OrganizationId", "Status", "Count")
            SELECT "OrganizationId", "Status", count(*) FROM "Devices" GROUP BY "OrganizationId", "Status";
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS "Devices_Count_Update" ON "Devices";
        DROP TRIGGER IF EXISTS "Devices_Count_Delete" ON "Devices";
        DROP TRIGGER IF EXISTS "Devices_Count_Insert" ON "Devices";
        DROP FUNCTION IF EXISTS devices_count();
        """;
}
