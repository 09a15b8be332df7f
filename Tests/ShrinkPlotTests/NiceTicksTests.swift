import Testing
@testable import ShrinkPlot

@Suite struct NiceTicksTests {
    @Test func linearTicksUseOneTwoFiveSteps() {
        #expect(NiceTicks.linear(0, 10, target: 5) == [0, 2, 4, 6, 8, 10])
        #expect(NiceTicks.linear(0, 1, target: 5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(NiceTicks.linear(-3.7, 12.2, target: 4) == [0, 5, 10])
        #expect(NiceTicks.linear(2900, 3600, target: 5) == [3000, 3200, 3400, 3600])
        #expect(NiceTicks.linear(0.001, 0.0042, target: 4) == [0.001, 0.002, 0.003, 0.004])
        #expect(NiceTicks.linear(-1, 1, target: 4) == [-1, -0.5, 0, 0.5, 1])
    }

    @Test func stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(NiceTicks.step(span: 10, target: 5) == 2)
        #expect(NiceTicks.step(span: 7, target: 5) == 2)
        #expect(NiceTicks.step(span: 30, target: 5) == 10)
        #expect(NiceTicks.step(span: 0.3, target: 5) == 0.1)
        #expect(NiceTicks.step(span: 1234, target: 5) == 500)
    }

    @Test func ticksPrintExactly() {
        // 0.1 * 3 is 0.30000000000000004 in binary; the tick must be the double nearest 0.3.
        let t = NiceTicks.linear(0, 0.6, target: 6)
        #expect(t.contains(0.3))
        #expect(t.map { SVGText.number($0) } == ["0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6"])
    }

    @Test func degenerateRangeGetsOneTick() {
        #expect(NiceTicks.linear(5, 5) == [5])
        #expect(NiceTicks.linear(.nan, 1) == [])
    }

    @Test func logTicksArePowersOfTen() {
        #expect(NiceTicks.log(0.01, 1000) == [0.01, 0.1, 1, 10, 100, 1000])
        #expect(NiceTicks.log(0.05, 200) == [0.1, 1, 10, 100])
    }

    @Test func shortLogRangesGetTwosAndFives() {
        #expect(NiceTicks.log(0.3, 30) == [0.5, 1, 2, 5, 10, 20])
        #expect(NiceTicks.log(1.5, 4.5) == [2, 3, 4])  // inside one 1-2-5 interval: linear ticks
    }

    @Test func manyDecadesAreThinned() {
        let t = NiceTicks.log(1e-10, 1e10, maxTicks: 8)
        #expect(t.count <= 8)
        #expect(t.contains(1))
        #expect(t == [1e-9, 1e-6, 1e-3, 1, 1e3, 1e6, 1e9])
    }
}
