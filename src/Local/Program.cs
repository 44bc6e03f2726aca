using SoraFunctions.Local.Cli;

return await SoraCli.RunAsync(args, Environment.GetEnvironmentVariable("SORA_DATA"));
