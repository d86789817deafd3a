/// What a pipeline verb takes after its word: the option words its binder accepts, what may follow "by", and
/// any other operand. The binders check option words against this, and completion offers all of it.
public struct VerbArguments: Sendable, Equatable {
    /// What may follow "by".
    public enum Keys: Sendable, Equatable {
        /// The verb takes no "by".
        case none
        /// Grouping keys: columns or named expressions, as after an aggregate's "by".
        case columns
        /// One calendar period (week, month, quarter, year: the engine's `VerbRegistry.periodWords`).
        case period
        /// The unit-economics keys, comma-separated, each at most once: `source` and a period (month, quarter,
        /// year), or only `source` when `periods` is false (ltv).
        case sourceOrPeriod(periods: Bool)
    }

    /// An operand besides option words and "by".
    public enum Operand: Sendable, Equatable {
        /// A rep of the input's rep column: `compare "NAME"` or `compare rep = "NAME"`.
        case rep
        /// Another table and the column both have: `join TABLE on COLUMN`.
        case tableOnColumn
        /// A period between two dates: `from DATE to DATE`.
        case dateRange
        /// A table or `let` name: `append NAME`.
        case table
        /// A column of the input: `pivot COLUMN`.
        case column
        /// Number columns of the input, comma-separated (`growth sum_value, count`); none means all of them.
        case measures
        /// `for PERIOD`: a quarter, month or year (`for 2026-Q1`, `for 2026-03`, `for 2026`).
        case period
    }

    /// Bare option words (`strict`, `summary`), each at most once, before any "by".
    public var options: [String]
    public var keys: Keys
    public var operand: Operand?

    public init(options: [String] = [], keys: Keys = .none, operand: Operand? = nil) {
        self.options = options
        self.keys = keys
        self.operand = operand
    }

    /// No options, no "by", nothing else (also what every stage that is not a verb takes).
    public static let none = VerbArguments()
    /// Only "by KEY, …".
    public static let grouping = VerbArguments(keys: .columns)
}
