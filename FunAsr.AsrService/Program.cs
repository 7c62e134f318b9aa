using FunAsr.AsrService.Api;
using FunAsr.AsrService.Cli;
using FunAsr.AsrService.Extensions;

namespace FunAsr.AsrService;

public sealed class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["transcribe", .. var files])
        {
            return await TranscribeCommand.RunAsync(files);
        }
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapAsrApi();
        await app.RunAsync();
        return 0;
    }
}
