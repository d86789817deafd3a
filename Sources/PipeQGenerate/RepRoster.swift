/// One synthetic sales rep and the traits that shape their deals.
struct SyntheticRep {
    let name: [UInt8]
    let team: Int
    let quota: Int
    /// Relative share of new deals.
    let weight: Double
    /// Added to the advance probability at every stage.
    let skill: Double
    /// Added to the advance probability per open stage: every rep has one weak stage where they
    /// lose noticeably more deals (the answer to "where does this rep lose deals?").
    let stageSkill: [Double]
    /// Multiplies time in stage (below 1 = fast).
    let speed: Double
}

/// The ≈60 reps in 6 teams, with a visible spread of skill and speed and skewed deal counts.
enum RepRoster {
    static func make(_ random: inout SeededRandom) -> [SyntheticRep] {
        let m = GeneratorModel.self
        let count = m.teams.count * m.repsPerTeam
        var first = Array(m.firstNames.indices)
        var last = Array(m.lastNames.indices)
        random.shuffle(&first)
        random.shuffle(&last)
        // Evenly spread skills, shuffled, so every team has strong and weak reps.
        var skills = (0..<count).map { -0.10 + 0.18 * Double($0) / Double(count - 1) }
        random.shuffle(&skills)
        var reps: [SyntheticRep] = []
        reps.reserveCapacity(count)
        for i in 0..<count {
            let team = i / m.repsPerTeam
            let name = m.firstNames[first[i]] + " " + m.lastNames[last[i]]
            let spread = 0.85 + 0.30 * random.uniform()
            let weight = random.lognormal(mu: 0, sigma: 0.6)
            // a rep who gets more deals carries a bigger quota (weight^0.7 averages 1.09 over the lognormal)
            let size = DeterministicMath.pow(weight, 0.7) / 1.09
            let quota = Int((m.teams[team].quota * spread * size / 1000).rounded()) * 1000
            let skill = skills[i] + random.normal(mean: 0, sd: 0.01)
            var stageSkill = (0..<m.openStageCount).map { _ in random.normal(mean: 0, sd: 0.02) }
            let weak = random.int(below: m.openStageCount)
            stageSkill[weak] -= 0.10 + 0.08 * random.uniform()
            var strong = random.int(below: m.openStageCount)
            if strong == weak { strong = (strong + 2) % m.openStageCount }
            stageSkill[strong] += 0.04
            let speed = random.lognormal(mu: 0, sigma: 0.25)
            reps.append(
                SyntheticRep(
                    name: Array(name.utf8), team: team, quota: quota, weight: weight,
                    skill: skill, stageSkill: stageSkill, speed: speed))
        }
        return reps
    }
}
