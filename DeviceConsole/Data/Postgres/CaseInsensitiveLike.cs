using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Npgsql.EntityFrameworkCore.PostgreSQL.Query;

namespace DeviceConsole.Data.Postgres;

/// <summary>
/// <c>EF.Functions.Like</c> means the same on both providers: SQLite's LIKE ignores case, so on
/// PostgreSQL it becomes ILIKE, which the pg_trgm GIN indexes serve for substring patterns.
/// </summary>
public sealed class CaseInsensitiveLike : IDbContextOptionsExtension
{
    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services) =>
        new EntityFrameworkRelationalServicesBuilder(services).TryAdd<IMethodCallTranslatorPlugin, Plugin>();

    public void Validate(IDbContextOptions options) { }

    public static void AddTo(DbContextOptionsBuilder options) =>
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new CaseInsensitiveLike());

    private sealed class Plugin(ISqlExpressionFactory sql) : IMethodCallTranslatorPlugin
    {
        public IEnumerable<IMethodCallTranslator> Translators { get; } = [new Translator((NpgsqlSqlExpressionFactory)sql)];
    }

    private sealed class Translator(NpgsqlSqlExpressionFactory sql) : IMethodCallTranslator
    {
        private static readonly MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(
            nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string)])!;
        private static readonly MethodInfo LikeWithEscape = typeof(DbFunctionsExtensions).GetMethod(
            nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

        public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments,
            IDiagnosticsLogger<DbLoggerCategory.Query> logger)
        {
            if (method == Like)
                return sql.ILike(arguments[1], arguments[2]);
            if (method == LikeWithEscape)
                return sql.ILike(arguments[1], arguments[2], arguments[3]);
            return null;
        }
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;
        public override string LogFragment => "CaseInsensitiveLike ";
        public override int GetServiceProviderHashCode() => 0;
        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;
        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) => debugInfo["DeviceConsole:CaseInsensitiveLike"] = "1";
    }
}
