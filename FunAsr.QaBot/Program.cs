using FunAsr.QaBot.Extensions;

namespace FunAsr.QaBot;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();

        var app = builder.Build();
        app.UseQaPipeline();
        app.MapDefaultEndpoints();
        app.MapQaApi();
        await app.RunAsync();
    }
}
