/// The prompts: `pipeq(DATASET)> ` (or `pipeq> `) and a continuation prompt `...> ` right-aligned under it.
public struct Prompt: Sendable, Equatable {
    public let main: String
    public let continuation: String

    public init(datasetName: String?) {
        main = datasetName.map { "pipeq(\($0))> " } ?? "pipeq> "
        continuation = String(repeating: " ", count: max(0, main.count - 5)) + "...> "
    }
}
