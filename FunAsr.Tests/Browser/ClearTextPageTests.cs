using System.Text.Json;
using FunAsr.Messaging;
using FunAsr.Security.Authorization;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Compliance;
using FunAsr.Tests.Gateway;
using FunAsr.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FunAsr.Tests.Browser;

/// <summary>
/// Redaction as a content user meets it on the page, on the real services (the known-answer engine, a listed customer):
/// the uploaded meeting is masked everywhere an employee reads it, and an admin reads its clear text in the library, the
/// view recorded on the compliance access stream.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ClearTextPageTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    private const string Title = "supplier-call";
    private readonly string _folder = Directory.CreateTempSubdirectory("funasr-clear-page-").FullName;
    private readonly List<IPage> _pages = [];
    private ServicesStack _stack = null!;

    public async Task InitializeAsync()
    {
        _stack = await ServicesStack.StartAsync(ListedTermsService.Terms);
        await _stack.Gateway.CreateAccountAsync("carl.content", Roles.Content);
        await _stack.Gateway.CreateAccountAsync("ada.admin", Roles.Admin);
        await _stack.Gateway.CreateAccountAsync("emma.employee", Roles.Employee);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await chromium.CloseAsync(_pages);
        }
        finally
        {
            await _stack.DisposeAsync();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<IPage> SignInAsync(string userName)
    {
        var page = await chromium.PasswordSignInAsync(_stack.Gateway.Address, userName, GatewayHost.Password);
        _pages.Add(page);
        page.SetDefaultTimeout(30_000);
        return page;
    }

    private static async Task OpenLectureAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "课程库" }).ClickAsync();
        // The job publishes the lecture in the background; the open list refreshes itself.
        var open = page.GetByRole(AriaRole.Button, new() { Name = Title });
        await Assertions.Expect(open).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await open.ClickAsync();
        await Assertions.Expect(page.Locator("#edit-segments li").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_masked_upload_reads_masked_for_an_employee_and_an_admin_reads_its_clear_text_once_recorded()
    {
        var file = Path.Combine(_folder, Title + ".wav");
        await File.WriteAllBytesAsync(file, ToneWords.Synthesize("▁hello ▁world ▁the ▁weather ▁is ▁nice ▁to day").ToWav());

        var carl = await SignInAsync("carl.content");
        await carl.Locator("#file-input").SetInputFilesAsync(file);
        await carl.Locator("#view-transcribe").GetByLabel("遮盖个人信息").CheckAsync();
        await carl.GetByRole(AriaRole.Button, new() { Name = "开始转写" }).ClickAsync();
        await Assertions.Expect(carl.Locator("#transcript-lines .line .text").First).ToHaveTextAsync("[CUSTOMER] the weather is nice today");
        await ChromiumBrowser.AssertAccessibleAsync(carl);
        await ChromiumBrowser.ScreenshotAsync(carl, "redact-upload");

        // The job publishes the lecture; the employee reads it masked and is offered no clear text.
        var emma = await SignInAsync("emma.employee");
        await OpenLectureAsync(emma);
        await Assertions.Expect(emma.Locator("#edit-segments textarea").First).ToHaveValueAsync("[CUSTOMER] the weather is nice today");
        Assert.DoesNotContain("hello", await emma.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(emma.Locator("#lecture-clear")).ToBeHiddenAsync();

        var ada = await SignInAsync("ada.admin");
        await OpenLectureAsync(ada);
        var clear = ada.Locator("#lecture-clear");
        await Assertions.Expect(clear).ToBeVisibleAsync();
        await using var redis = await _stack.Redis.ConnectAsync();
        Assert.Empty(await redis.GetDatabase().StreamRangeAsync(ComplianceChannels.AccessStream)); // opening the lecture shows nothing clear
        await clear.GetByRole(AriaRole.Button, new() { Name = "显示原文" }).ClickAsync();
        await Assertions.Expect(clear.Locator("#clear-segments li").First).ToContainTextAsync("hello world the weather is nice today");
        await Assertions.Expect(clear.Locator("#clear-recorded")).ToHaveTextAsync("本次查看已记入审计记录。");
        await ChromiumBrowser.AssertAccessibleAsync(ada);
        await ChromiumBrowser.ScreenshotAsync(ada, "redact-clear-text");

        var entry = Assert.Single(await redis.GetDatabase().StreamRangeAsync(ComplianceChannels.AccessStream));
        var access = JsonSerializer.Deserialize<ClearTextAccess>(entry[ComplianceChannels.AccessField].ToString(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal((Title, Roles.Admin), (access.Title, access.Role));
        Assert.Equal("ada.admin", access.ViewerName);
    }
}
