using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ForgeScheduler.Formats;
using Microsoft.Extensions.Configuration;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

/// <summary>What the pipeline refuses before a handler runs (no route, wrong method, wrong content type,
/// a value that does not bind, a URL or body too large, bytes that are not UTF-8) is problem details with
/// `errors` naming the field, like every refusal of a handler.</summary>
public sealed class EdgeProblemTests(MemoryHostFixture fixture) : IClassFixture<MemoryHostFixture>
{
    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task UnknownRouteIs404NamingTheUrl()
    {
        using var response = await Client.GetAsync("api/v1/nowhere");
        var problem = await ServiceTests.AssertProblemAsync(response, 404, "url");
        Assert.Contains("/api/v1/nowhere", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongMethodIs405NamingTheMethodAndWhatIsAllowed()
    {
        using var response = await Client.PatchAsync($"api/v1/plants/{Plant.Id}/reschedule", Json("{}"));
        var problem = await ServiceTests.AssertProblemAsync(response, 405, "method");
        Assert.Contains("POST", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongContentTypeIs415NamingContentType()
    {
        using var content = new StringContent(PlantJson, Encoding.UTF8, "text/plain");
        using var response = await Client.PutAsync($"api/v1/plants/{Plant.Id}", content);
        var problem = await ServiceTests.AssertProblemAsync(response, 415, "Content-Type");
        Assert.Contains("text/plain", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryValueThatDoesNotBindIs400NamingTheQueryParameter()
    {
        using var response = await Client.GetAsync($"api/v1/plants/{Plant.Id}/schedule?version=three");
        var problem = await ServiceTests.AssertProblemAsync(response, 400, "version");
        Assert.Contains("'three'", problem["errors"]!["version"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UrlLongerThan8KiBIs414NamingTheUrl()
    {
        using var response = await Client.GetAsync($"api/v1/plants/{new string('p', 9000)}/status");
        await ServiceTests.AssertProblemAsync(response, 414, "url");
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimitIs413NamingTheBody()
    {
        // No Content-Length: Kestrel's body limit stops it while it is read.
        using var content = new StreamContent(new RepeatingStream((byte)' ', ApiInput.MaxBodyBytes + 1024 * 1024));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/plants/{Plant.Id}/orders") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await Client.SendAsync(request);
        var problem = await ServiceTests.AssertProblemAsync(response, 413, "body");
        Assert.Contains(ApiInput.MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            problem["errors"]!["body"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidUtf8Is400NotAReplacementCharacter()
    {
        var order = Encoding.UTF8.GetBytes(OrderJson(Day.Orders[0] with { Id = "UTF-X" })).ToList();
        var at = order.IndexOf((byte)'X');
        order[at] = 0xC3; // a lead byte with no continuation: not UTF-8
        using var content = new ByteArrayContent([.. order]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Client.PostAsync($"api/v1/plants/{Plant.Id}/orders", content);
        await ServiceTests.AssertProblemAsync(response, 400, "body");
    }

    [Fact]
    public void KestrelEndpointFromTheEnvironmentStopsTheServiceNamingTheVariable()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:5999")]).Build();
        var refused = Assert.Throws<ForgeInputException>(() => ForgeApiHost.CheckNoConfiguredEndpoints(configuration));
        Assert.Contains("Kestrel__Endpoints__Http__Url", refused.Message, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0:5999", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KestrelEndpointVariableIsRefusedByTheRealHostBuilder()
    {
        Environment.SetEnvironmentVariable("Kestrel__Endpoints__Http__Url", "http://0.0.0.0:5998");
        try
        {
            var refused = await Assert.ThrowsAsync<ForgeInputException>(() => ApiTestHost.StartAsync());
            Assert.Contains("Kestrel__Endpoints__Http__Url", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Kestrel__Endpoints__Http__Url", null);
        }
    }

    [Fact]
    public async Task UrlsVariablesDoNotMoveTheServiceOffLoopback()
    {
        // ASPNETCORE_URLS / URLS lose to --urls: the service still binds 127.0.0.1 only.
        Environment.SetEnvironmentVariable("ASPNETCORE_URLS", "http://0.0.0.0:5997");
        Environment.SetEnvironmentVariable("URLS", "http://0.0.0.0:5996");
        try
        {
            await using var host = await ApiTestHost.StartAsync();
            Assert.StartsWith("http://127.0.0.1:", host.Options.Urls, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("health/live")).StatusCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ASPNETCORE_URLS", null);
            Environment.SetEnvironmentVariable("URLS", null);
        }
    }

    /// <summary>A stream of one byte repeated, read without knowing its length (so it is sent chunked).</summary>
    private sealed class RepeatingStream(byte value, long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            Array.Fill(buffer, value, offset, n);
            _left -= n;
            return n;
        }
    }
}
