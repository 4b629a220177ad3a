using System.Globalization;
using System.Xml.Linq;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Physics;
using static ForgeScheduler.Reports.Html;

namespace ForgeScheduler.Reports;

/// <summary>Hourly energy of the operations (stacked gas / electric) and their CO2, under the lanes on
/// the same time axis, with what decides whether electric work is clean or cheap drawn over them: the
/// on-site PV surplus (kW, on the energy scale: a kW over an hour is a kWh), the tariff (step line,
/// own scale) and the grid CO2 factor (line over the CO2 bars, own scale). Each operation's energy is
/// spread evenly over its duration; electric CO2 is netted against the PV surplus hour by hour, as
/// the KPI calculator does.</summary>
internal static class EnergyProfile
{
    private const double EnergyHeight = 96;
    private const double Co2Height = 64;
    private const double Gap = 22;

    public static (IReadOnlyList<XElement> Elements, double Bottom) Build(GanttData d, double top)
    {
        var ax = d.Axis;
        var hours = ax.HourStarts().ToList();
        var gas = new double[hours.Count];
        var electric = new double[hours.Count];
        var co2 = new double[hours.Count];
        var pvKw = new double[hours.Count];
        var factor = new double[hours.Count];
        var tariff = new double[hours.Count];
        foreach (var ev in d.Evaluated.Values)
        {
            var op = ev.Operation;
            var minutes = (op.End - op.Start).TotalMinutes;
            for (var i = 0; i < hours.Count; i++)
            {
                var hourEnd = hours[i].AddHours(1);
                if (op.End < hours[i] || op.Start >= hourEnd) continue;
                var from = hours[i] > op.Start ? hours[i] : op.Start;
                var to = hourEnd < op.End ? hourEnd : op.End;
                var share = minutes <= 0 ? (op.Start >= hours[i] && op.Start < hourEnd ? ev.EnergyKwh : 0)
                    : to > from ? ev.EnergyKwh * (to - from).TotalMinutes / minutes : 0;
                if (share == 0) continue;
                if (ev.Carrier == Carrier.Gas)
                {
                    gas[i] += share;
                    co2[i] += ThermalPhysics.GasCo2Kg(share, d.Plant.Gas);
                }
                else electric[i] += share;
            }
        }
        var ps = d.Orders.PlanStart;
        var planHour = new DateTimeOffset(ps.Year, ps.Month, ps.Day, ps.Hour, 0, 0, ps.Offset);
        for (var i = 0; i < hours.Count; i++)
        {
            var local = d.Plant.LocalHour(hours[i]);
            pvKw[i] = d.Plant.Grid.PvSurplusKwAt(local, (long)Math.Floor((hours[i] - planHour).TotalHours));
            factor[i] = d.Plant.Grid.Co2At(local);
            tariff[i] = d.Plant.Grid.TariffAt(local);
            co2[i] += (electric[i] - Math.Min(electric[i], pvKw[i])) * factor[i];
        }

        var maxEnergy = Math.Max(1, Enumerable.Range(0, hours.Count).Select(i => Math.Max(gas[i] + electric[i], pvKw[i])).DefaultIfEmpty(0).Max());
        var maxCo2 = Math.Max(1, co2.DefaultIfEmpty(0).Max());
        var maxFactor = Math.Max(1e-9, factor.DefaultIfEmpty(0).Max());
        var maxTariff = Math.Max(1e-9, tariff.DefaultIfEmpty(0).Max());
        var energyBase = top + 14 + EnergyHeight;
        var co2Base = energyBase + Gap + Co2Height;
        var left = TimeAxis.LabelWidth;
        var right = TimeAxis.Width - TimeAxis.RightMargin;
        var barWidth = Math.Max(0.5, ax.PxPerHour - 0.5);

        var g = S("g", A("class", "energy"),
            S("text", Cls("chart-label"), A("x", 4), A("y", energyBase - EnergyHeight + 8), "energy kWh/h"),
            S("text", Cls("chart-label"), A("x", 4), A("y", energyBase - EnergyHeight + 20), $"max {N0(maxEnergy)}"),
            S("text", Cls("chart-label pv-label"), A("x", 4), A("y", energyBase - EnergyHeight + 34), "PV surplus kW"),
            S("text", Cls("chart-label tariff-label"), A("x", 4), A("y", energyBase - EnergyHeight + 48),
                string.Create(CultureInfo.InvariantCulture, $"tariff (max {maxTariff:0.###}/kWh)")),
            S("text", Cls("chart-label"), A("x", 4), A("y", co2Base - Co2Height + 8), "CO2 kg/h"),
            S("text", Cls("chart-label"), A("x", 4), A("y", co2Base - Co2Height + 20), $"max {N0(maxCo2)}"),
            S("text", Cls("chart-label factor-label"), A("x", 4), A("y", co2Base - Co2Height + 34),
                string.Create(CultureInfo.InvariantCulture, $"grid kg/kWh (max {maxFactor:0.###})")),
            S("line", Cls("baseline-rule"), A("x1", left), A("y1", energyBase), A("x2", right), A("y2", energyBase)),
            S("line", Cls("baseline-rule"), A("x1", left), A("y1", co2Base), A("x2", right), A("y2", co2Base)));

        var tariffPoints = new List<string>();
        var factorPoints = new List<string>();
        for (var i = 0; i < hours.Count; i++)
        {
            var x = ax.X(hours[i]);
            var x2 = x + ax.PxPerHour;
            var title = string.Create(CultureInfo.InvariantCulture,
                $"{ax.LocalText(hours[i])}: gas {gas[i]:N0} kWh, electric {electric[i]:N0} kWh, CO2 {co2[i]:N0} kg; PV surplus {pvKw[i]:N0} kW, grid {factor[i]:0.###} kg/kWh, tariff {tariff[i]:0.###}/kWh");
            var gasH = EnergyHeight * gas[i] / maxEnergy;
            var elecH = EnergyHeight * electric[i] / maxEnergy;
            if (pvKw[i] > 0)
            {
                var pvH = EnergyHeight * pvKw[i] / maxEnergy;
                g.Add(S("rect", Cls("pv"), A("x", x), A("y", energyBase - pvH), A("width", ax.PxPerHour), A("height", pvH)));
            }
            if (gas[i] > 0)
                g.Add(S("rect", Cls("energy-gas"), A("x", x), A("y", energyBase - gasH), A("width", barWidth), A("height", gasH), S("title", title)));
            if (electric[i] > 0)
                g.Add(S("rect", Cls("energy-electric"), A("x", x), A("y", energyBase - gasH - elecH), A("width", barWidth), A("height", elecH), S("title", title)));
            if (co2[i] > 0)
            {
                var h = Co2Height * co2[i] / maxCo2;
                g.Add(S("rect", Cls("co2"), A("x", x), A("y", co2Base - h), A("width", barWidth), A("height", h), S("title", title)));
            }
            var ty = energyBase - EnergyHeight * tariff[i] / maxTariff;
            tariffPoints.Add($"{N(x)},{N(ty)} {N(x2)},{N(ty)}");
            var fy = co2Base - Co2Height * factor[i] / maxFactor;
            factorPoints.Add($"{N(x)},{N(fy)} {N(x2)},{N(fy)}");
        }
        if (tariffPoints.Count > 0) g.Add(S("polyline", Cls("tariff"), A("points", string.Join(" ", tariffPoints))));
        if (factorPoints.Count > 0) g.Add(S("polyline", Cls("grid-factor"), A("points", string.Join(" ", factorPoints))));
        return ([g], co2Base + 4);
    }
}
