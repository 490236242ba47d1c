using System.Linq.Expressions;
using DeviceConsole.Domain;

namespace DeviceConsole.Services.Access;

/// <summary>
/// Builds "this path lies in one of these subtrees" as SQL range comparisons on the indexed
/// Path column (<c>Path &gt;= '/1/' AND Path &lt; '/10'</c>), with the bounds as parameters.
/// </summary>
public static class PathFilter
{
    public static Expression<Func<T, bool>> InAnySubtree<T>(Expression<Func<T, string>> pathOf, IEnumerable<string> subtreePaths)
    {
        var parameter = pathOf.Parameters[0];
        Expression? body = null;
        foreach (var subtree in subtreePaths)
        {
            var range = InSubtreeBody(pathOf.Body, subtree);
            body = body is null ? range : Expression.OrElse(body, range);
        }
        return Expression.Lambda<Func<T, bool>>(body ?? Expression.Constant(false), parameter);
    }

    /// <summary>
    /// The same ranges as hand-written SQL for <see cref="Data.Sql.RawStatement"/>: "(column &gt;= {i} AND
    /// column &lt; {i + 1}) OR …", the bounds appended to <paramref name="arguments"/>; false for no subtree.
    /// </summary>
    public static string InAnySubtreeSql(string column, IReadOnlyList<string> subtreePaths, List<object> arguments)
    {
        var text = InAnySubtreeSql(column, subtreePaths.Count, arguments.Count);
        AddBounds(arguments, subtreePaths);
        return text;
    }

    /// <summary>The text alone, for <paramref name="subtrees"/> ranges whose bounds start at argument <paramref name="firstIndex"/>.</summary>
    public static string InAnySubtreeSql(string column, int subtrees, int firstIndex) => subtrees == 0 ? "1 = 0"
        : string.Join(" OR ", Enumerable.Range(0, subtrees)
            .Select(i => $"({column} >= {{{firstIndex + 2 * i}}} AND {column} < {{{firstIndex + 2 * i + 1}}})"));

    /// <summary>Each subtree's lower and upper bound, in the order <see cref="InAnySubtreeSql(string, int, int)"/> names them.</summary>
    public static void AddBounds(List<object> arguments, IEnumerable<string> subtreePaths)
    {
        foreach (var subtree in subtreePaths)
        {
            arguments.Add(subtree);
            arguments.Add(OrganizationPath.SubtreeUpperBound(subtree));
        }
    }

    public static Expression<Func<T, bool>> InSubtree<T>(Expression<Func<T, string>> pathOf, string subtreePath) =>
        Expression.Lambda<Func<T, bool>>(InSubtreeBody(pathOf.Body, subtreePath), pathOf.Parameters[0]);

    /// <summary>Combines two predicates over the same entity with OR, for one SQL WHERE clause.</summary>
    public static Expression<Func<T, bool>> Or<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right)
    {
        var rightBody = new ParameterReplacer(right.Parameters[0], left.Parameters[0]).Visit(right.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(left.Body, rightBody), left.Parameters[0]);
    }

    public static Expression<Func<T, bool>> Not<T>(Expression<Func<T, bool>> predicate) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(predicate.Body), predicate.Parameters[0]);

    private static Expression InSubtreeBody(Expression path, string subtreePath)
    {
        var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
        var lower = Parameter(subtreePath);
        var upper = Parameter(OrganizationPath.SubtreeUpperBound(subtreePath));
        var zero = Expression.Constant(0);
        return Expression.AndAlso(
            Expression.GreaterThanOrEqual(Expression.Call(compare, path, lower), zero),
            Expression.LessThan(Expression.Call(compare, path, upper), zero));
    }

    // A member access on a closure-like holder makes EF send a parameter instead of a literal.
    private static Expression Parameter(string value) =>
        Expression.Property(Expression.Constant(new Holder(value)), nameof(Holder.Value));

    private sealed record Holder(string Value);

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
