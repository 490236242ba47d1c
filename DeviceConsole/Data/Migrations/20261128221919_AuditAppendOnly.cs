using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceConsole.Data.Migrations
{
    /// <summary>
    /// L3 at the database: audit rows can be inserted, never updated or deleted, whatever the
    /// code path (tracked saves are refused earlier by AppDbContext; these also stop ExecuteUpdate,
    /// ExecuteDelete and raw SQL).
    /// </summary>
    public partial class AuditAppendOnly : Migration
    {
        private static readonly string[] Tables = ["AuditEntries", "AuditOrganizations"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_NoUpdate" BEFORE UPDATE ON "{table}"
                    BEGIN SELECT RAISE(ABORT, 'Audit entries are append-only: they cannot be modified or deleted.'); END;
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_NoDelete" BEFORE DELETE ON "{table}"
                    BEGIN SELECT RAISE(ABORT, 'Audit entries are append-only: they cannot be modified or deleted.'); END;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_NoUpdate";""");
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{table}_NoDelete";""");
            }
        }
    }
}
