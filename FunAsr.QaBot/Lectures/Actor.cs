using System.Security.Claims;

namespace FunAsr.QaBot.Lectures;

/// <summary>
/// Who a request acts for, as one value: the signed-in user when the request carries one, else the name the gateway
/// puts in <see cref="Header"/> (the signed-in person's or the API key's name, percent-encoded; the gateway removes any
/// value a client sends), else "anonymous". Edits are recorded under it and private lectures belong to it.
/// </summary>
public static class Actor
{
    public const string Header = "X-FunAsr-Actor";
    public const string Anonymous = "anonymous";

    public static string Of(HttpContext context)
    {
        var user = context.User;
        if (user.Identity is { IsAuthenticated: true } identity)
        {
            return identity.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub") ?? Anonymous;
        }
        var named = Uri.UnescapeDataString(context.Request.Headers[Header].ToString()).Trim();
        return named.Length is > 0 and <= 200 ? named : Anonymous;
    }
}
