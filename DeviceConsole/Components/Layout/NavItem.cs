using DeviceConsole.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace DeviceConsole.Components.Layout;

/// <summary>
/// One entry of the navigation drawer in MudNavLink's markup: a NavLink (it marks the current page) with
/// the icon as markup. A MudNavLink is three components (itself, its NavLink, its MudIcon) that every open
/// circuit holds; this is the NavLink alone.
/// </summary>
public static class NavItem
{
    public static RenderFragment Of(string href, string icon, string text, NavLinkMatch match = NavLinkMatch.Prefix, string? testId = null)
    {
        var markup = new MarkupString($"{MarkupIcon.Of(icon, "medium", "mud-icon-default mud-nav-link-icon mud-nav-link-icon-default")}<div class=\"mud-nav-link-text\">{System.Net.WebUtility.HtmlEncode(text)}</div>");
        return builder =>
        {
            builder.OpenElement(0, "div");
            builder.AddAttribute(1, "class", "mud-nav-item");
            if (testId is not null)
                builder.AddAttribute(2, "data-testid", testId);
            builder.OpenComponent<NavLink>(3);
            builder.AddComponentParameter(4, nameof(NavLink.Match), match);
            builder.AddAttribute(5, "href", href);
            builder.AddAttribute(6, "class", "mud-nav-link mud-ripple");
            builder.AddComponentParameter(7, nameof(NavLink.ChildContent), (RenderFragment)(content => content.AddContent(8, markup)));
            builder.CloseComponent();
            builder.CloseElement();
        };
    }
}
