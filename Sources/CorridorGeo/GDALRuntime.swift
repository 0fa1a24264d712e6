import CGDAL
import Foundation

/// One-time GDAL setup and capture of GDAL's error messages.
///
/// GDAL reports errors through a per-thread handler stack. We install a quiet global handler once (so GDAL never
/// prints to stderr behind our back) and, around each operation, push a collecting handler whose user data is a
/// `GDALMessages` box; the messages become `GeoError` reasons.
enum GDALRuntime {
    /// GDALAllRegister is not safe to race; a `static let` initializer runs exactly once, thread-safely.
    static let ready: Void = {
        CPLSetErrorHandler(quietHandler)
        GDALAllRegister()
    }()

    static func ensureReady() { _ = ready }

    /// Runs `body` with GDAL's messages collected into a fresh box (on this thread only).
    static func capturing<T, E: Error>(_ body: (GDALMessages) throws(E) -> T) throws(E) -> T {
        ensureReady()
        let messages = GDALMessages()
        let unmanaged = Unmanaged.passRetained(messages)
        CPLErrorReset()
        CPLPushErrorHandlerEx(collectingHandler, unmanaged.toOpaque())
        defer {
            CPLPopErrorHandler()
            unmanaged.release()
        }
        return try body(messages)
    }
}

private let quietHandler: CPLErrorHandler = { _, _, _ in }

private let collectingHandler: CPLErrorHandler = { errorClass, _, message in
    guard let user = CPLGetErrorHandlerUserData() else { return }
    let box = Unmanaged<GDALMessages>.fromOpaque(user).takeUnretainedValue()
    box.record(errorClass, message.map { String(cString: $0) } ?? "")
}

/// Messages GDAL emitted during one operation (one thread).
final class GDALMessages {
    private(set) var failures: [String] = []
    private(set) var warnings: [String] = []

    var hasFailure: Bool { !failures.isEmpty }

    func record(_ errorClass: CPLErr, _ text: String) {
        switch errorClass {
        case CE_Failure, CE_Fatal: failures.append(text)
        case CE_Warning: warnings.append(text)
        default: break
        }
    }

    func clear() {
        failures.removeAll(keepingCapacity: true)
        warnings.removeAll(keepingCapacity: true)
    }

    /// All failure texts (deduplicated, in order), else warnings, else `fallback`.
    func reason(or fallback: String) -> String {
        var seen = Set<String>()
        let texts = (failures.isEmpty ? warnings : failures).filter { !$0.isEmpty && seen.insert($0).inserted }
        return texts.isEmpty ? fallback : texts.joined(separator: "; ")
    }
}

/// Takes ownership of a CPL-allocated C string.
func takeCPLString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
    guard let pointer else { return nil }
    defer { VSIFree(pointer) }
    return String(cString: pointer)
}

/// Runs `body` with a NULL-terminated `char**` list built from Swift strings (GDAL "KEY=VALUE" options).
func withCStringList<T>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> T)
    rethrows -> T
{
    if strings.isEmpty { return try body(nil) }
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return try pointers.withUnsafeMutableBufferPointer { try body($0.baseAddress) }
}

/// `const char* const*` flavour of `withCStringList` (GDAL declares some option lists const).
func withConstCStringList<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> T) rethrows
    -> T
{
    try withCStringList(strings) { list in
        try body(list.map { UnsafeRawPointer($0).assumingMemoryBound(to: UnsafePointer<CChar>?.self) })
    }
}
