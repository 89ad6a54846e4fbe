#:package SkiaSharp
#:package SkiaSharp.NativeAssets.Linux.NoDependencies
#:package System.IO.Hashing
#:property UsesTorchEngine=false
#:property PublishAot=false
// A test set made the way people will use `mnist predict`: each digit 0–9 rendered in handwriting, script
// and print fonts from Debian's font packages, clean and under photo-like conditions, then read by one or
// more `mnist` executables and scored per condition. It writes the images to OUT/<condition>/ (the digit
// is the first character of each file name) and prints a Markdown table of accuracy per condition.
// `--layout class` writes OUT/<digit>/<condition>-<font>.<ext> instead: a folder of labelled images, as
// `mnist evaluate --dataset OUT` and `mnist train --dataset OUT` read it. `--seed N` (14 unless given) draws other
// sizes, angles, shadows and papers; `--fonts FILE,FILE` and `--conditions NAME,NAME` render other writers or
// only some conditions, so that a set made of other writers and conditions can be held back for testing.
//
//   sudo apt-get install fonts-comic-neue fonts-dkg-handwriting fonts-breip fonts-bwht fonts-dancingscript \
//     fonts-femkeklaver fonts-humor-sans fonts-kristi fonts-kaushanscript fonts-freefont-ttf fonts-liberation2 fonts-courier-prime
//   dotnet run scripts/own-digits.cs -- --checkpoint RUN/checkpoint --out /tmp/own-digits \
//     before=/path/to/old/mnist after=src/Mnist.App/bin/Release/net10.0/mnist
//   dotnet run scripts/own-digits.cs -- --layout class --out own-digits
//   dotnet run scripts/own-digits.cs -- --layout class --seed 15 --out other-writers \
//     --fonts /usr/share/fonts/opentype/bwht/BecauseWeConnect-Regular.otf,/usr/share/fonts/truetype/fifthhorseman/dkgIt.ttf
//
// Each LABEL=EXECUTABLE is run as `EXECUTABLE predict --json --checkpoint DIR FILE...` once per condition; a
// file it refuses (exit code 2, named in the message) counts as wrong and the rest are read again without it.
using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text.Json.Nodes;
using SkiaSharp;

const int Side = 280;            // the square canvas of every condition but "desk"
const int DeskSide = 400;        // the desk picture: paper inset in a dark desk
string[] DefaultFonts =
[
    "/usr/share/fonts/truetype/fifthhorseman/dkg.ttf",                  // handwriting
    "/usr/share/fonts/truetype/breip/Breip.ttf",                        // handwriting
    "/usr/share/fonts/opentype/bwht/BecauseWeBuild-Regular.otf",        // handwriting
    "/usr/share/fonts/opentype/bwht/BecauseWeLearn-Regular.otf",        // handwriting
    "/usr/share/fonts/opentype/bwht/BecauseWeMentor-Regular.otf",       // handwriting
    "/usr/share/fonts/truetype/femkeklaver/femkeklaver.ttf",            // handwriting
    "/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf",              // handwriting
    "/usr/share/fonts/opentype/comic-neue/ComicNeue-Regular.otf",       // handwriting-like print
    "/usr/share/fonts/truetype/kristi/Kristi.ttf",                      // script
    "/usr/share/fonts/opentype/dancingscript/DancingScript-Regular.otf",// script
    "/usr/share/fonts/opentype/kaushanscript/KaushanScript-Regular.otf",// brush script
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",                  // print
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",// print
    "/usr/share/fonts/opentype/courier-prime/Courier Prime.otf",        // print, typewriter
];
string[] AllConditions = ["clean", "shadow", "grain", "ruled", "squared", "desk", "frame", "jpeg60", "exif", "white-on-transparent", "colour-on-transparent", "png16"];

var options = ParseArguments(args);
var outFolder = options.Get("--out") ?? Path.Combine(Path.GetTempPath(), "own-digits");
var seed = int.Parse(options.Get("--seed") ?? "14", System.Globalization.CultureInfo.InvariantCulture);
var layout = options.Get("--layout") ?? "condition";
if (layout is not ("class" or "condition"))
{
    Console.Error.WriteLine($"--layout {layout}: write class (OUT/<digit>/) or condition (OUT/<condition>/)");
    return 2;
}
var byClass = layout == "class";
var fonts = options.Get("--fonts")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? DefaultFonts;
var conditions = options.Get("--conditions")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? AllConditions;
if (conditions.Except(AllConditions).ToList() is [_, ..] unknown)
{
    Console.Error.WriteLine($"--conditions: unknown {string.Join(", ", unknown)}; the conditions are {string.Join(", ", AllConditions)}");
    return 2;
}
var missing = fonts.Where(font => !File.Exists(font)).ToList();
if (missing.Count > 0)
{
    Console.Error.WriteLine($"missing fonts (install the packages named at the top of this script): {string.Join(", ", missing)}");
    return 1;
}

var random = new Random(seed);
var files = conditions.ToDictionary(condition => condition, _ => new List<(string File, int Digit)>());
foreach (var folder in byClass ? Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)) : conditions)
    Directory.CreateDirectory(Path.Combine(outFolder, folder));
for (var f = 0; f < fonts.Length; f++)
    for (var digit = 0; digit <= 9; digit++)
        foreach (var condition in conditions)
        {
            var (bytes, extension) = Render(condition, fonts[f], digit, random);
            var font = Path.GetFileNameWithoutExtension(fonts[f]);
            var file = byClass
                ? Path.Combine(outFolder, $"{digit}", $"{condition}-{font}.{extension}")
                : Path.Combine(outFolder, condition, $"{digit}-{font}.{extension}");
            File.WriteAllBytes(file, bytes);
            files[condition].Add((file, digit));
        }
Console.WriteLine($"wrote {files.Values.Sum(list => list.Count)} images ({fonts.Length} fonts × 10 digits × {conditions.Length} conditions, seed {seed}) to {outFolder}");

var checkpoint = options.Get("--checkpoint");
if (checkpoint is null || options.Predictors.Count == 0) return 0;
var scores = options.Predictors.ToDictionary(p => p.Label, p => conditions.ToDictionary(c => c, c => Score(p.Executable, checkpoint, files[c])));
Console.WriteLine();
Console.WriteLine($"| condition | images | {string.Join(" | ", options.Predictors.Select(p => p.Label))} |");
Console.WriteLine($"|---|---:|{string.Concat(options.Predictors.Select(_ => "---:|"))}");
foreach (var condition in conditions)
    Console.WriteLine($"| {condition} | {files[condition].Count} | {string.Join(" | ", options.Predictors.Select(p => $"{scores[p.Label][condition]:P1}"))} |");
return 0;

// ---- rendering ---------------------------------------------------------------------------------------------

// The ink coverage (0–1) of one digit: the glyph filled and stroked like a pen, 45–65% of the canvas tall,
// turned by up to ±8° and moved by up to ±8% of the canvas.
static float[] Coverage(string font, int digit, int side, float scale, Random random)
{
    using var surface = SKSurface.Create(new SKImageInfo(side, side, SKColorType.Alpha8, SKAlphaType.Premul));
    using var typeface = SKTypeface.FromFile(font);
    var height = side * scale * (0.45f + (0.2f * random.NextSingle()));
    using var skFont = new SKFont(typeface, height);
    var text = digit.ToString(System.Globalization.CultureInfo.InvariantCulture);
    skFont.MeasureText(text, out var bounds);
    skFont.Size = height * height / Math.Max(1, bounds.Height);
    skFont.MeasureText(text, out bounds);
    using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.StrokeAndFill, StrokeWidth = height * 0.05f, Color = SKColors.Black };
    var canvas = surface.Canvas;
    canvas.Clear(SKColors.Transparent);
    canvas.Translate((side / 2f) + (side * 0.08f * ((2 * random.NextSingle()) - 1)), (side / 2f) + (side * 0.08f * ((2 * random.NextSingle()) - 1)));
    canvas.RotateDegrees(8 * ((2 * random.NextSingle()) - 1));
    canvas.DrawText(text, -bounds.MidX, -bounds.MidY, SKTextAlign.Left, skFont, paint);
    using var image = surface.Snapshot();
    using var pixels = image.PeekPixels();
    return pixels.GetPixelSpan().ToArray().Select(value => value / 255f).ToArray();
}

static (byte[] Bytes, string Extension) Render(string condition, string font, int digit, Random random)
{
    var side = condition == "desk" ? DeskSide : Side;
    var ink = Coverage(font, digit, side, condition == "desk" ? 0.6f : 1f, random);
    double Noise(double sigma) => sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    (double R, double G, double B) Mix((double R, double G, double B) paper, (double R, double G, double B) pen, float c) =>
        ((paper.R * (1 - c)) + (pen.R * c), (paper.G * (1 - c)) + (pen.G * c), (paper.B * (1 - c)) + (pen.B * c));
    var white = (255.0, 255.0, 255.0);
    var black = (0.0, 0.0, 0.0);
    switch (condition)
    {
        case "shadow":
        {
            // Paper and ink darkened together by 10–40% along a random direction.
            var (strength, angle) = (0.1 + (0.3 * random.NextDouble()), 2 * Math.PI * random.NextDouble());
            var (dx, dy) = (Math.Cos(angle), Math.Sin(angle));
            return (Png(side, side, (x, y) =>
            {
                var t = (((((x / (double)side) - 0.5) * dx) + (((y / (double)side) - 0.5) * dy)) / Math.Sqrt(0.5)) + 0.5;
                var light = 1 - (strength * Math.Clamp(t, 0, 1));
                var (r, g, b) = Mix((245, 242, 235), (25, 25, 35), ink[(y * side) + x]);
                return (r * light, g * light, b * light, 255);
            }), "png");
        }
        case "grain":
            return (Png(side, side, (x, y) =>
            {
                var (r, g, b) = Mix((232, 230, 225), (35, 35, 40), ink[(y * side) + x]);
                var n = Noise(22);
                return (r + n, g + n, b + n, 255);
            }), "png");
        case "ruled":
        case "squared":
        {
            var (pitch, offset) = (24 + random.Next(16), random.Next(20));
            var grid = condition == "squared";
            return (Png(side, side, (x, y) =>
            {
                var line = (y + offset) % pitch < 2 || (grid && (x + offset) % pitch < 2);
                var (r, g, b) = Mix(line ? (150, 175, 215) : (250, 250, 248), (20, 20, 60), ink[(y * side) + x]);
                return (r, g, b, 255);
            }), "png");
        }
        case "desk":
        {
            // A sheet of paper lying on a dark desk, its edges 40–80 px in from the picture's.
            var (left, top, right, bottom) = (40 + random.Next(40), 40 + random.Next(40), side - 40 - random.Next(40), side - 40 - random.Next(40));
            return (Png(side, side, (x, y) =>
            {
                var onPaper = x >= left && x < right && y >= top && y < bottom;
                var paper = onPaper ? (236.0, 234.0, 228.0) : (45.0, 38.0, 32.0);
                var (r, g, b) = Mix(paper, (20, 20, 30), onPaper ? ink[(y * side) + x] : 0);
                var n = Noise(8);
                return (r + n, g + n, b + n, 255);
            }), "png");
        }
        case "frame":
        {
            // A form field: a dark 2–4 px box 3–12 px in from the edge.
            var (inset, width) = (3 + random.Next(10), 2 + random.Next(3));
            return (Png(side, side, (x, y) =>
            {
                var edge = Math.Min(Math.Min(x, y), Math.Min(side - 1 - x, side - 1 - y));
                var frame = edge >= inset && edge < inset + width;
                var (r, g, b) = Mix(white, black, frame ? 1 : ink[(y * side) + x]);
                return (r, g, b, 255);
            }), "png");
        }
        case "jpeg60":
            return (Encode(side, side, (x, y) => { var (r, g, b) = Mix(white, (10, 10, 10), ink[(y * side) + x]); return (r, g, b, 255); }, SKEncodedImageFormat.Jpeg, 60), "jpg");
        case "exif":
        {
            // Stored turned, as a phone stores a photo, with the EXIF orientation that turns it back.
            var orientation = new[] { 3, 6, 8 }[random.Next(3)];
            (int X, int Y) Upright(int x, int y) => orientation switch
            {
                3 => (side - 1 - x, side - 1 - y), // stored turned 180°
                6 => (side - 1 - y, x),            // stored turned 90° anticlockwise: EXIF 6 turns it clockwise
                _ => (y, side - 1 - x),            // 8: stored turned 90° clockwise
            };
            var jpeg = Encode(side, side, (x, y) =>
            {
                var (ux, uy) = Upright(x, y);
                var (r, g, b) = Mix((248, 246, 240), (20, 20, 30), ink[(uy * side) + ux]);
                return (r, g, b, 255);
            }, SKEncodedImageFormat.Jpeg, 85);
            return (WithExifOrientation(jpeg, orientation), "jpg");
        }
        case "white-on-transparent":
            return (Png(side, side, (x, y) => (255, 255, 255, 255 * ink[(y * side) + x])), "png");
        case "colour-on-transparent":
        {
            var colour = SKColor.FromHsv(random.Next(360), 60 + random.Next(40), 60 + random.Next(40));
            return (Png(side, side, (x, y) => (colour.Red, colour.Green, colour.Blue, 255 * ink[(y * side) + x])), "png");
        }
        case "png16":
            return (Grey16Png(side, side, (x, y) => 62000 - (56000 * ink[(y * side) + x])), "png");
        default:
            return (Png(side, side, (x, y) => { var (r, g, b) = Mix(white, black, ink[(y * side) + x]); return (r, g, b, 255); }), "png");
    }
}

static byte[] Png(int width, int height, Func<int, int, (double R, double G, double B, double A)> pixel) =>
    Encode(width, height, pixel, SKEncodedImageFormat.Png, 100);

static byte[] Encode(int width, int height, Func<int, int, (double R, double G, double B, double A)> pixel, SKEncodedImageFormat format, int quality)
{
    using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
    var bytes = bitmap.GetPixelSpan();
    static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
    for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var (r, g, b, a) = pixel(x, y);
            var at = 4 * ((y * width) + x);
            (bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]) = (Clamp(r), Clamp(g), Clamp(b), Clamp(a));
        }
    using var data = bitmap.Encode(format, quality);
    return data.ToArray();
}

// A JPEG with an APP1 EXIF segment holding only the orientation tag (0x0112), inserted after SOI.
static byte[] WithExifOrientation(byte[] jpeg, int orientation)
{
    byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, 0, 0, 0, 0];
    byte[] exif = [.. "Exif"u8, 0, 0, .. tiff];
    var length = exif.Length + 2;
    return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif, .. jpeg.AsSpan(2)];
}

// A 16-bit greyscale PNG (colour type 0, bit depth 16), which SkiaSharp does not write.
static byte[] Grey16Png(int width, int height, Func<int, int, double> pixel)
{
    using var raw = new MemoryStream();
    using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        for (var y = 0; y < height; y++)
        {
            zlib.WriteByte(0);
            for (var x = 0; x < width; x++)
            {
                var value = (ushort)Math.Clamp(Math.Round(pixel(x, y)), 0, 65535);
                zlib.WriteByte((byte)(value >> 8));
                zlib.WriteByte((byte)value);
            }
        }
    byte[] header = [(byte)(width >> 24), (byte)(width >> 16), (byte)(width >> 8), (byte)width, (byte)(height >> 24), (byte)(height >> 16), (byte)(height >> 8), (byte)height, 16, 0, 0, 0, 0];
    using var file = new MemoryStream();
    file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
    foreach (var (type, data) in new[] { ("IHDR", header), ("IDAT", raw.ToArray()), ("IEND", Array.Empty<byte>()) })
    {
        byte[] chunk = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        file.Write([(byte)(data.Length >> 24), (byte)(data.Length >> 16), (byte)(data.Length >> 8), (byte)data.Length]);
        file.Write(chunk);
        var crc = Crc32.HashToUInt32(chunk);
        file.Write([(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc]);
    }
    return file.ToArray();
}

// ---- scoring -------------------------------------------------------------------------------------------

// The share of files whose predicted class is their digit; refused files count as wrong.
static double Score(string executable, string checkpoint, List<(string File, int Digit)> files)
{
    var digits = files.ToDictionary(file => file.File, file => file.Digit);
    var pending = files.Select(file => file.File).ToList();
    var correct = 0;
    while (pending.Count > 0)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["predict", "--json", "--checkpoint", checkpoint, .. pending]) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode == 0)
        {
            var predictions = JsonNode.Parse(output.Result)!["predictions"]!.AsArray();
            correct += predictions.Count(p => p!["predicted"]!.GetValue<int>() == digits[p["file"]!.GetValue<string>()]);
            break;
        }
        var refused = pending.FirstOrDefault(file => error.Contains(file, StringComparison.Ordinal));
        if (process.ExitCode != 2 || refused is null)
            throw new InvalidOperationException($"{executable} failed with exit code {process.ExitCode}: {error}");
        pending.Remove(refused);
    }
    return (double)correct / files.Count;
}

static (Func<string, string?> Get, List<(string Label, string Executable)> Predictors) ParseArguments(string[] args)
{
    var named = new Dictionary<string, string>();
    var predictors = new List<(string, string)>();
    for (var i = 0; i < args.Length; i++)
        if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length) named[args[i]] = args[++i];
        else if (args[i].Split('=', 2) is [var label, var executable]) predictors.Add((label, Path.GetFullPath(executable)));
    return (name => named.GetValueOrDefault(name), predictors);
}
