namespace Mnist.Functional.Tensors;

/// <summary>Frees the small native objects that TorchSharp leaves to finalizers, so that a long loop's resident memory stays flat.</summary>
/// <remarks>
/// TorchSharp 0.107 frees the scalar inside <c>Tensor.item</c>, <c>add(tensor)</c>, <c>pow</c> and <c>autograd.grad</c>
/// only in finalizers (dotnet/TorchSharp#1434). The managed heap grows too slowly for the collector to run for hundreds
/// of steps, and meanwhile those small blocks, scattered between the steps' tensor buffers, keep glibc from reusing
/// freed memory, so resident memory climbs until the first collection. A young-generation collection now and then (the
/// training fold's <c>Housekeeping</c>, each slice of an attribution or an attack) keeps it flat at a cost far below a step's.
/// </remarks>
internal static class FinalizerLeftovers
{
    /// <summary>Runs a young-generation collection and waits for the finalizers it queued.</summary>
    public static void Collect()
    {
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
    }
}
