/// The prompts: `pipeq(DATASET)> ` (or `pipeq> `) and a continuation prompt `...> ` right-aligned under it.
public struct Prompt: Sendable, Equatable {
    /// The prompt for a new entry.
    public let main: String
    /// The prompt for further lines of a multi-line entry, as wide as `main`.
    public let continuation: String

    /// Prompts for a dataset (the catalog's `datasetName`), or plain `pipeq> ` without one.

    public init(datasetName: String?) {
        main = datasetName.map { "pipeq(\($0))> " } ?? "pipeq> "
        continuation = String(repeating: " ", count: max(0, main.count - 5)) + "...> "
    }
}
