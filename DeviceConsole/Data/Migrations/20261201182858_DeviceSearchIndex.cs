using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceConsole.Data.Migrations
{
    /// <summary>
    /// The FTS5 trigram index of device names and serials (Data/Search/SqliteDeviceSearch), an
    /// external-content table over Devices kept in step by triggers. A later migration that
    /// rebuilds the Devices table must re-create these triggers.
    /// </summary>
    public partial class DeviceSearchIndex : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE DeviceSearch USING fts5(Name, SerialNumber, content='Devices', content_rowid='Id', tokenize='trigram');
                INSERT INTO DeviceSearch(DeviceSearch) VALUES ('rebuild');
                CREATE TRIGGER Devices_Search_Insert AFTER INSERT ON Devices BEGIN
                    INSERT INTO DeviceSearch(rowid, Name, SerialNumber) VALUES (new.Id, new.Name, new.SerialNumber);
                END;
                CREATE TRIGGER Devices_Search_Delete AFTER DELETE ON Devices BEGIN
                    INSERT INTO DeviceSearch(DeviceSearch, rowid, Name, SerialNumber) VALUES ('delete', old.Id, old.Name, old.SerialNumber);
                END;
                CREATE TRIGGER Devices_Search_Update AFTER UPDATE OF Name, SerialNumber ON Devices BEGIN
                    INSERT INTO DeviceSearch(DeviceSearch, rowid, Name, SerialNumber) VALUES ('delete', old.Id, old.Name, old.SerialNumber);
                    INSERT INTO DeviceSearch(rowid, Name, SerialNumber) VALUES (new.Id, new.Name, new.SerialNumber);
                END;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS Devices_Search_Update;
                DROP TRIGGER IF EXISTS Devices_Search_Delete;
                DROP TRIGGER IF EXISTS Devices_Search_Insert;
                DROP TABLE IF EXISTS DeviceSearch;
                """);
        }
    }
}
