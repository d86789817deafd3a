import PipeQCore
import PipeQRender

extension MetaCommand {
    /// `.stages`: the pipeline's stage order, won/lost stages and probabilities.
    static let stages = MetaCommand(
        name: ".stages", usage: ".stages", summary: "show pipeline stages, outcomes and probabilities"
    ) { (call: MetaInvocation) throws(Diagnostic) in
        let stages = call.session.engine.catalog.stages
        guard !stages.stages.isEmpty else {
            call.write("no pipeline stages known — load a deals table or add a pipeline.toml\n")
            return
        }
        call.write(SchemaRenderer.render([], stages: stages))
    }
}
