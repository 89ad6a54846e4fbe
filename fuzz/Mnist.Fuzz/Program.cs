using Mnist.Fuzz;
using SharpFuzz;

// Usage: Mnist.Fuzz TARGET            under afl-fuzz, afl-cmin or afl-tmin: inputs come through afl's fork server
//        Mnist.Fuzz TARGET FILE...    run each file once, as a person reproducing a finding does
// Nothing instrumented may run before Fuzzer.Run has set up the coverage map, so the targets start the engine themselves.
var targets = Targets.All;
if (args.Length == 0 || !targets.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: Mnist.Fuzz TARGET [FILE...]; targets: {string.Join(", ", targets.Keys)}");
    return 1;
}
if (args.Length > 1)
{
    Fuzzer.Run(_ =>
    {
        foreach (var file in args[1..])
        {
            using var input = File.OpenRead(file);
            target(input);
            Console.WriteLine($"{file}: handled");
        }
    });
    return 0;
}
Fuzzer.OutOfProcess.Run(target);
return 0;
