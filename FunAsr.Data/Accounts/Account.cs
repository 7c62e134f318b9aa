using Microsoft.AspNetCore.Identity;

namespace FunAsr.Data.Accounts;

/// <summary>A person who signs in, locally (password) or through the organisation's identity provider.</summary>
public sealed class Account : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>Lectures shared with a department are visible to its members (from the IdP's claim or set by an admin).</summary>
    public string? Department { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>A disabled account cannot sign in, its sessions end at the next check and its keys stop working.</summary>
    public bool Disabled { get; set; }
}
