import CorridorCore
import Foundation

/// Leaflet's JavaScript, CSS and licence notice, inlined into the interactive map page. Read at run time from
/// Debian's `libjs-leaflet` (BSD-2-Clause; `Tools/setup` installs it): `/usr/share/javascript/leaflet`, or the
/// directory in `$CORRIDOR_LEAFLET_DIR`.
public struct LeafletAssets: Sendable {
    /// `leaflet.min.js` (or `leaflet.js`).
    public var script: String
    /// `leaflet.css`.
    public var stylesheet: String
    /// The copyright and licence notice kept with the inlined code.
    public var notice: String
    /// Memberwise initializer.
    public init(script: String, stylesheet: String, notice: String) {
        self.script = script; self.stylesheet = stylesheet; self.notice = notice
    }

    /// The system's Leaflet.
    /// - Throws: `MapPageError.leafletMissing` when it is not installed.
    public static func system() throws(MapPageError) -> LeafletAssets {
        let dir = ProcessInfo.processInfo.environment["CORRIDOR_LEAFLET_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "/usr/share/javascript/leaflet"
        func read(_ name: String) -> String? {
            FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent(name)).map { String(decoding: $0, as: UTF8.self) }
        }
        guard let script = read("leaflet.min.js") ?? read("leaflet.js"), let css = read("leaflet.css") else {
            throw .leafletMissing(directory: dir)
        }
        return LeafletAssets(script: script, stylesheet: css, notice: notice)
    }

    /// Leaflet's notice (its LICENSE, BSD-2-Clause), as the Debian package states it.
    public static let notice = """
        Leaflet, a JavaScript library for interactive maps. https://leafletjs.com
        Copyright (c) 2010-2019, Vladimir Agafonkin. Copyright (c) 2010-2011, CloudMade. All rights reserved.

        Redistribution and use in source and binary forms, with or without modification, are permitted provided
        that the following conditions are met:
        1. Redistributions of source code must retain the above copyright notice, this list of conditions and the
           following disclaimer.
        2. Redistributions in binary form must reproduce the above copyright notice, this list of conditions and
           the following disclaimer in the documentation and/or other materials provided with the distribution.

        THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED
        WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A
        PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY
        DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO,
        PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
        HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING
        NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
        POSSIBILITY OF SUCH DAMAGE.
        """
}

/// Why an interactive map page cannot be written.
public enum MapPageError: CorridorError, Sendable, Equatable {
    /// Leaflet is not installed where it is looked for.
    case leafletMissing(directory: String)
    /// The page has nothing to show.
    case nothingToShow

    /// One line: what, then where.
    public var description: String {
        switch self {
        case let .leafletMissing(directory):
            return "Leaflet not found (install Debian's libjs-leaflet, e.g. by Tools/setup, or set CORRIDOR_LEAFLET_DIR): \(directory)"
        case .nothingToShow: return "nothing to show on the map page"
        }
    }

    /// Missing Leaflet is missing input (66); an empty page is bad data (65).
    public var exitStatus: ExitStatus {
        switch self {
        case .leafletMissing: return .noInput
        case .nothingToShow: return .dataError
        }
    }
}
