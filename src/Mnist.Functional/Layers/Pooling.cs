namespace Mnist.Functional.Layers;

/// <summary>What the pooling layers share: how they describe their settings.</summary>
internal static class Pooling
{
    /// <summary><c>MaxPool2d(2)</c>, with only the settings that differ from PyTorch's defaults after the kernel size.</summary>
    public static string Describe(string name, Size2d kernelSize, Size2d? stride, Size2d padding, params (bool Differs, string Text)[] more)
    {
        var settings = new List<string> { kernelSize.ToString() };
        if (stride is { } step && step != kernelSize) settings.Add($"stride={step}");
        if (padding != 0) settings.Add($"padding={padding}");
        settings.AddRange(more.Where(setting => setting.Differs).Select(setting => setting.Text));
        return $"{name}({string.Join(", ", settings)})";
    }
}
