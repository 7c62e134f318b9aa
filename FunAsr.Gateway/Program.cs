using FunAsr.Gateway.Extensions;

namespace FunAsr.Gateway;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddGatewayServices();

        var app = builder.Build();
        app.UseGatewayPipeline();
        await app.RunAsync();
    }
}
