import CCLP

extension LinearModel {
    /// Reads an MPS file (fixed or free format) through CLP's reader (CoinMpsIO). Used by the tests to read back what
    /// `mps()` writes with a parser that is not ours. The objective sense of an `OBJSENSE` section is honoured when
    /// CLP reports it. O(file size).
    static func readMPS(path: String) throws(SolverError) -> LinearModel {
        guard let clp = Clp_newModel() else { throw .notSolved(.other("CLP could not create a model")) }
        defer { Clp_deleteModel(clp) }
        Clp_setLogLevel(clp, 0)
        guard Clp_readMps(clp, path, 1, 0) == 0 else { throw .io("CLP cannot read \(path) as MPS") }
        let n = Int(Clp_getNumCols(clp)), m = Int(Clp_getNumRows(clp))
        var model = LinearModel(sense: Clp_getObjSense(clp) < 0 ? .maximize : .minimize)
        func uncoin(_ value: Double) -> Double {
            value >= 1e30 ? .infinity : (value <= -1e30 ? -.infinity : value)
        }
        let nameLength = Int(Clp_lengthNames(clp))
        var buffer = [CChar](repeating: 0, count: max(nameLength, 255) + 1)
        let integers = Clp_integerInformation(clp)
        let columnLower = Clp_getColLower(clp)!, columnUpper = Clp_getColUpper(clp)!
        let objective = Clp_getObjCoefficients(clp)!
        for j in 0..<n {
            var name = ""
            if nameLength > 0 {
                Clp_columnName(clp, Int32(j), &buffer)
                name = cName(buffer)
            }
            let integral = integers.map { $0[j] != 0 } ?? false
            model.addColumn(name: name, lower: uncoin(columnLower[j]), upper: uncoin(columnUpper[j]),
                            objective: objective[j], kind: integral ? .integer : .continuous)
        }
        let rowLower = Clp_getRowLower(clp)!, rowUpper = Clp_getRowUpper(clp)!
        for i in 0..<m {
            var name = ""
            if nameLength > 0 {
                Clp_rowName(clp, Int32(i), &buffer)
                name = cName(buffer)
            }
            model.addRow(name: name, lower: uncoin(rowLower[i]), upper: uncoin(rowUpper[i]))
        }
        let starts = Clp_getVectorStarts(clp)!, lengths = Clp_getVectorLengths(clp)!
        let indices = Clp_getIndices(clp)!, elements = Clp_getElements(clp)!
        for j in 0..<n {
            let begin = Int(starts[j])
            for k in begin..<(begin + Int(lengths[j])) {
                model.addCoefficient(row: Row(Int(indices[k])), column: Column(j), value: elements[k])
            }
        }
        return model
    }
}

private func cName(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
