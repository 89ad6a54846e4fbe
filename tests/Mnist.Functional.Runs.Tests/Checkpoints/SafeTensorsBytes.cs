using System.Buffers.Binary;
using System.Text;

namespace Mnist.Functional.Runs.Tests.Checkpoints;

/// <summary>Builds safetensors files byte by byte, so that tests can state any header, honest or not.</summary>
internal static class SafeTensorsBytes
{
    /// <summary>8 bytes of header length (<paramref name="claimedLength"/>, or the JSON's own length), the JSON, then <paramref name="dataLength"/> bytes of data.</summary>
    public static byte[] Of(string headerJson, long dataLength, ulong? claimedLength = null)
    {
        var json = Encoding.UTF8.GetBytes(headerJson);
        var bytes = new byte[8 + json.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimedLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        for (var i = 8 + json.Length; i < bytes.Length; i++)
            bytes[i] = (byte)(i * 7);
        return bytes;
    }

    /// <summary>One header entry: <c>"name": {"dtype": .., "shape": [..], "data_offsets": [begin, end]}</c>.</summary>
    public static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\": {{\"dtype\": \"{dtype}\", \"shape\": [{shape}], \"data_offsets\": [{begin}, {end}]}}";
}
