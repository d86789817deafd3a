extension Table {
    /// The column naming the lead a row came from: one playing the lead_id role, else one named as a lead id
    /// (`lead_id`, `mql_id`, …) whatever role it plays (Olist's closed deals use their mql_id as their id).
    public var leadReference: Int? {
        if let i = fieldIndex(role: .leadId) { return i }
        return fields.firstIndex {
            RoleSynonyms.leadIdNames.contains(RoleSynonyms.normalise($0.info.name))
                && RoleSynonyms.accepts(.leadId, $0.type)
        }
    }
}
