/// A polyline (or step function) of a chart.
public struct LineSeries: Sendable, Equatable {
    /// The points, drawn in order; non-finite points break the line.
    public var points: [PlotPoint]
    /// The stroke colour (CSS).
    public var color: String
    /// The stroke width in pixels.
    public var width: Double = 1.5
    /// An SVG dash pattern such as `"4 3"`, or nil for a solid line.
    public var dash: String? = nil
    /// Draw a step function (horizontal, then vertical) instead of straight segments.
    public var step: Bool = false
    /// Also draw a dot at every point.
    public var markers: Bool = false
    /// The stroke opacity.
    public var opacity: Double = 1
    /// The name in the legend (nil: not in the legend).
    public var legend: String? = nil

    /// Creates a series.
    public init(points: [PlotPoint], color: String, width: Double = 1.5, dash: String? = nil, step: Bool = false,
                markers: Bool = false, opacity: Double = 1, legend: String? = nil) {
        self.points = points
        self.color = color
        self.width = width
        self.dash = dash
        self.step = step
        self.markers = markers
        self.opacity = opacity
        self.legend = legend
    }
}

/// Vertical error bars (with caps) at a set of x values.
public struct ErrorBars: Sendable, Equatable {
    /// The x value of each bar.
    public var x: [Double]
    /// The lower end of each bar.
    public var low: [Double]
    /// The upper end of each bar.
    public var high: [Double]
    /// The colour.
    public var color: String

    /// Creates error bars (the three arrays have the same length).
    public init(x: [Double], low: [Double], high: [Double], color: String) {
        self.x = x
        self.low = low
        self.high = high
        self.color = color
    }
}

/// A dotted vertical line at a data x value, with a short label at the top of the plot.
public struct ReferenceLine: Sendable, Equatable {
    /// Where the line is.
    public var x: Double
    /// Its label.
    public var label: String
    /// Its colour.
    public var color: String

    /// Creates a reference line.
    public init(x: Double, label: String, color: String = Palette.ink) {
        self.x = x
        self.label = label
        self.color = color
    }
}

/// A shaded vertical band between two x values (for example a region of lambdas).
public struct Band: Sendable, Equatable {
    /// One end.
    public var from: Double
    /// The other end.
    public var to: Double
    /// The fill colour.
    public var color: String
    /// A label drawn at the band's top left (may be empty).
    public var label: String

    /// Creates a band.
    public init(from: Double, to: Double, color: String = "#EEEEEE", label: String = "") {
        self.from = from
        self.to = to
        self.color = color
        self.label = label
    }
}

/// A text label in the right margin for the end of a series (placed without overlaps).
public struct EndLabel: Sendable, Equatable {
    /// The text.
    public var text: String
    /// The data y value it refers to.
    public var y: Double
    /// The colour.
    public var color: String
    /// Its importance: when not all fit, the most important are kept.
    public var priority: Double

    /// Creates an end label.
    public init(text: String, y: Double, color: String, priority: Double) {
        self.text = text
        self.y = y
        self.color = color
        self.priority = priority
    }
}

/// A secondary axis along the top of the plot: labels at given x values (for example the
/// number of non-zero coefficients along a path).
public struct TopAxis: Sendable, Equatable {
    /// The axis title, drawn to the left of the labels.
    public var title: String
    /// The x values of the ticks.
    public var positions: [Double]
    /// The label of each tick.
    public var labels: [String]

    /// Creates a top axis.
    public init(title: String, positions: [Double], labels: [String]) {
        self.title = title
        self.positions = positions
        self.labels = labels
    }
}

/// Where the legend box goes inside the plot area.
public enum LegendPosition: Sendable, Equatable {
    /// The upper left corner.
    case topLeft
    /// The upper right corner.
    case topRight
    /// The lower left corner.
    case bottomLeft
    /// The lower right corner.
    case bottomRight
}
