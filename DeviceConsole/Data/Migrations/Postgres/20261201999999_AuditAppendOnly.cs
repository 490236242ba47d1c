using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceConsole.Data.Migrations.Postgres
{
    /// <summary>
    /// Hand-written, kept apart from the generated schema: L3 at the database in PL/pgSQL. Audit
    /// rows can be inserted, never updated, deleted or truncated, whatever the code path. Its ID
    /// sorts after the generated migrations of the same day, which are regenerated as the model
    /// grows; later migrations sort after it.
    /// </summary>
    [DbContext(typeof(PostgresDbContext))]
    [Migration("20261201999999_AuditAppendOnly")]
    public partial class AuditAppendOnly : Migration
    {
        private static readonly string[] Tables = ["AuditEntries", "AuditOrganizations"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'Audit entries are append-only: they cannot be modified or deleted.';
                END $$;
                """);
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_NoUpdateOrDelete" BEFORE UPDATE OR DELETE ON "{table}"
                    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_NoTruncate" BEFORE TRUNCATE ON "{table}"
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_NoUpdateOrDelete" ON "{table}";""");
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_NoTruncate" ON "{table}";""");
            }
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_refuse_change();");
        }
    }
}
