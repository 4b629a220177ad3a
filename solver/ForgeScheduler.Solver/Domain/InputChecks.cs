namespace ForgeScheduler.Solver.Domain;

/// <summary>A problem with input data; <see cref="Field"/> is the path of the field as written in the
/// file formats (e.g. <c>orders[3].mass_t</c>).</summary>
public sealed record InputProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Checks that a plant and an order book make sense together before anything is scheduled.</summary>
public static class InputChecks
{
    public static IReadOnlyList<InputProblem> CheckPlant(Plant plant)
    {
        var problems = new Problems();
        void Add(string f, string m) => problems.Add(new InputProblem(f, m));
        if (string.IsNullOrWhiteSpace(plant.Id)) Add("id", "must not be empty");
        else if (!InputLimits.IsPlantId(plant.Id)) Add("id", $"must be 1 to {InputLimits.MaxIdLength} letters, digits, '.', '_' or '-'");
        problems.Range("ambient_c", plant.AmbientC, InputLimits.MinTempC, 60, " °C");
        problems.Range("hot_charge_min_c", plant.HotChargeMinC, 0, InputLimits.MaxTempC, " °C");
        problems.Range("hot_transfer_min_c", plant.HotTransferMinC, 0, InputLimits.MaxTempC, " °C");
        problems.Range("electric_power_cap_kw", plant.ElectricPowerCapKw, -double.MaxValue, 1e7, " kW");
        problems.Range("furnace_to_press_max_min", plant.FurnaceToPressMaxMin, -double.MaxValue, 24 * 60, " min");
        problems.Range("shift_h", plant.ShiftHours, 1, 24, " h");
        problems.Range("gas.co2_kg_per_nm3", plant.Gas.Co2KgPerNm3, 0, 10);
        problems.Range("gas.lhv_mj_per_nm3", plant.Gas.LhvMjPerNm3, -double.MaxValue, 200);
        problems.Range("gas.price_per_nm3", plant.Gas.PricePerNm3, 0, 1e4);
        problems.Range("cooling.rho_c_mj_per_m3k", plant.Cooling.RhoCMjPerM3K, -double.MaxValue, 20);
        problems.Range("cooling.convection_w_per_m2k", plant.Cooling.ConvectionWPerM2K, -double.MaxValue, 1000);
        if (plant.Grid.Co2KgPerKwh.Any(v => !double.IsFinite(v) || v > 5)) Add("grid.co2_kg_per_kwh", "must be finite numbers of at most 5 kg/kWh");
        if (plant.Grid.TariffPerKwh.Any(v => !double.IsFinite(v) || v < 0 || v > 1e3)) Add("grid.tariff_per_kwh", "must be finite numbers in [0, 1000] per kWh");
        if (plant.Grid.OnsitePvSurplusKw.Count > 24 * 400) Add("grid.onsite_pv_surplus_kw", $"has {plant.Grid.OnsitePvSurplusKw.Count} values; at most {24 * 400} hourly values are taken");
        if (plant.Grid.Co2KgPerKwh.Count != 24) Add("grid.co2_kg_per_kwh", "needs one number or 24 hourly values");
        if (plant.Grid.TariffPerKwh.Count != 24) Add("grid.tariff_per_kwh", "needs 24 hourly values");
        if (plant.Grid.Co2KgPerKwh.Any(v => v < 0)) Add("grid.co2_kg_per_kwh", "must not be negative");
        if (plant.ElectricPowerCapKw <= 0) Add("electric_power_cap_kw", "must be positive");
        if (plant.Gas.LhvMjPerNm3 <= 0) Add("gas.lhv_mj_per_nm3", "must be positive");
        if (plant.Cooling.RhoCMjPerM3K <= 0) Add("cooling.rho_c_mj_per_m3k", "must be positive");
        if (plant.Cooling.Emissivity <= 0 || plant.Cooling.Emissivity > 1) Add("cooling.emissivity", "must be in (0, 1]");
        if (plant.Cooling.ConvectionWPerM2K < 0) Add("cooling.convection_w_per_m2k", "must not be negative");
        var pv = plant.Grid.OnsitePvSurplusKw;
        if (pv.Count is > 0 and < 24)
            Add("grid.onsite_pv_surplus_kw", $"has {pv.Count} values; give 24 hourly values (by local hour) or one per hour of the horizon");
        if (pv.Any(v => v < 0 || !double.IsFinite(v))) Add("grid.onsite_pv_surplus_kw", "must not be negative");
        if (plant.Grid.ExportTariffPerKwh < 0 || !double.IsFinite(plant.Grid.ExportTariffPerKwh)) Add("grid.export_tariff_per_kwh", "must not be negative");
        if (plant.FurnaceToPressMaxMin <= 0) Add("furnace_to_press_max_min", "must be positive");
        if (plant.HeatingFurnaces.Count == 0) Add("heating_furnaces", "the plant needs at least one heating furnace");
        if (plant.Presses.Count == 0) Add("presses", "the plant needs at least one press");
        var ids = new HashSet<string>();
        void CheckFurnace(Furnace f, string path)
        {
            if (!ids.Add(f.Id)) Add($"{path}.id", $"duplicate resource id '{f.Id}'");
            problems.Text($"{path}.id", f.Id);
            problems.Range($"{path}.capacity_t", f.CapacityTonnes, -double.MaxValue, 2000, " t");
            problems.Range($"{path}.capacity_pieces", f.CapacityPieces, -double.MaxValue, 1000);
            problems.Range($"{path}.holding_kw", f.HoldingKw, -double.MaxValue, 1e6, " kW");
            problems.Range($"{path}.restart_kwh", f.RestartKwh, -double.MaxValue, 1e7, " kWh");
            problems.Range($"{path}.max_power_kw", f.MaxPowerKw, -double.MaxValue, 1e6, " kW");
            problems.Range($"{path}.max_temp_c", f.MaxTempC, 0, InputLimits.MaxTempC, " °C");
            if (f.CapacityTonnes <= 0) Add($"{path}.capacity_t", "must be positive");
            if (f.CapacityPieces <= 0) Add($"{path}.capacity_pieces", "must be positive");
            if (f.Efficiency <= 0 || f.Efficiency > 1) Add($"{path}.efficiency", "must be in (0, 1]");
            if (f.HoldingKw < 0) Add($"{path}.holding_kw", "must not be negative");
            if (f.RestartKwh < 0) Add($"{path}.restart_kwh", "must not be negative");
            if (f.Carrier == Carrier.Electric && f.MaxPowerKw <= 0) Add($"{path}.max_power_kw", "an electric furnace needs a positive max power");
        }
        for (var i = 0; i < plant.HeatingFurnaces.Count; i++) CheckFurnace(plant.HeatingFurnaces[i], $"heating_furnaces[{i}]");
        for (var i = 0; i < plant.HeatTreatmentFurnaces.Count; i++)
        {
            var f = plant.HeatTreatmentFurnaces[i];
            CheckFurnace(f, $"heat_treatment_furnaces[{i}]");
            foreach (var r in f.Recipes.Where(r => plant.FindRecipe(r) is null))
                Add($"heat_treatment_furnaces[{i}].recipes", $"unknown recipe '{r}'");
        }
        for (var i = 0; i < plant.Presses.Count; i++)
        {
            var p = plant.Presses[i];
            if (!ids.Add(p.Id)) Add($"presses[{i}].id", $"duplicate resource id '{p.Id}'");
            problems.Text($"presses[{i}].id", p.Id);
            problems.Range($"presses[{i}].force_mn", p.ForceMn, -double.MaxValue, 1000, " MN");
            problems.Range($"presses[{i}].max_piece_t", p.MaxPieceTonnes, -double.MaxValue, 2000, " t");
            problems.Range($"presses[{i}].kwh_per_t", p.KwhPerTonne, 0, 1000, " kWh/t");
            problems.Range($"presses[{i}].idle_kw", p.IdleKw, 0, 1e5, " kW");
            if (p.ForceMn <= 0) Add($"presses[{i}].force_mn", "must be positive");
            if (p.MaxPieceTonnes <= 0) Add($"presses[{i}].max_piece_t", "must be positive");
        }
        for (var i = 0; i < plant.Recipes.Count; i++)
        {
            var r = plant.Recipes[i];
            problems.Text($"recipes[{i}].id", r.Id);
            problems.Range($"recipes[{i}].soak_c", r.SoakC, 0, InputLimits.MaxTempC, " °C");
            problems.Range($"recipes[{i}].cycle_h", r.CycleHours, -double.MaxValue, 500, " h");
            problems.Range($"recipes[{i}].max_charge_c", r.MaxChargeC, InputLimits.MinTempC, InputLimits.MaxTempC, " °C");
            problems.Text($"recipes[{i}].group", r.Group);
            if (r.CycleHours <= 0) Add($"recipes[{i}].cycle_h", "must be positive");
            if (string.IsNullOrWhiteSpace(r.Group)) Add($"recipes[{i}].group", "must not be empty");
        }
        for (var i = 0; i < plant.Downtime.Count; i++)
        {
            var d = plant.Downtime[i];
            if (!plant.HasResource(d.Resource)) Add($"downtime[{i}].resource", $"unknown resource '{d.Resource}'");
            if (d.To <= d.From) Add($"downtime[{i}].to", "must be after 'from'");
        }
        return problems;
    }

    public static IReadOnlyList<InputProblem> CheckOrders(Plant plant, OrderBook book)
    {
        var problems = new Problems();
        void Add(string f, string m) => problems.Add(new InputProblem(f, m));
        if (book.Plant != plant.Id) Add("plant", $"order book is for plant '{book.Plant}', the plant file is '{plant.Id}'");
        for (var i = 0; i < book.FurnacesHotAtStart.Count; i++)
        {
            var id = book.FurnacesHotAtStart[i];
            if (plant.FindFurnace(id) is null) Add($"furnaces_hot_at_start[{i}]", $"unknown furnace '{id}'");
        }
        if (InputLimits.BookSizeProblem(book.Orders) is { } tooLarge) Add("orders", tooLarge);
        var pv = plant.Grid.OnsitePvSurplusKw;
        if (pv.Count > 24 && book.Orders.Count > 0)
        {
            // A horizon profile must cover the book at least to its last due time.
            var hour0 = new DateTimeOffset(book.PlanStart.Year, book.PlanStart.Month, book.PlanStart.Day, book.PlanStart.Hour, 0, 0, book.PlanStart.Offset);
            var needed = (int)Math.Ceiling((book.Orders.Max(o => o.Due) - hour0).TotalHours);
            if (pv.Count < needed)
                Add("grid.onsite_pv_surplus_kw", $"has {pv.Count} hourly values but the order book runs {needed} hours from its plan start (to its last due time); give 24 values (by local hour) or at least {needed}");
        }
        var seen = new HashSet<string>();
        void Within(string f, DateTimeOffset t)
        {
            if ((t - book.PlanStart).Duration() > InputLimits.PlanWindow)
                Add(f, $"{t:O} is more than {InputLimits.PlanWindow.TotalDays:0} days from the plan start {book.PlanStart:O}");
        }
        for (var i = 0; i < book.Orders.Count; i++)
        {
            var o = book.Orders[i];
            var p = $"orders[{i}]";
            problems.Text($"{p}.id", o.Id);
            problems.Text($"{p}.product", o.Product, InputLimits.MaxTextLength);
            problems.Text($"{p}.grade", o.Grade, InputLimits.MaxTextLength);
            problems.Text($"{p}.heat_treatment", o.HeatTreatment);
            // Upper bounds and finiteness here; "must be positive" below says the rest in one problem.
            problems.Range($"{p}.mass_t", o.MassTonnes, -double.MaxValue, InputLimits.MaxMassTonnes, " t");
            problems.Range($"{p}.diameter_m", o.DiameterMetres, -double.MaxValue, InputLimits.MaxDiameterMetres, " m");
            if (o.DiameterMetres > 0 && o.DiameterMetres < InputLimits.MinDiameterMetres)
                Add($"{p}.diameter_m", $"{o.DiameterMetres} m is below the smallest accepted {InputLimits.MinDiameterMetres} m");
            problems.Range($"{p}.weight", o.Weight, -double.MaxValue, InputLimits.MaxWeight);
            if (o.ColdHeatingHours is { } chh) problems.Range($"{p}.cold_heating_h", chh, -double.MaxValue, InputLimits.MaxColdHeatingHours, " h");
            Within($"{p}.release", o.Release);
            Within($"{p}.due", o.Due);
            if (o.Heats.Count > InputLimits.MaxHeatsPerOrder) Add($"{p}.heats", $"has {o.Heats.Count} heats; at most {InputLimits.MaxHeatsPerOrder} are taken");
            for (var h = 0; h < o.Heats.Count; h++)
            {
                var heat = o.Heats[h];
                var hp = $"{p}.heats[{h}]";
                problems.Range($"{hp}.forge_temp_c", heat.ForgeTempC, -double.MaxValue, InputLimits.MaxTempC, " °C");
                problems.Range($"{hp}.finish_temp_c", heat.FinishTempC, plant.AmbientC, double.MaxValue, " °C");
                problems.Range($"{hp}.press_min", heat.PressMinutes, -double.MaxValue, InputLimits.MaxPressMinutes, " min");
                problems.Range($"{hp}.min_force_mn", heat.MinForceMn, 0, 1000, " MN");
            }
            if (string.IsNullOrWhiteSpace(o.Id)) Add($"{p}.id", "must not be empty");
            else if (!seen.Add(o.Id)) Add($"{p}.id", $"duplicate order id '{o.Id}'");
            if (o.MassTonnes <= 0) Add($"{p}.mass_t", $"must be positive (order {o.Id} has {o.MassTonnes})");
            if (o.DiameterMetres <= 0) Add($"{p}.diameter_m", $"must be positive (order {o.Id})");
            if (o.Weight <= 0) Add($"{p}.weight", $"must be positive (order {o.Id})");
            if (o.Due <= o.Release) Add($"{p}.due", $"due {o.Due:O} is not after release {o.Release:O} (order {o.Id})");
            if (o.ReleaseTempC is { } t && (!double.IsFinite(t) || t < plant.AmbientC - 50 || t > 1350)) Add($"{p}.release_temp_c", $"{t} °C is not a plausible ingot temperature (order {o.Id})");
            if (o.ColdHeatingHours is { } ch && ch <= 0) Add($"{p}.cold_heating_h", "must be positive");
            if (o.Heats.Count == 0) Add($"{p}.heats", $"order {o.Id} needs at least one heat");
            for (var h = 0; h < o.Heats.Count; h++)
            {
                var heat = o.Heats[h];
                var hp = $"{p}.heats[{h}]";
                if (heat.PressMinutes <= 0) Add($"{hp}.press_min", "must be positive");
                if (heat.ForgeTempC <= plant.AmbientC) Add($"{hp}.forge_temp_c", "must be above ambient");
                if (heat.FinishTempC > heat.ForgeTempC) Add($"{hp}.finish_temp_c", "must not exceed forge_temp_c");
                if (!plant.Presses.Any(pr => pr.ForceMn >= heat.MinForceMn && pr.MaxPieceTonnes >= o.MassTonnes))
                    Add($"{hp}.min_force_mn", $"no press can forge order {o.Id}: needs {heat.MinForceMn} MN for {o.MassTonnes} t");
                if (!plant.HeatingFurnaces.Any(f => f.CapacityTonnes >= o.MassTonnes && f.MaxTempC >= heat.ForgeTempC))
                    Add($"{hp}.forge_temp_c", $"no heating furnace takes order {o.Id}: {o.MassTonnes} t to {heat.ForgeTempC} °C");
            }
            var recipe = plant.FindRecipe(o.HeatTreatment);
            if (recipe is null) Add($"{p}.heat_treatment", $"unknown recipe '{o.HeatTreatment}' (order {o.Id})");
            else if (!plant.HeatTreatmentFurnaces.Any(f => f.Recipes.Contains(recipe.Id) && f.CapacityTonnes >= o.MassTonnes))
                Add($"{p}.heat_treatment", $"no heat-treatment furnace runs recipe '{recipe.Id}' for {o.MassTonnes} t (order {o.Id})");
        }
        return problems;
    }

    /// <summary>The problems found so far, with the range and text checks both checkers share.</summary>
    private sealed class Problems : List<InputProblem>
    {
        public void Range(string field, double value, double min, double max, string unit = "")
        {
            if (InputLimits.RangeProblem(value, min, max, unit) is { } m) Add(new InputProblem(field, m));
        }

        public void Text(string field, string? value, int max = InputLimits.MaxIdLength)
        {
            if (InputLimits.TextProblem(value, max) is { } m) Add(new InputProblem(field, m));
        }
    }
}
