import Foundation
import Testing

/// The shell draws charts in ASCII when the locale is not UTF-8: the first of LC_ALL, LC_CTYPE and LANG that
/// is set decides (`ChartStyle.fromEnvironment`, read when the session starts); none set means UTF-8. The width
/// is COLUMNS. The expected drawings are those of Cases/charts.test and charts-ascii.test (72 columns).
@Suite struct ChartCharsetTests {
    static let query = "deals | sum amount by owner | bar sum_amount"

    static let ascii = """
         owner     sum_amount
         Ana Ruiz  ########################################## 87,000
         Li Wei    ##################################################### 110,000
         Sam Ode   ########### 23,000

        """

    static let unicode = """
         owner     sum_amount
         Ana Ruiz  █████████████████████████████████████████▉ 87,000
         Li Wei    █████████████████████████████████████████████████████ 110,000
         Sam Ode   ███████████▏ 23,000

        """

    @Test(
        arguments: [
            (["LC_ALL": "C", "LC_CTYPE": "en_US.UTF-8", "LANG": "en_US.UTF-8"], false),
            (["LC_ALL": nil, "LC_CTYPE": "POSIX", "LANG": "en_US.UTF-8"], false),
            (["LC_ALL": nil, "LC_CTYPE": nil, "LANG": "en_US.ISO-8859-1"], false),
            (["LC_ALL": "C.UTF-8", "LC_CTYPE": nil, "LANG": "C"], true),
            (["LC_ALL": nil, "LC_CTYPE": nil, "LANG": "de_DE.utf8"], true),
            (["LC_ALL": nil, "LC_CTYPE": nil, "LANG": nil], true),
        ] as [([String: String?], Bool)])
    func theLocaleChoosesTheCharacters(_ locale: [String: String?], _ unicode: Bool) throws {
        let environment = locale.merging(["COLUMNS": "72", "NO_COLOR": "1"]) { first, _ in first }
        let result = try PipeQProcess.run([PipeQProcess.fixture, "-c", Self.query], environment: environment)
        #expect(result.stdout == (unicode ? Self.unicode : Self.ascii), "\(locale): \(result)")
        #expect(result.status == 0)
    }
}
