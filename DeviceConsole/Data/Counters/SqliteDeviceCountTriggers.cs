namespace DeviceConsole.Data.Counters;

/// <summary>
/// SQLite's upkeep of <see cref="DeviceCount"/>: a trigger per device insert, delete and change of
/// organization or status, so set-based updates (bulk transfers) and raw SQL keep the counts exact
/// too. Another provider needs its own triggers with the same effect. A migration that rebuilds
/// the Devices table must create these again.
/// </summary>
public static class SqliteDeviceCountTriggers
{
    public const string Create = """
        CREATE TRIGGER Devices_Count_Insert AFTER INSERT ON Devices BEGIN
            INSERT INTO DeviceCounts (OrganizationId, Status, Count) VALUES (new.OrganizationId, new.Status, 1)
                ON CONFLICT (OrganizationId, Status) DO UPDATE SET Count = Count + 1;
        END;
        CREATE TRIGGER Devices_Count_Delete AFTER DELETE ON Devices BEGIN
            UPDATE DeviceCounts SET Count = Count - 1 WHERE OrganizationId = old.OrganizationId AND Status = old.Status;
        END;
        CREATE TRIGGER Devices_Count_Update AFTER UPDATE OF OrganizationId, Status ON Devices
            WHEN old.OrganizationId <> new.OrganizationId OR old.Status <> new.Status BEGIN
            UPDATE DeviceCounts SET Count = Count - 1 WHERE OrganizationId = old.OrganizationId AND Status = old.Status;
            INSERT INTO DeviceCounts (OrganizationId, Status, Count) VALUES (new.OrganizationId, new.Status, 1)
                ON CONFLICT (OrganizationId, Status) DO UPDATE SET Count = Count + 1;
        END;
        """;

    /// <summary>The counts recomputed from the devices, for a database that had devices before the triggers.</summary>
    public const string Rebuild = """
        DELETE FROM DeviceCounts;
        INSERT INTO DeviceCounts (OrganizationId, Status, Count)
            SELECT OrganizationId, Status, count(*) FROM Devices GROUP BY OrganizationId, Status;
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS Devices_Count_Update;
        DROP TRIGGER IF EXISTS Devices_Count_Delete;
        DROP TRIGGER IF EXISTS Devices_Count_Insert;
        """;
}
