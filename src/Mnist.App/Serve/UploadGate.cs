using System.Threading.RateLimiting;
using Mnist.Functional.Images;

namespace Mnist.App.Serve;

/// <summary>
/// The one gate every upload passes before it takes memory: its body's bytes are admitted before the body is read,
/// and its image's pixels (from the header) before it is decoded, each within a budget in flight, oldest first. So
/// the server's memory is bounded by the work in flight, whatever the number or size of the uploads that wait.
/// </summary>
/// <remarks>
/// The budgets hold two of the largest uploads' bytes and one largest image's pixels: decoding an image takes several
/// bytes per pixel (RGBA, then grey and alpha), so one largest image at a time; small ones share the budget and pass
/// side by side. Weights count in thousands (a permit is a kilobyte or a kilopixel), so that any limit fits the
/// limiter's whole numbers; a weight above a budget is taken as the whole budget. Built on
/// <see cref="ConcurrencyLimiter"/> (System.Threading.RateLimiting).
/// </remarks>
public sealed class UploadGate : IDisposable
{
    private const long Unit = 1000;

    private readonly (ConcurrencyLimiter Limiter, int Permits) bytes;
    private readonly (ConcurrencyLimiter Limiter, int Permits) pixels;

    /// <summary>Creates the gate for uploads within <paramref name="limits"/>.</summary>
    public UploadGate(ImageLimits limits)
    {
        bytes = Limiter(2 * limits.MaxBytes);
        pixels = Limiter(limits.MaxPixels);
    }

    /// <summary>The most bytes of bodies in flight at once.</summary>
    public long ByteBudget => bytes.Permits * Unit;

    /// <summary>The most pixels of images being decoded at once.</summary>
    public long PixelBudget => pixels.Permits * Unit;

    /// <summary>Waits until a body of <paramref name="length"/> bytes may be read; dispose the result once the body is let go.</summary>
    public Task<RateLimitLease> EnterBodyAsync(long length, CancellationToken cancellation) => EnterAsync(bytes, length, cancellation);

    /// <summary>Waits until an image of <paramref name="count"/> pixels may be decoded; dispose the result once its digit is prepared.</summary>
    public Task<RateLimitLease> EnterPixelsAsync(long count, CancellationToken cancellation) => EnterAsync(pixels, count, cancellation);

    /// <summary>Frees the limiters.</summary>
    public void Dispose()
    {
        bytes.Limiter.Dispose();
        pixels.Limiter.Dispose();
    }

    private static (ConcurrencyLimiter, int) Limiter(long budget) => (new ConcurrencyLimiter(new ConcurrencyLimiterOptions
    {
        PermitLimit = Permits(budget),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    }), Permits(budget));

    private static async Task<RateLimitLease> EnterAsync((ConcurrencyLimiter Limiter, int Permits) gate, long weight, CancellationToken cancellation)
    {
        var lease = await gate.Limiter.AcquireAsync(Math.Min(Permits(weight), gate.Permits), cancellation);
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        throw new InvalidOperationException("The upload gate refused a request although its queue is unbounded.");
    }

    private static int Permits(long weight) => (int)Math.Clamp((weight + Unit - 1) / Unit, 1, int.MaxValue);
}
