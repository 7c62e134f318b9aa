namespace FunAsr.Gateway;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapReverseProxy();
        await app.RunAsync();
    }
}
