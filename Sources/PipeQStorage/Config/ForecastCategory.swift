import Foundation

/// Salesforce's forecast categories: where a rep says an open deal stands (Pipeline, Best Case, Commit), a
/// closed won deal (Closed), or a deal left out of the forecast (Omitted).
public enum ForecastCategory: String, Sendable, CaseIterable {
    case pipeline
    case bestCase = "best case"
    case commit
    case closed
    case omitted

    /// As forecasting tools write it: `Best Case`.
    public var label: String {
        switch self {
        case .pipeline: return "Pipeline"
        case .bestCase: return "Best Case"
        case .commit: return "Commit"
        case .closed: return "Closed"
        case .omitted: return "Omitted"
        }
    }

    /// The spellings a value may have, lower case (what `lower(category)` is compared with): the label, and
    /// Best Case with an underscore or none.
    public var spellings: [String] {
        self == .bestCase ? ["best case", "best_case", "bestcase", "best-case"] : [rawValue]
    }

    /// The category a text names, ignoring case and how Best Case is joined; nil for anything else.
    public init?(text: String) {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        guard let match = Self.allCases.first(where: { $0.spellings.contains(lower) }) else { return nil }
        self = match
    }
}
