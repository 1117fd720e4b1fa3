using NodeManager.Benchmarks;

return await InventoryBenchmark.RunAsync(args);
