using Microsoft.Extensions.DependencyInjection.Extensions;
using FunAsr.AsrService.Api;
using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Jobs;
using FunAsr.AsrService.Models;

namespace FunAsr.AsrService;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddAsrEngine(builder.Configuration);
        builder.AddAsrRedis();
        builder.Services.AddAsrApi();
        builder.Services.AddAsrJobs();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.MapDefaultEndpoints();
        app.MapAsrApi();
        app.MapModelStatus();
        app.MapGet("/", () => Results.Redirect("/scalar/v1")).ExcludeFromDescription();
        await app.RunAsync();
    }
}
