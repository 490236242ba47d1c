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
