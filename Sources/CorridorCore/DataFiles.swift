import Foundation

/// Where Corridor finds the files of its data directory (`GeoData/…`: the embedded network, the map background):
/// one search for all of them.
public enum DataFiles {
    /// The data location `$CORRIDOR_DATA` names, when set and not empty.
    public static var environmentValue: String? {
        guard let value = ProcessInfo.processInfo.environment["CORRIDOR_DATA"], !value.isEmpty else { return nil }
        return value
    }

    /// The file `relative` (a path under the directory holding `GeoData`, e.g. `GeoData/far-east/network.yaml`).
    /// With `$CORRIDOR_DATA` set: first the paths `direct` makes of its value (a file it may name itself), then
    /// `relative` under the value read as the directory holding `GeoData`, as `GeoData`, as a directory in it
    /// (`GeoData/far-east`) or as a file in one (the manifest), and nowhere else. Without it: walking up (12 levels)
    /// from the executable's directory, from `argv[0]`'s, then from the current directory. Nil when absent.
    public static func locate(_ relative: String, direct: (String) -> [String] = { _ in [] }) -> String? {
        if let value = environmentValue {
            var candidates = direct(value)
            var root = value
            for _ in 0..<4 {
                candidates.append((root as NSString).appendingPathComponent(relative))
                root = (root as NSString).deletingLastPathComponent
                if root.isEmpty { root = "." }
            }
            return candidates.first(where: isFile)
        }
        var starts: [URL] = []
        if let exe = Bundle.main.executableURL { starts.append(exe.resolvingSymlinksInPath().deletingLastPathComponent()) }
        if let arg0 = CommandLine.arguments.first, arg0.contains("/") {
            starts.append(URL(fileURLWithPath: arg0).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        starts.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        for start in starts {
            var dir = start
            for _ in 0..<12 {
                let candidate = dir.appendingPathComponent(relative).path
                if isFile(candidate) { return candidate }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return nil
    }

    /// Whether `path` exists and is not a directory.
    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
