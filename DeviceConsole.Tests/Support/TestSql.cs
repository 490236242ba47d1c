namespace DeviceConsole.Tests.Support;

/// <summary>Fault injection in the provider under test's own SQL.</summary>
public static class TestSql
{
    /// <summary>A trigger that fails the insert of the audit entry with this target name.</summary>
    public static string FailingAuditInsert(string targetName, string message) => TestProvider.IsPostgres
        ? $"""
            CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW."TargetName" = '{targetName}' THEN RAISE EXCEPTION '{message}'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER fail_audit BEFORE INSERT ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION fail_audit();
            """
        : $"""
            CREATE TRIGGER fail_audit BEFORE INSERT ON AuditEntries
            WHEN NEW.TargetName = '{targetName}' BEGIN SELECT RAISE(ABORT, '{message}'); END;
            """;
}
