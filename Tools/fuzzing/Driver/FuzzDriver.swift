import CorridorFuzz
import Foundation

// The libFuzzer entry point: `Tools/fuzz` builds this driver with `-sanitize=fuzzer` (libFuzzer's main) and
// `-D CORRIDOR_LIBFUZZER`, and picks the target with CORRIDOR_FUZZ_TARGET. Built normally, the driver replays
// files instead: `corridor-fuzz TARGET FILE...` runs each file through the target once (how a saved crash is
// reproduced without the fuzzing engine).

let fuzzTarget = ProcessInfo.processInfo.environment["CORRIDOR_FUZZ_TARGET"] ?? ""

@_cdecl("LLVMFuzzerTestOneInput")
public func corridorFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if !FuzzTargets.run(fuzzTarget, bytes) {
        FileHandle.standardError.write(Data("corridor-fuzz: set CORRIDOR_FUZZ_TARGET to one of \(FuzzTargets.names.joined(separator: ", "))\n".utf8))
        exit(64)
    }
    return 0
}

#if CORRIDOR_LIBFUZZER
// SwiftPM links an executable with `main` aliased to `<module>_main` (so that tests can link the module), which
// would hide libFuzzer's own `main`; this entry point hands the arguments to libFuzzer's driver instead.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("CorridorFuzzDriver_main")
func corridorFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return llvmFuzzerRunDriver(&count, &arguments) { data, size in corridorFuzzOneInput(data, size) }
}
#else
@main
struct FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let target = arguments.first, FuzzTargets.names.contains(target), arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: corridor-fuzz TARGET FILE... (targets: \(FuzzTargets.names.joined(separator: ", ")))\n".utf8))
            exit(64)
        }
        for file in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("corridor-fuzz: cannot read \(file)\n".utf8))
                exit(66)
            }
            FuzzTargets.run(target, [UInt8](data))
            print("ok \(target) \(file)")
        }
    }
}
#endif
