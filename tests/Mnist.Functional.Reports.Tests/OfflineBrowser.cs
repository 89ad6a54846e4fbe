using Microsoft.Playwright;

namespace Mnist.Functional.Reports.Tests;

/// <summary>Headless Chromium opening a local page with every request but <c>file://</c> aborted, recording console errors, page errors and blocked requests.</summary>
internal sealed class OfflineBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private OfflineBrowser(IPlaywright playwright, IBrowser browser, IPage page) => (this.playwright, this.browser, Page) = (playwright, browser, page);

    public IPage Page { get; }

    public List<string> ConsoleErrors { get; } = [];

    public List<string> PageErrors { get; } = [];

    public List<string> Blocked { get; } = [];

    /// <summary>Opens <paramref name="path"/> at 1280 × 900 and waits for <paramref name="charts"/> plotly charts to draw; marks <paramref name="ranMarker"/> once a browser runs.</summary>
    public static async Task<OfflineBrowser> OpenAsync(string path, int charts, string ranMarker)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Timeout = 60_000,
            // --no-sandbox: Chromium refuses to run as root (as in CI containers) with its sandbox on.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        await File.WriteAllTextAsync(ranMarker, DateTimeOffset.UtcNow.ToString("O"));
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var opened = new OfflineBrowser(playwright, browser, page);
        page.Console += (_, message) => { if (message.Type == "error") opened.ConsoleErrors.Add(message.Text); };
        page.PageError += (_, error) => opened.PageErrors.Add(error);
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file://", StringComparison.Ordinal)) { await route.ContinueAsync(); return; }
            opened.Blocked.Add(route.Request.Url);
            await route.AbortAsync();
        });
        await page.GotoAsync(new Uri(path).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
        await page.WaitForFunctionAsync(
            "n => [...document.querySelectorAll('.js-plotly-plot')].filter(plot => plot.querySelector('svg.main-svg')).length === n",
            charts, new() { Timeout = 30_000 });
        return opened;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
