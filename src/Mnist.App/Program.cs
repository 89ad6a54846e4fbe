using Mnist.App;

return await MnistCli.RunAsync(args, Console.Out, Console.Error);
