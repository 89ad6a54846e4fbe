#:package Microsoft.ML.OnnxRuntime@1.31.1
#:property UsesTorchEngine=false
#:property ManagePackageVersionsCentrally=false
// Classifies digits with a model that 'mnist export' wrote, with ONNX Runtime alone (no libtorch, no Mnist.Functional):
//   dotnet run scripts/onnx-classify.cs -- MODEL.onnx IMAGES-IDX-FILE [COUNT]
// README: ONNX Runtime program
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

var (modelFile, imagesFile, count) = (args[0], args[1], args.Length > 2 ? int.Parse(args[2]) : 10);
using var session = new InferenceSession(modelFile);
var idx = File.ReadAllBytes(imagesFile);   // MNIST's IDX format: a 16-byte header, then 28×28 bytes per digit
var pixels = new DenseTensor<float>([count, 1, 28, 28]);
for (var i = 0; i < count * 28 * 28; i++)
    pixels.Buffer.Span[i] = idx[16 + i];   // raw 0–255 (0 = background): the model normalises them itself
using var results = session.Run([NamedOnnxValue.CreateFromTensor("pixels", pixels)]);
var probabilities = results.Single(result => result.Name == "probabilities").AsTensor<float>();
for (var digit = 0; digit < count; digit++)
{
    var row = Enumerable.Range(0, 10).Select(label => probabilities[digit, label]).ToArray();
    Console.WriteLine($"digit {digit}: class {Array.IndexOf(row, row.Max())} ({row.Max():P2})");
}
// README: end
