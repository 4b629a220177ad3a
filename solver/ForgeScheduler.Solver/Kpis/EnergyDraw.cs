using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Kpis;

/// <summary>What an energy draw is for.</summary>
/// <summary>What an energy draw is for: steel heat or press work (process), holding while loaded,
/// holding while empty across a gap (idle), a cold start, press idle.</summary>
internal enum EnergyUse { Process, FurnaceHolding, FurnaceIdle, FurnaceColdStart, PressIdle }

/// <summary>Energy of one carrier drawn evenly over [Start, End) by one resource. Every kWh the
/// KPIs count is one of these, so CO2 and cost are priced by the hour they are drawn in.</summary>
internal sealed record EnergyDraw(
    string Resource,
    bool IsFurnace,
    Carrier Carrier,
    EnergyUse Use,
    double Kwh,
    DateTimeOffset Start,
    DateTimeOffset End);
