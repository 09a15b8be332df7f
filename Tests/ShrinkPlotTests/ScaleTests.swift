import Testing
@testable import ShrinkPlot

@Suite struct ScaleTests {
    @Test func linearMapsEndsAndMidpoint() {
        let s = Scale(kind: .linear, domain: (0, 10), range: (50, 550))
        #expect(s.pixel(0) == 50)
        #expect(s.pixel(10) == 550)
        #expect(s.pixel(5) == 300)
        #expect(s.value(atPixel: 300) == 5)
    }

    @Test func verticalAxisIsFlipped() {
        let s = Scale(kind: .linear, domain: (-1, 1), range: (400, 20))
        #expect(s.pixel(-1) == 400)
        #expect(s.pixel(1) == 20)
        #expect(s.pixel(0) == 210)
    }

    @Test func logScaleSpacesRatiosEqually() {
        let s = Scale(kind: .log, domain: (0.01, 100), range: (0, 400))
        #expect(abs(s.pixel(0.01) - 0) < 1e-9)
        #expect(abs(s.pixel(0.1) - 100) < 1e-9)
        #expect(abs(s.pixel(1) - 200) < 1e-9)
        #expect(abs(s.pixel(100) - 400) < 1e-9)
        #expect(s.pixel(0).isNaN)
        #expect(s.pixel(-3).isNaN)
        #expect(abs(s.value(atPixel: 300) - 10) < 1e-9)
    }

    @Test func reversedDomainReversesTheAxis() {
        let s = Scale(kind: .log, domain: (100, 1), range: (0, 200))
        #expect(abs(s.pixel(100)) < 1e-9)
        #expect(abs(s.pixel(1) - 200) < 1e-9)
        #expect(s.ticks() == [1, 10, 100])
    }

    @Test func paddingWidensTheRange() {
        let (a, b) = Scale.padded(0, 10, kind: .linear, fraction: 0.1)
        #expect(a == -1 && b == 11)
        let (c, d) = Scale.padded(1, 100, kind: .log, fraction: 0.5)
        #expect(abs(c - 0.1) < 1e-12 && abs(d - 1000) < 1e-9)
        let (e, f) = Scale.padded(0, 0, kind: .linear)
        #expect(e == -1 && f == 1)
    }
}
