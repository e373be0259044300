/**
 * Vehicle lists most leagues race, offered on the vehicles step so a common field is one pick
 * instead of ten lines of typing. Names follow iRacing's car list; admins can still type any list.
 */
export interface VehiclePreset {
  readonly key: string
  readonly label: string
  readonly vehicles: ReadonlyArray<string>
}

export const VEHICLE_PRESETS: ReadonlyArray<VehiclePreset> = [
  {
    key: "gt3",
    label: "GT3 class",
    vehicles: [
      "Acura NSX GT3 EVO 22",
      "Audi R8 LMS EVO II GT3",
      "BMW M4 GT3",
      "Chevrolet Corvette Z06 GT3.R",
      "Ferrari 296 GT3",
      "Ford Mustang GT3",
      "Lamborghini Huracán GT3 EVO",
      "McLaren 720S GT3 EVO",
      "Mercedes-AMG GT3 2020",
      "Porsche 911 GT3 R (992)",
    ],
  },
  {
    key: "gt4",
    label: "GT4 class",
    vehicles: ["Aston Martin Vantage GT4", "BMW M4 G82 GT4", "Ford Mustang GT4", "McLaren 570S GT4", "Mercedes-AMG GT4", "Porsche 718 Cayman GT4 Clubsport MR"],
  },
  { key: "gtp", label: "GTP (hypercars)", vehicles: ["Acura ARX-06 GTP", "BMW M Hybrid V8", "Cadillac V-Series.R GTP", "Porsche 963 GTP"] },
  { key: "lmp2", label: "LMP2", vehicles: ["Dallara P217"] },
  { key: "lmp3", label: "LMP3", vehicles: ["Ligier JS P320"] },
  { key: "porsche-cup", label: "Porsche Cup", vehicles: ["Porsche 911 GT3 Cup (992)"] },
  { key: "mx5", label: "Mazda MX-5 Cup", vehicles: ["Global Mazda MX-5 Cup"] },
  { key: "sf23", label: "Super Formula", vehicles: ["Super Formula SF23 - Toyota", "Super Formula SF23 - Honda"] },
]

export const presetByKey = (key: string): VehiclePreset | undefined => VEHICLE_PRESETS.find((preset) => preset.key === key)
