using FunAsr.Learning.Api;
using FunAsr.Learning.Compliance;
using FunAsr.Learning.Extensions;

namespace FunAsr.Learning;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();

        var app = builder.Build();
        app.UseLearningPipeline();
        app.MapDefaultEndpoints();
        app.MapLearningApi();
        app.MapComplianceApi();
        await app.RunAsync();
    }
}
