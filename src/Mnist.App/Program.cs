using Mnist.App.Cli;

return await MnistCli.RunAsync(args, Console.Out, Console.Error);
