import ShrinkIO

extension FitCommand {
    /// Whether `--family` models class labels (binomial, multinomial): then a text target keeps
    /// its labels (see ``ClassLabels``) instead of being refused as non-numeric.
    var categoricalTarget: Bool { family == "binomial" || family == "multinomial" }
}
