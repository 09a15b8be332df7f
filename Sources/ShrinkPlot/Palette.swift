/// Colours for plot series.
public enum Palette {
    /// The Okabe-Ito palette (Okabe & Ito, 2008), distinguishable with the common forms of colour
    /// blindness; black is last so that it is used only after the seven colours.
    public static let okabeIto: [String] = [
        "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442", "#000000",
    ]

    /// The colour of series `index`, cycling through ``okabeIto`` without the yellow (hard to read
    /// on white) unless more than seven colours are needed.
    public static func color(_ index: Int) -> String {
        let readable = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
        return readable[((index % readable.count) + readable.count) % readable.count]
    }

    /// A neutral grey for grids and secondary marks.
    public static let grid = "#D9D9D9"
    /// The colour of axes and text.
    public static let ink = "#222222"
    /// A muted grey for series that are not highlighted.
    public static let muted = "#B8B8B8"
}
