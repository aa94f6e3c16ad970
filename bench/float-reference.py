"""A straightforward float64 implementation of cn-gep-2022 (18 services, current prices) in NumPy, written apart
from the engine: the formulas and unit factors are typed in from models/cn-gep-2022/model.yaml and README's method
table, vectorised over region-years. bench/float.ts hands it the region-years as a plain matrix (one column per
input and key, one per coefficient cell in force for the row's year) and compares its GEP with the float path's.

Usage: python3 bench/float-reference.py <header.json>   (prints one JSON line: rate and checksums)
"""

import json
import sys
import time

import numpy as np


def main(path):
    head = json.load(open(path))
    n = head["rows"]
    cols = head["columns"]
    M = np.fromfile(head["matrix"], dtype=np.float64).reshape(n, len(cols))
    at = {c: i for i, c in enumerate(cols)}
    group = head["ecosystem_group"]  # ecosystem type key -> its level-1 class
    eco = head["keys"]["ecosystem_type"]

    def col(name):
        i = at.get(name)
        return M[:, i] if i is not None else np.full(n, np.nan)

    def types(*groups):
        return [k for k in eco if group.get(k) in groups or k in groups]

    def present(x):
        return ~np.isnan(x)

    def sum_over(keys, term):
        s = np.zeros(n)
        for k in keys:
            v = term(k)
            s += np.where(np.isnan(v), 0.0, v)
        return s

    def area(k):
        a = col(f"area[{k}]")
        return np.where(a > 0, a, np.nan)  # a type with no (or zero) area is not iterated

    def gep():
        P, R, K = col("precipitation"), col("rainfall_erosivity"), col("soil_erodibility")
        out = {}
        for svc, grp in (("crop_products", "crops"), ("livestock_products", "livestock"), ("aquatic_products", "aquatic")):
            ks = [k for k in head["keys"]["product"] if head["product_group"].get(k) == grp]
            out[svc] = sum_over(ks, lambda k: col(f"product_output[{k}]") * col(f"product_price[{k}]"))
        forestry = [k for k in head["keys"]["product"] if head["product_group"].get(k) == "forestry"]
        out["forest_products"] = col("timber_output") * col("timber_price") + sum_over(
            forestry, lambda k: col(f"product_output[{k}]") * col(f"product_price[{k}]")
        )
        out["water_supply"] = sum_over(head["keys"]["water_use"], lambda k: col(f"water_supply[{k}]") * col(f"coef:water_price[{k}]"))
        out["ecological_energy"] = col("hydropower_generation") * col("coef:hydropower_price")
        # Q = Σ A (P − P·α − ET), ha·mm → m3 ×10; reservoir construction cost
        wc = sum_over(
            types("forest", "shrub", "grassland", "wetland"),
            lambda k: area(k) * np.maximum(P - P * col(f"coef:runoff_coefficient[{k}]") - col(f"evapotranspiration[{k}]"), 0) * 10,
        )
        out["water_conservation"] = wc * col("coef:reservoir_cost")
        # RUSLE: A·R·K·LS·(1 − C·P) t; less siltation (÷ bulk density × dredging) + less N, P (% contents)
        sr = sum_over(
            types("forest", "shrub", "grassland", "farmland", "urban_green"),
            lambda k: area(k) * R * K * col(f"slope_length_factor[{k}]") * (1 - col(f"coef:cover_factor[{k}]") * col(f"coef:practice_factor[{k}]")),
        )
        out["soil_retention"] = col("coef:siltation_ratio") * sr / col("coef:soil_bulk_density") * col("coef:dredging_cost") + sr * (
            col("coef:soil_n_content") * 0.01 * col("coef:n_pollution_cost") + col("coef:soil_p_content") * 0.01 * col("coef:p_pollution_cost")
        )
        ws = sum_over(
            types("forest", "shrub", "grassland", "farmland"),
            lambda k: area(k) * np.maximum(col(f"wind_erosion_potential[{k}]") - col(f"wind_erosion_actual[{k}]"), 0),
        )
        out["windbreak_sand_fixation"] = ws / (col("coef:sand_bulk_density") * col("coef:sand_cover_depth")) * col("coef:sand_control_cost")
        # lakes e^a · (km2)^b · turnover · 10^4 m3; reservoirs 0.35 × capacity; marshes 0.3 m × wetland area (ha·m → 10^4 m3)
        lakes = sum_over(
            head["keys"]["lake"],
            lambda k: np.exp(col("coef:lake_flood_a")) * col(f"lake_area[{k}]") ** col("coef:lake_flood_b") * col(f"lake_turnover[{k}]") * col("coef:lake_flood_volume_unit"),
        )
        wetland = sum_over([k for k in eco if group.get(k) == "wetland"], lambda k: col(f"area[{k}]"))
        flood = lakes + col("coef:reservoir_flood_share") * col("reservoir_capacity") + wetland * col("coef:marsh_retention_depth") * 1e4
        out["flood_regulation"] = flood * col("coef:reservoir_cost")
        air = np.zeros(n)
        for p in head["keys"]["air_pollutant"]:
            absorbed = sum_over(types("forest", "urban_green"), lambda k: area(k) * col(f"coef:pollutant_absorption[{k}|{p}]") * 1e-3)
            emission = col(f"air_pollutant_emission[{p}]")
            air += np.where(np.isnan(emission), absorbed, np.minimum(absorbed, emission)) * col(f"coef:air_treatment_cost[{p}]")
        out["air_purification"] = air
        water = np.zeros(n)
        for p in head["keys"]["water_pollutant"]:
            load, cap = col(f"water_pollutant_load[{p}]"), col(f"water_environmental_capacity[{p}]")
            water += np.where(np.isnan(cap), load, np.minimum(load, cap)) * col(f"coef:water_treatment_cost[{p}]")
        out["water_purification"] = water
        co2 = sum_over(types("forest", "shrub", "grassland", "wetland", "urban_green"), lambda k: area(k) * col(f"nep[{k}]") * col("coef:co2_per_c"))
        out["carbon_sequestration"] = co2 * col("coef:carbon_price")
        out["oxygen_release"] = co2 * col("coef:o2_per_co2") * col("coef:oxygen_price")
        # transpiration: ha × kJ/(m2·d) × d / COP → ×10^4 m2/ha, ÷3600 kJ/kWh; evaporation: ha·mm = 10 m3
        tr = sum_over(
            types("forest", "shrub", "grassland", "urban_green"),
            lambda k: area(k) * col(f"coef:transpiration_heat[{k}]") * col("hot_days") / col("coef:ac_efficiency") * 1e4 / 3600,
        )
        water_area = sum_over([k for k in eco if group.get(k) == "water"], lambda k: col(f"area[{k}]"))
        E = col("hot_season_evaporation")
        ev = water_area * E * 10 * col("coef:water_density") * 1e6 * col("coef:latent_heat") / 3.6e6 + water_area * E * 10 * col("coef:humidifier_energy")
        out["climate_regulation"] = (tr + ev) * col("coef:electricity_price")
        out["pest_control"] = sum_over(types("forest", "grassland"), lambda k: area(k) * col(f"coef:pest_control_cost[{k}]"))
        out["recreation"] = sum_over(head["keys"]["visit_site"], lambda k: col(f"visits[{k}]") * col(f"travel_cost[{k}]"))
        out["landscape_premium"] = sum_over(
            head["keys"]["amenity"], lambda k: col(f"landscape_floor_area[{k}]") * col(f"landscape_rent_premium[{k}]")
        )
        total = np.zeros(n)
        for v in out.values():
            total += v
        return total, out

    with np.errstate(invalid="ignore"):
        total, services = gep()  # warm-up, and the values compared
        best = float("inf")
        t_end = time.perf_counter() + 1.0
        runs = 0
        while runs < 3 or time.perf_counter() < t_end:
            t0 = time.perf_counter()
            gep()
            best = min(best, time.perf_counter() - t0)
            runs += 1
    print(json.dumps({"rate": n / best, "seconds": best, "runs": runs, "gep": total.tolist(), "services": {k: float(v.sum()) for k, v in services.items()}}))


if __name__ == "__main__":
    main(sys.argv[1])
