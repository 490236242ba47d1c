using Microsoft.AspNetCore.Components;

namespace DeviceConsole.Components.Shared;

/// <summary>
/// MudBlazor's SVG icon as one markup frame, for controls written as plain HTML: a MudIcon is a component
/// (two render trees, parameters, state) that every open circuit holds, for markup that never changes.
/// Hidden from screen readers: the button, link or item around it carries the name.
/// </summary>
public static class MarkupIcon
{
    public static MarkupString Of(string svg, string size = "small", string? classes = null) => new(
        $"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-{size}{(classes is null ? "" : " " + classes)}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{svg}</svg>");

    /// <summary>The icon inside MudIconButton's label span.</summary>
    public static MarkupString InIconButton(string svg, string size = "small") => new($"<span class=\"mud-icon-button-label\">{Of(svg, size)}</span>");

    /// <summary>The icon at the start of a MudButton's label.</summary>
    public static MarkupString StartOfButton(string svg, string size = "small") =>
        new($"<span class=\"mud-button-icon-start mud-button-icon-size-{size}\">{Of(svg, size)}</span>");
}
