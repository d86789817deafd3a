import PipeQCore

/// One simulated deal: its attributes and its path through the stages.
struct SimulatedDeal {
    var rep = 0
    var segment = 0
    var source = 0
    var account = 0
    var product = 0
    var kind = 0
    var cents = 0
    var leadScore = 0
    var createdDay = 0
    /// 0 open, 1 won, 2 lost.
    var status = 0
    /// Current stage index into `GeneratorModel.stages`.
    var stage = 0
    /// Deepest open stage the deal reached (its history has rows 0...lastOpenStage, then a
    /// terminal row when closed).
    var lastOpenStage = 0
    /// `entered[s]` is when the deal entered open stage s; `entered[lastOpenStage + 1]` is the
    /// close time of a closed deal.
    var entered: [Int64] = Array(repeating: 0, count: 6)
    var closeDay = 0
    var stageEnteredDay = 0
    var probabilityPercent = 0
}

/// Draws deals one at a time from a seeded stream.
struct DealSimulator {
    private var random: SeededRandom
    private let reps: [SyntheticRep]
    private let repCumulative: [Double]
    private let teamMix: [[Double]]
    private let sourceCumulative: [Double]
    private let kindCumulative: [Double]
    private let calendar: InflowCalendar
    private let asOfDay: Int
    private let cutoff: Int64
    let accountCount: Int
    /// Remaining typical days from each open stage to the close.
    private let remainingMedianDays: [Double]

    init(random: SeededRandom, reps: [SyntheticRep], calendar: InflowCalendar, asOfDay: Int, accountCount: Int) {
        let m = GeneratorModel.self
        self.random = random
        self.reps = reps
        self.repCumulative = cumulativeSums(reps.map(\.weight))
        self.teamMix = m.teams.map { cumulativeSums($0.mix) }
        self.sourceCumulative = cumulativeSums(m.sourceWeights)
        self.kindCumulative = cumulativeSums(m.kindWeights)
        self.calendar = calendar
        self.asOfDay = asOfDay
        self.cutoff = Int64(asOfDay) * CivilTime.microsPerDay
        self.accountCount = accountCount
        var remaining = m.stageMedianDays
        for s in stride(from: remaining.count - 2, through: 0, by: -1) { remaining[s] += remaining[s + 1] }
        self.remainingMedianDays = remaining
    }

    /// Fills `deal` with the next deal.
    mutating func next(into deal: inout SimulatedDeal) {
        let m = GeneratorModel.self
        let rep = random.pick(cumulative: repCumulative)
        let traits = reps[rep]
        deal.rep = rep
        deal.segment = random.pick(cumulative: teamMix[traits.team])
        deal.source = random.pick(cumulative: sourceCumulative)
        let skew = DeterministicMath.pow(max(random.uniform(), 1e-12), 1.7)
        deal.account = min(Int(Double(accountCount) * skew), accountCount - 1)
        deal.product = random.int(below: m.products.count)
        deal.kind = random.pick(cumulative: kindCumulative)
        deal.createdDay = calendar.sample(&random)

        let median = m.segmentValueMedian[deal.segment]
        let value = min(max(random.lognormal(mu: DeterministicMath.log(median), sigma: 0.85), 1_000), 500_000)
        deal.cents = Int((value * 100).rounded())

        // A latent deal quality drives both the lead score and the chance of advancing.
        let quality = random.normal()
        let score = 50 + 15 * quality + m.sourceScoreShift[deal.source] + 8 * random.normal()
        deal.leadScore = Int(min(max(score.rounded(), 0), 100))

        // Where does the deal drop out? k = stage it is lost at, or 5 = won.
        let sizePenalty = 0.025 * DeterministicMath.log(Double(deal.cents) / 100 / median)
        var k = m.openStageCount
        for s in 0..<m.openStageCount {
            let p = m.advanceProbability[s] + traits.skill + traits.stageSkill[s] + 0.06 * quality - sizePenalty
            if random.uniform() >= min(max(p, 0.05), 0.97) {
                k = s
                break
            }
        }

        // When does it move? Lognormal time in stage; lost deals linger where they die.
        let scale = m.segmentDuration[deal.segment] * traits.speed
        let lastStage = min(k, m.openStageCount - 1)
        var t =
            Int64(deal.createdDay) * CivilTime.microsPerDay + CivilTime.microsPerHour * 8
            + Int64(random.int(below: 10 * 3600)) * CivilTime.microsPerSecond
        deal.entered[0] = t
        for s in 0...lastStage {
            var days = m.stageMedianDays[s] * scale * random.lognormal(mu: 0, sigma: 0.7)
            if s == k { days *= 1.3 }
            days = max(days, 0.04)
            t = businessHours(t + Int64(days * 86_400) * CivilTime.microsPerSecond)
            deal.entered[s + 1] = t
        }
        let closeTime = deal.entered[lastStage + 1]

        if closeTime < cutoff {
            let won = k == m.openStageCount
            deal.status = won ? 1 : 2
            deal.stage = won ? m.wonStage : m.lostStage
            deal.lastOpenStage = lastStage
            deal.closeDay = dayOf(closeTime)
            deal.stageEnteredDay = deal.closeDay
            deal.probabilityPercent = won ? 100 : 0
        } else {
            var current = 0
            while current < lastStage && deal.entered[current + 1] < cutoff { current += 1 }
            deal.status = 0
            deal.stage = current
            deal.lastOpenStage = current
            deal.stageEnteredDay = dayOf(deal.entered[current])
            let remaining = remainingMedianDays[current] * m.segmentDuration[deal.segment]
            var expected = deal.stageEnteredDay + Int((remaining * random.lognormal(mu: 0, sigma: 0.3)).rounded())
            // Most reps push a slipped date forward; some leave it stale in the past.
            if expected <= asOfDay && random.chance(0.7) { expected = asOfDay + random.int(in: 7...74) }
            deal.closeDay = expected
            let draw = random.int(below: 5)
            let tweak = draw == 0 ? -5 : draw == 4 ? 5 : 0
            deal.probabilityPercent = min(max(m.stageProbabilityPercent[current] + tweak, 5), 95)
        }
    }

    private func dayOf(_ micros: Int64) -> Int {
        Int(CivilTime.floorDiv(micros, CivilTime.microsPerDay))
    }

    /// Moves a timestamp forward into business hours (Mon–Fri, 08:00–18:00), on whole seconds.
    private mutating func businessHours(_ micros: Int64) -> Int64 {
        let dayMicros = CivilTime.microsPerDay
        var day = CivilTime.floorDiv(micros, dayMicros)
        var timeOfDay = (micros - day * dayMicros) / CivilTime.microsPerSecond * CivilTime.microsPerSecond
        let open = 8 * CivilTime.microsPerHour
        let close = 18 * CivilTime.microsPerHour
        var moved = false
        if timeOfDay >= close {
            day += 1
            moved = true
        } else if timeOfDay < open {
            moved = true
        }
        while CivilTime.weekday(days: Int(day)) >= 5 {
            day += 1
            moved = true
        }
        if moved {
            timeOfDay = open + Int64(random.int(below: 2 * 3600)) * CivilTime.microsPerSecond
        }
        return day * dayMicros + timeOfDay
    }
}
