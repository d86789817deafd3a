import PipeQStorage

extension ExpressionBinder {
    /// For a text column most of whose values are numbers or dates, why it is text, as a hint:
    /// `amount is text because row 17 holds "n/a"` (see `ColumnInfo.textReason`); nil for anything else.
    func textReasonHint(_ bound: BoundExpr?) -> String? {
        guard case .column(let i, .string)? = bound, let reason = schema.fields[i].info.textReason else { return nil }
        return "\(schema.fields[i].name) is \(reason)"
    }
}
