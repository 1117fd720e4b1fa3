using NodeManager.Simulator.Measure;

namespace NodeManager.Simulator.Tests.Measure;

public sealed class ProcReaderTests
{
    // proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime ...
    private const string Stat = "4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 30 0 100 0 0";
    private const string Status = "Name:\tdotnet\nVmPeak:\t 9000000 kB\nVmHWM:\t  524288 kB\nVmRSS:\t  262144 kB\nThreads:\t30\n";

    [Fact]
    public void Parse_CommandNameWithSpacesAndParentheses_ReadsUtimePlusStime()
    {
        var sample = ProcReader.Parse(Stat, Status);
        Assert.Equal(1234 + 567, sample.CpuTicks);
    }

    [Fact]
    public void Parse_Status_ReadsRssAndPeakInBytes()
    {
        var sample = ProcReader.Parse(Stat, Status);
        Assert.Equal(256L << 20, sample.RssBytes);
        Assert.Equal(512L << 20, sample.PeakRssBytes);
    }

    [Fact]
    public void Parse_NoClosingParenthesis_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => ProcReader.Parse("4242 dotnet S 1", Status));

    [Fact]
    public void TryRead_ThisProcess_HasCpuAndRss()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var sample = ProcReader.TryRead(Environment.ProcessId);
        Assert.NotNull(sample);
        Assert.True(sample.Value.RssBytes > 0);
        Assert.True(sample.Value.PeakRssBytes >= sample.Value.RssBytes);
    }

    [Fact]
    public void TryRead_NoSuchProcess_IsNull() => Assert.Null(ProcReader.TryRead(int.MaxValue));
}
