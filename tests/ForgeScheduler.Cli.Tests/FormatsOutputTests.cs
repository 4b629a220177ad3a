using ForgeScheduler.Formats;

namespace ForgeScheduler.Cli.Tests;

public sealed class FormatsOutputTests
{
    [Fact]
    public void CsvHasTheScheduleJsonColumnsAndOneRowPerOperation()
    {
        var schedule = TestPlant.Schedule(TestPlant.Plant(), TestPlant.Orders());
        var lines = ScheduleCsv.ToCsv(schedule).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("order,step,kind,resource,charge,start,end,charge_temp_c,energy_kwh,carrier", lines[0]);
        Assert.Equal(schedule.Operations.Count + 1, lines.Length);
        // Same order as schedule.json: by start, then resource. Both heats start at release on HF-1.
        Assert.StartsWith("O1,1,heat,HF-1,HF-1-O1,2026-11-26T06:00:00+08:00,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",gas", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("O2,3,heat_treat,HT-1,HT-1-c1,", StringComparison.Ordinal));
    }

    [Fact]
    public void CsvQuotesCellsHoldingCommasAndQuotes()
    {
        var schedule = TestPlant.Schedule(TestPlant.Plant(), TestPlant.Orders());
        schedule = schedule with { Operations = [schedule.Operations[0] with { Charge = "a,\"b\"" }] };
        var row = ScheduleCsv.ToCsv(schedule).Split('\n')[1];
        Assert.Contains(",\"a,\"\"b\"\"\",", row, StringComparison.Ordinal);
    }

    [Fact]
    public void KpiRatioIsMethodOverBaselineAndBlankForAZeroBaseline()
    {
        var rows = KpiTable.Rows(TestPlant.Kpis(1), TestPlant.Kpis(0.8));
        Assert.Equal(KpiTable.Keys, rows.Select(r => r.Key));
        var energy = rows.Single(r => r.Key == "energy_kwh_per_t");
        Assert.Equal(0.8, energy.Ratio!.Value, 9);
        Assert.Equal("320.0", KpiTable.FormatValue(energy, energy.Method));
        var tardiness = rows.Single(r => r.Key == "weighted_tardiness_h");
        Assert.Null(tardiness.Ratio);
        Assert.Equal("—", KpiTable.FormatRatio(tardiness.Ratio));
    }
}
