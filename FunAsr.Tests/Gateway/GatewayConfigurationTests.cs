using FunAsr.Gateway.Configuration;
using Microsoft.Extensions.Configuration;

namespace FunAsr.Tests.Gateway;

public sealed class GatewayConfigurationTests
{
    private static readonly GatewayOptionsValidator Validator = new();

    [Fact]
    public void A_key_and_defaults_are_valid()
    {
        var result = Validator.Validate(null, new GatewayOptions { ApiKeys = ["dev-0123456789abcdef0123"] });
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void No_configured_keys_is_valid_because_people_sign_in_and_admins_mint_keys()
    {
        Assert.True(Validator.Validate(null, new GatewayOptions()).Succeeded);
        Assert.True(Validator.Validate(null, new GatewayOptions { DemoMode = true }).Succeeded);
    }

    [Fact]
    public void A_quota_set_in_configuration_keeps_the_other_limits_of_that_role()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Quotas:admin:RequestsPerMinute"] = "3",
        }).Build();
        var options = configuration.GetSection("Gateway").Get<GatewayOptions>()!;
        Assert.Equal(3, options.Quotas["admin"].RequestsPerMinute);
        Assert.Equal(RoleQuota.Defaults()["admin"].AudioSecondsPerHour, options.Quotas["admin"].AudioSecondsPerHour);
        Assert.Equal(RoleQuota.Defaults()["employee"].RequestsPerMinute, options.Quotas["employee"].RequestsPerMinute);
        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("short", "at least 16 characters")]
    [InlineData("has a space in the middle", "without spaces")]
    public void Weak_keys_are_refused_naming_the_setting(string key, string expected)
    {
        var result = Validator.Validate(null, new GatewayOptions { ApiKeys = [key] });
        Assert.True(result.Failed);
        Assert.Contains("Gateway:ApiKeys:0", result.FailureMessage);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Fact]
    public void Duplicate_keys_limits_below_each_other_and_origins_with_paths_are_refused()
    {
        var result = Validator.Validate(null, new GatewayOptions
        {
            ApiKeys = ["dev-0123456789abcdef0123", "dev-0123456789abcdef0123"],
            Limits = new BodyLimitSettings { MaxBodyBytes = 1000, UploadMaxBodyBytes = 10 },
            Quotas = new Dictionary<string, RoleQuota>(RoleQuota.Defaults()) { ["employee"] = new() { RequestsPerMinute = 0 }, ["guest"] = new() { RequestsPerMinute = 1 } },
            CorsOrigins = ["https://intranet.example.com/app"],
            DemoRole = "visitor",
            ForwardedHeaders = new ForwardedHeadersSettings { KnownProxies = ["not-an-address"], KnownNetworks = ["10.0.0.0/33"] },
        });
        Assert.Contains("same key twice", result.FailureMessage);
        Assert.Contains("UploadMaxBodyBytes", result.FailureMessage);
        Assert.Contains("Gateway:Quotas:employee", result.FailureMessage);
        Assert.Contains("Gateway:Quotas:guest names no role", result.FailureMessage);
        Assert.Contains("Gateway:DemoRole 'visitor'", result.FailureMessage);
        Assert.Contains("not-an-address", result.FailureMessage);
        Assert.Contains("10.0.0.0/33", result.FailureMessage);
        Assert.Contains("https://intranet.example.com/app", result.FailureMessage);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("Kestrel:Certificates:Default:Path", "/etc/ssl/gateway.pfx", true)]
    [InlineData("Kestrel:Endpoints:Https:Url", "https://0.0.0.0:443", true)]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:8080", false)]
    [InlineData("Kestrel:Endpoints:Main:Certificate:Subject", "gateway.example.com", true)]
    public void Https_is_only_switched_on_when_a_certificate_is_configured(string? key, string? value, bool expected)
    {
        var settings = new Dictionary<string, string?>();
        if (key is not null)
        {
            settings[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Assert.Equal(expected, HttpsConfiguration.CertificateConfigured(configuration));
    }
}
