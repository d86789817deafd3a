import PipeQSQL
import PipeQStorage

/// How a database column's type reads in pipeq, and the SQL that gives its value in the compiled statements'
/// conventions (see `SQLDialect`): integers as BIGINT, numbers as DOUBLE PRECISION, datetimes as timestamps
/// holding UTC, intervals as days; any other type as its text.
struct PostgresColumnType {
    let type: DataType
    /// The column's value as SQL over the quoted column name.
    let expression: (String) -> String

    init(typeName: String) {
        switch typeName {
        case "int8": (type, expression) = (.int, { $0 })
        case "int2", "int4", "oid": (type, expression) = (.int, { "CAST(\($0) AS BIGINT)" })
        case "float8": (type, expression) = (.double, { $0 })
        case "float4", "numeric", "money": (type, expression) = (.double, { "CAST(\($0) AS DOUBLE PRECISION)" })
        case "bool": (type, expression) = (.bool, { $0 })
        case "date": (type, expression) = (.date, { $0 })
        case "timestamp": (type, expression) = (.timestamp, { $0 })
        case "timestamptz": (type, expression) = (.timestamp, { "(\($0) AT TIME ZONE 'UTC')" })
        case "interval": (type, expression) = (.duration, { "(EXTRACT(EPOCH FROM \($0)) / 86400.0)" })
        case "text": (type, expression) = (.string, { $0 })
        default: (type, expression) = (.string, { "CAST(\($0) AS TEXT)" })
        }
    }
}
