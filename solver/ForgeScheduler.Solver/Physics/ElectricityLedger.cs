using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Physics;

/// <summary>One clock hour of the plant's electricity: what the schedule drew, how much of it the
/// on-site PV surplus covered, and what was imported.</summary>
public readonly record struct ElectricHour(DateTimeOffset Start, int LocalHour, double DrawKwh, double PvKwh, double ImportedKwh, double Co2Kg, double Cost);

/// <summary>Electricity at the plant boundary, netted hour by hour (DESIGN.md, carbon and cost): in
/// each clock hour the schedule's electric draw uses the on-site PV surplus first — 0 kg, priced at
/// the export tariff it would otherwise earn — and imports the rest at that hour's factor and tariff.
/// Draws are spread evenly over their span and split at clock hours; a draw of no length falls in the
/// hour it happens in. Hours are counted from the clock hour the plan starts in.</summary>
public sealed class ElectricityLedger
{
    private readonly Plant _plant;
    private readonly DateTimeOffset _hour0;
    private readonly SortedDictionary<long, double> _kwhByHour = [];

    public ElectricityLedger(Plant plant, DateTimeOffset planStart)
    {
        _plant = plant;
        _hour0 = new DateTimeOffset(planStart.Year, planStart.Month, planStart.Day, planStart.Hour, 0, 0, planStart.Offset);
    }

    public void Add(double kwh, DateTimeOffset start, DateTimeOffset end)
    {
        if (kwh == 0) return;
        var total = (end - start).TotalMinutes;
        if (total <= 0)
        {
            Book(HourIndex(start), kwh);
            return;
        }
        var cursor = start;
        while (cursor < end)
        {
            var index = HourIndex(cursor);
            var hourEnd = _hour0.AddHours(index + 1);
            var sliceEnd = hourEnd < end ? hourEnd : end;
            Book(index, kwh * (sliceEnd - cursor).TotalMinutes / total);
            cursor = sliceEnd;
        }
    }

    /// <summary>Every hour with a draw, in time order, netted against the PV surplus.</summary>
    public IEnumerable<ElectricHour> Hours()
    {
        var grid = _plant.Grid;
        foreach (var (index, draw) in _kwhByHour)
        {
            var start = _hour0.AddHours(index);
            var local = _plant.LocalHour(start);
            // A surplus of s kW is s kWh over the clock hour.
            var pv = Math.Min(Math.Max(0, draw), grid.PvSurplusKwAt(local, index));
            var imported = draw - pv;
            yield return new ElectricHour(start, local, draw, pv, imported,
                imported * grid.Co2At(local), imported * grid.TariffAt(local) + pv * grid.ExportTariffPerKwh);
        }
    }

    public (double Kwh, double PvKwh, double Co2Kg, double Cost) Totals()
    {
        double kwh = 0, pv = 0, co2 = 0, cost = 0;
        foreach (var h in Hours())
        {
            kwh += h.DrawKwh;
            pv += h.PvKwh;
            co2 += h.Co2Kg;
            cost += h.Cost;
        }
        return (kwh, pv, co2, cost);
    }

    private long HourIndex(DateTimeOffset at) => (long)Math.Floor((at - _hour0).TotalHours);

    private void Book(long index, double kwh) => _kwhByHour[index] = _kwhByHour.GetValueOrDefault(index) + kwh;
}
