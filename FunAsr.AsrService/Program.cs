namespace FunAsr.AsrService;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/", () => Results.Text("FunAsr.AsrService"));
        await app.RunAsync();
    }
}
